import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MailMessage, sendMail as SendMail } from "@/lib/mail/service";
import {
  accountAlreadyExists,
  eventInvite,
  magicLink,
  resetPasswordCode,
  verifyEmailCode,
  waitlistPromoted,
  type MailContent,
} from "@/lib/mail/templates";
import { codeFrom, startSmtpSink, waitForMailInDir, type SmtpSink } from "@/tests/support/smtp-sink";

// Mail goes through nodemailer to a real SMTP server started here. env() caches on its first call,
// so SMTP_URL is set before the service module (and with it lib/env) is imported.

const appUrl = "http://localhost:3000";
const hostileTitle = `<script>alert(1)</script> & "x"`;

let sink: SmtpSink;
let sendMail: typeof SendMail;

beforeAll(async () => {
  sink = await startSmtpSink({ port: 0 });
  process.env.SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
  process.env.MAIL_FROM = "Invyta Test <no-reply@invyta.test>";
  ({ sendMail } = await import("@/lib/mail/service"));
});

afterAll(async () => {
  await sink?.stop();
});

let n = 0;
const recipient = () => `mail-${Date.now()}-${++n}@example.com`;

async function sendAndReceive(content: MailContent) {
  const to = recipient();
  const msg: MailMessage = { to, ...content };
  await sendMail(msg);
  return { to, mail: await sink.waitFor((m) => m.to.includes(to)) };
}

describe("sendMail over SMTP", async () => {
  it("runs the sink on the real port it picked for port 0", () => {
    expect(sink.port).toBeGreaterThan(0);
  });

  it.each([
    ["verifyEmailCode", await verifyEmailCode({ code: "246810", appUrl }), "246810"],
    ["resetPasswordCode", await resetPasswordCode({ code: "135790", appUrl }), "135790"],
  ])("delivers %s with both parts and an extractable code", async (_name, content, code) => {
    const { to, mail } = await sendAndReceive(content);
    expect(mail.to).toEqual([to]);
    expect(mail.from).toContain("no-reply@invyta.test");
    expect(mail.subject).toBe(content.subject);
    expect(mail.text).toContain(code);
    expect(mail.html).toContain(code);
    expect(mail.html).toContain('<html lang="en">');
    expect(codeFrom(mail)).toBe(code);
  });

  it.each([
    ["accountAlreadyExists", await accountAlreadyExists({ appUrl })],
    ["magicLink", await magicLink({ url: `${appUrl}/api/auth/callback/email?token=abc&email=x`, appUrl })],
    ["waitlistPromoted", await waitlistPromoted({ eventTitle: "Board games", eventUrl: `${appUrl}/events/1` })],
    [
      "eventInvite",
      await eventInvite({
        eventTitle: "Board games",
        startsAtText: "Fri, 4 July 2025, 19:00 (Asia/Kolkata)",
        location: "Cafe",
        inviteLink: `${appUrl}/events/join?event_id=1&token=t`,
        qrPngDataUrl: "data:image/png;base64,iVBORw0KGgo=",
        inviterName: "Ana",
      }),
    ],
  ])("delivers %s with a text and an html part", async (_name, content) => {
    const { to, mail } = await sendAndReceive(content);
    expect(mail.to).toEqual([to]);
    expect(mail.subject).toBe(content.subject);
    expect(mail.text.trim()).not.toBe("");
    expect(mail.html).toContain("<h1");
    expect(mail.date).toBeInstanceOf(Date);
    expect(() => codeFrom(mail)).toThrow(/No 6-digit code/);
  });

  it("keeps HTML in an event title escaped all the way to the inbox", async () => {
    const content = await eventInvite({
      eventTitle: hostileTitle,
      startsAtText: "tomorrow",
      location: "here",
      inviteLink: `${appUrl}/events/join?event_id=1&token=t`,
    });
    const { mail } = await sendAndReceive(content);
    expect(mail.subject).toBe(`You're invited to ${hostileTitle}`);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;");
    expect(mail.text).toContain(hostileTitle);
  });

  it("throws a clear error and logs no body when the SMTP server is unreachable", async () => {
    const deadPort = await freePort();
    vi.resetModules();
    vi.stubEnv("SMTP_URL", `smtp://127.0.0.1:${deadPort}`);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const fresh = await import("@/lib/mail/service");
      const content = await verifyEmailCode({ code: "112233", appUrl });
      await expect(fresh.sendMail({ to: "nobody@example.com", ...content })).rejects.toThrow(
        /^Could not send mail to nobody@example\.com: .*ECONNREFUSED/,
      );
      const logged = errors.mock.calls.flat().map(String).join("\n");
      expect(logged).toContain("nobody@example.com");
      expect(logged).not.toContain("112233");
    } finally {
      errors.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});

describe("the SMTP connection", () => {
  it("is kept for the next mail: three mails in a row open one connection", async () => {
    // A fresh module and sink: the pool of the module above has a connection open already.
    const own = await startSmtpSink({ port: 0 });
    vi.resetModules();
    vi.stubEnv("SMTP_URL", `smtp://127.0.0.1:${own.port}`);
    try {
      const fresh = await import("@/lib/mail/service");
      const content = await verifyEmailCode({ code: "445566", appUrl });
      for (const to of ["a@example.com", "b@example.com", "c@example.com"]) await fresh.sendMail({ to, ...content });
      expect(own.messages().map((m) => m.to[0])).toEqual(["a@example.com", "b@example.com", "c@example.com"]);
      expect(own.connections()).toBe(1);
    } finally {
      vi.unstubAllEnvs();
      await own.stop();
    }
  });

  it("gives up on a server that accepts but never greets, after 10 s rather than nodemailer's default of minutes", { timeout: 30_000 }, async () => {
    const sockets = new Set<import("node:net").Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    vi.resetModules();
    vi.stubEnv("SMTP_URL", `smtp://127.0.0.1:${(silent.address() as { port: number }).port}`);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const fresh = await import("@/lib/mail/service");
      const started = Date.now();
      await expect(fresh.sendMail({ to: "slow@example.com", subject: "s", text: "t", html: "<p>t</p>" })).rejects.toThrow(/Greeting never received|timeout/i);
      expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      errors.mockRestore();
      vi.unstubAllEnvs();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe("the SMTP sink's mail directory", () => {
  it("writes each message as JSON that another process can wait for, and clear() removes it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "invyta-mail-"));
    const dirSink = await startSmtpSink({ port: 0, dir });
    const transport = createTransport({ url: `smtp://user:pass@127.0.0.1:${dirSink.port}` });
    try {
      const to = recipient();
      const content = await verifyEmailCode({ code: "555000", appUrl });
      const waiting = waitForMailInDir(dir, (m) => m.to.includes(to), 5_000);
      await transport.sendMail({ from: "a@example.com", to, ...content });

      const mail = await waiting;
      expect(codeFrom(mail)).toBe("555000");
      expect(mail.date).toBeInstanceOf(Date);
      expect(mail.html).toContain("555000");
      expect(await readdir(dir)).toEqual([expect.stringMatching(/^\d+-[0-9a-f]+\.json$/)]);

      dirSink.clear();
      expect(dirSink.messages()).toEqual([]);
      await expect.poll(() => readdir(dir)).toEqual([]);
      await expect(waitForMailInDir(dir, () => true, 300)).rejects.toThrow(/No matching mail/);
    } finally {
      transport.close();
      await dirSink.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** A port nothing listens on: bind to 0, read it, release it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
