import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

// A real SMTP server for tests: the app sends through nodemailer exactly as in production, and the
// test reads what arrived. With `dir`, each message is also written as JSON so another process
// (a Playwright worker, while the sink runs in global setup) can wait for it.

export type ReceivedAttachment = { filename: string | null; contentType: string; content: string };
export type ReceivedMail = {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  date: Date;
  /** Header lines by lower-case name (the first of each), as sent. */
  headers: Record<string, string>;
  /** Attached files and calendar parts, as text. */
  attachments: ReceivedAttachment[];
};
export type MailPredicate = (m: ReceivedMail) => boolean;

export type SmtpSink = {
  port: number;
  messages(): ReceivedMail[];
  /** Connections opened to it so far. */
  connections(): number;
  /** The newest message matching, waiting for one to arrive if none has yet. */
  waitFor(predicate: MailPredicate, timeoutMs?: number): Promise<ReceivedMail>;
  clear(): void;
  stop(): Promise<void>;
};

type Waiter = { predicate: MailPredicate; resolve: (m: ReceivedMail) => void };

export async function startSmtpSink(opts: { port?: number; host?: string; dir?: string } = {}): Promise<SmtpSink> {
  const { port = 0, host = "127.0.0.1", dir } = opts;
  if (dir) await mkdir(dir, { recursive: true });

  const received: ReceivedMail[] = [];
  const written: string[] = [];
  const waiters = new Set<Waiter>();
  let opened = 0;

  const deliver = async (mail: ReceivedMail) => {
    received.push(mail);
    if (dir) written.push(await writeMailFile(dir, mail));
    for (const w of waiters) {
      if (w.predicate(mail)) {
        waiters.delete(w);
        w.resolve(mail);
      }
    }
  };

  const server = new SMTPServer({
    authOptional: true,
    // Any credentials in SMTP_URL are accepted, over plain TCP: this is a local test server.
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? "test" }),
    disabledCommands: ["STARTTLS"],
    secure: false,
    logger: false,
    // No reverse DNS lookup of each client: a test server has no use for the name. (It does not
    // shorten the greeting: smtp-server always waits 100 ms first, to catch clients that talk too soon.)
    disableReverseLookup: true,
    closeTimeout: 1_000,
    onConnect(_session, callback) {
      opened++;
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) =>
          deliver({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: parsed.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ""),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: parsed.html || "",
            date: parsed.date ?? new Date(),
            headers: Object.fromEntries(parsed.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(":") + 1).trim()])),
            attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, content: a.content.toString("utf8") })),
          }),
        )
        .then(() => callback(), callback);
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // After start, a connection-level error (a client hanging up) must not crash the test run.
  server.on("error", () => {});
  const actualPort = (server.server.address() as AddressInfo).port;

  return {
    port: actualPort,
    messages: () => [...received],
    connections: () => opened,
    waitFor(predicate, timeoutMs = 10_000) {
      const found = newestMatch(received, predicate);
      if (found) return Promise.resolve(found);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching mail within ${timeoutMs} ms. Received:\n${describe(received)}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    clear() {
      received.length = 0;
      const files = written.splice(0);
      if (dir) for (const f of files) void rm(join(dir, f), { force: true });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls a sink's `dir` for the newest matching message: for processes that do not own the sink. */
export async function waitForMailInDir(dir: string, predicate: MailPredicate, timeoutMs = 15_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  const cache = new Map<string, ReceivedMail>();
  for (;;) {
    const mails = await readMailDir(dir, cache);
    const found = newestMatch(mails, predicate);
    if (found) return found;
    if (Date.now() >= deadline) {
      throw new Error(`No matching mail in ${dir} within ${timeoutMs} ms. Received:\n${describe(mails)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The 6-digit code of a sign-up or reset mail: preferably the one on a line of its own. */
export function codeFrom(mail: ReceivedMail): string {
  const code = /^\s*(\d{6})\s*$/m.exec(mail.text)?.[1] ?? /\b(\d{6})\b/.exec(mail.text)?.[1];
  if (!code) throw new Error(`No 6-digit code in mail "${mail.subject}" to ${mail.to.join(", ")}:\n${mail.text}`);
  return code;
}

function newestMatch(mails: ReceivedMail[], predicate: MailPredicate): ReceivedMail | undefined {
  for (let i = mails.length - 1; i >= 0; i--) {
    const m = mails[i]!;
    if (predicate(m)) return m;
  }
  return undefined;
}

function describe(mails: ReceivedMail[]): string {
  return mails.length ? mails.map((m) => `  - to ${m.to.join(", ")}: ${m.subject}`).join("\n") : "  (nothing)";
}

async function writeMailFile(dir: string, mail: ReceivedMail): Promise<string> {
  const name = `${Date.now()}-${randomBytes(4).toString("hex")}.json`;
  // Written under a temporary name and renamed, so a poller never reads half a file.
  const tmp = join(dir, `.${name}.tmp`);
  await writeFile(tmp, JSON.stringify(mail));
  await rename(tmp, join(dir, name));
  return name;
}

async function readMailDir(dir: string, cache: Map<string, ReceivedMail>): Promise<ReceivedMail[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /^\d+-[0-9a-f]+\.json$/.test(n));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  // File names start with the arrival time, so name order is arrival order (ties aside).
  names.sort((a, b) => Number(a.split("-")[0]) - Number(b.split("-")[0]) || a.localeCompare(b));
  const mails: ReceivedMail[] = [];
  for (const name of names) {
    let mail = cache.get(name);
    if (!mail) {
      try {
        const raw = JSON.parse(await readFile(join(dir, name), "utf8")) as Omit<ReceivedMail, "date"> & { date: string };
        mail = { ...raw, date: new Date(raw.date) };
      } catch (err) {
        // Removed by clear() between readdir and readFile.
        if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
        throw err;
      }
      cache.set(name, mail);
    }
    mails.push(mail);
  }
  return mails;
}
