import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, expect } from "vitest";
import { codeFrom, startSmtpSink, type SmtpSink } from "../support/smtp-sink";

// Shared by the auth API tests (auth-<topic>.test.ts): the route handlers against the real database,
// the real Redis (rate limits) and a real SMTP server (codes are read from the mail).

export type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, never>> }) => Promise<Response>;

// Set by setUpAuthApi()'s beforeAll; live bindings, so a test file reads them once they are.
export let sink: SmtpSink;
export let routes: Record<"register" | "verify" | "resend" | "login" | "me" | "forgot" | "reset", Handler>;
let stampIp: (ip: string) => string;

/** Starts mail and Redis and loads the routes before the file's tests; call once, at the top of a test file. */
export function setUpAuthApi(): void {
  beforeAll(async () => {
    sink = await startSmtpSink({ port: 0 });
    process.env.SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
    process.env.REDIS_URL = "redis://127.0.0.1:6379";
    stampIp = (await import("@/lib/client-ip")).socketIpHeaderValue;
    routes = {
      register: (await import("@/app/api/v1/auth/register/route")).POST,
      verify: (await import("@/app/api/v1/auth/verify/route")).POST,
      resend: (await import("@/app/api/v1/auth/resend-otp/route")).POST,
      login: (await import("@/app/api/v1/auth/login/route")).POST,
      me: (await import("@/app/api/v1/auth/me/route")).GET,
      forgot: (await import("@/app/api/v1/auth/forgot-password/route")).POST,
      reset: (await import("@/app/api/v1/auth/reset-password/route")).POST,
    };
  });

  afterAll(async () => {
    await sink?.stop();
  });
}

const ctx = { params: Promise.resolve({} as Record<string, never>) };
export const newEmail = () => `u${randomBytes(5).toString("hex")}@example.com`;
/** Each request from its own address, so per-IP limits only bite where a test means them to. */
export const randomIp = () => `10.${randomBytes(3).join(".")}`;

export function call(handler: Handler, body?: unknown, opts: { ip?: string; token?: string; raw?: string; type?: string; method?: string } = {}) {
  const headers: Record<string, string> = { "x-invyta-socket-ip": stampIp(opts.ip ?? randomIp()) };
  if (body !== undefined || opts.raw !== undefined) headers["content-type"] = opts.type ?? "application/json";
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const init = { method: opts.method ?? (body === undefined && opts.raw === undefined ? "GET" : "POST"), headers, body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)) };
  return handler(new NextRequest("http://localhost/api/v1/auth/x", init), ctx);
}

export async function codeFor(email: string, subject = /code/i) {
  return codeFrom(await sink.waitFor((m) => m.to.includes(email) && subject.test(m.subject)));
}

export async function verifiedUser(password = "correct horse battery") {
  const email = newEmail();
  expect((await call(routes.register, { email, password })).status).toBe(201);
  const code = await codeFor(email);
  expect((await call(routes.verify, { email, otp: code })).status).toBe(200);
  return { email, password };
}
