import "server-only";
import { createTransport, type Transporter } from "nodemailer";
import SMTPPool from "nodemailer/lib/smtp-pool/index.js";
import type { ObjectId } from "mongodb";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { NotFound } from "@/lib/errors";

// Outgoing mail. With SMTP_URL: nodemailer over SMTP. Without it (development only — env.ts requires
// SMTP_URL in production): the dev outbox, a collection a developer reads in the terminal or at
// /dev/outbox, so sign-up works on a fresh machine.

/** `content` is text, or base64 with `encoding: "base64"`; `cid` makes it an inline image the HTML shows as `cid:<cid>`. */
export type MailAttachment = { filename: string; contentType: string; content: string; encoding?: "base64"; cid?: string };

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra header lines, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
  /** An iTIP calendar part (RFC 6047): calendar apps offer to add, update or cancel the event. */
  calendar?: { method: "PUBLISH" | "REQUEST" | "CANCEL"; content: string; filename: string };
};

export type DevOutboxEntry = MailMessage & { id: string; created_at: Date };
type DevOutboxDoc = MailMessage & { _id: ObjectId; created_at: Date };

const DEV_OUTBOX = "dev_outbox";

type TransportState = { url: string; transport: Transporter };
const g = globalThis as typeof globalThis & { __invytaMail?: TransportState };

/**
 * One transport per process, made on first send: `next build` imports this module without an
 * environment, and dev hot reload must not open more. Keyed by URL so a changed SMTP_URL is honoured.
 *
 * A pool of up to 5 connections, each reused for up to 100 mails: a server's greeting comes after a
 * pause (smtp-server waits 100 ms to catch clients that talk too soon, as Postfix's postscreen does),
 * which a sign-up code would otherwise wait for every time. An idle connection closes after
 * socketTimeout; the next mail opens another. The pool is built here rather than by
 * createTransport({url, …}), which reads only the URL and drops every other option: the bounded
 * timeouts below (nodemailer's defaults are minutes and would hold a request open on a dead
 * server) took no effect that way.
 */
function transport(url: string): Transporter {
  if (g.__invytaMail?.url !== url) {
    g.__invytaMail?.transport.close();
    const created = createTransport(new SMTPPool({ url, pool: true, maxConnections: 5, maxMessages: 100, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }));
    g.__invytaMail = { url, transport: created };
  }
  return g.__invytaMail.transport;
}

export async function sendMail(msg: MailMessage): Promise<void> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (SMTP_URL) await sendSmtp(SMTP_URL, MAIL_FROM, msg);
  else await storeInDevOutbox(msg);
}

async function sendSmtp(url: string, from: string, msg: MailMessage): Promise<void> {
  try {
    await transport(url).sendMail({
      from,
      to: msg.to,
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
      headers: msg.headers,
      attachments: msg.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content, encoding: a.encoding, cid: a.cid })),
      icalEvent: msg.calendar ? { method: msg.calendar.method, content: msg.calendar.content, filename: msg.calendar.filename } : undefined,
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    // The body may hold a sign-in code or link: it never goes to the log.
    console.error(`[invyta] mail to ${msg.to} ("${msg.subject}") failed: ${reason}`);
    throw new Error(`Could not send mail to ${msg.to}: ${reason}`, { cause: err });
  }
}

async function storeInDevOutbox(msg: MailMessage): Promise<void> {
  const outbox = (await db()).collection<Omit<DevOutboxDoc, "_id">>(DEV_OUTBOX);
  const { to, subject, text, html } = msg;
  await outbox.insertOne({ to, subject, text, html, created_at: new Date() });
  // Development only: the body is logged so a sign-up code can be read in the terminal.
  console.info(`[invyta] dev outbox: to ${to} "${subject}": ${text.trim().replace(/\s*\n\s*/g, " / ")}`);
}

/** The dev outbox, newest first. Not a thing in production. */
export async function listDevOutbox(limit = 50): Promise<DevOutboxEntry[]> {
  if (process.env.NODE_ENV === "production") throw new NotFound();
  const n = Math.min(Math.max(Math.trunc(limit) || 1, 1), 200);
  const docs = await (await db())
    .collection<DevOutboxDoc>(DEV_OUTBOX)
    .find({})
    .sort({ created_at: -1, _id: -1 })
    .limit(n)
    .toArray();
  return docs.map(({ _id, to, subject, text, html, created_at }) => ({ id: _id.toHexString(), to, subject, text, html, created_at }));
}
