import { randomBytes } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFrom, startSmtpSink, type SmtpSink } from "../support/smtp-sink";

// The auth endpoints of the JSON API, called through their route handlers against the real
// database, the real Redis (rate limits) and a real SMTP server (codes are read from the mail).

let sink: SmtpSink;
let stampIp: (ip: string) => string;
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, never>> }) => Promise<Response>;
let routes: Record<"register" | "verify" | "resend" | "login" | "me" | "forgot" | "reset", Handler>;

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

const ctx = { params: Promise.resolve({} as Record<string, never>) };
const newEmail = () => `u${randomBytes(5).toString("hex")}@example.com`;
/** Each request from its own address, so per-IP limits only bite where a test means them to. */
const randomIp = () => `10.${randomBytes(3).join(".")}`;

function call(handler: Handler, body?: unknown, opts: { ip?: string; token?: string; raw?: string; type?: string } = {}) {
  const headers: Record<string, string> = { "x-invyta-socket-ip": stampIp(opts.ip ?? randomIp()) };
  if (body !== undefined || opts.raw !== undefined) headers["content-type"] = opts.type ?? "application/json";
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const init = { method: body === undefined && opts.raw === undefined ? "GET" : "POST", headers, body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)) };
  return handler(new NextRequest("http://localhost/api/v1/auth/x", init), ctx);
}

async function codeFor(email: string, subject = /code/i) {
  return codeFrom(await sink.waitFor((m) => m.to.includes(email) && subject.test(m.subject)));
}

async function verifiedUser(password = "correct horse battery") {
  const email = newEmail();
  expect((await call(routes.register, { email, password })).status).toBe(201);
  const code = await codeFor(email);
  expect((await call(routes.verify, { email, otp: code })).status).toBe(200);
  return { email, password };
}

describe("register → verify → login → me", () => {
  it("works end to end with the code from the email", async () => {
    const email = newEmail();
    const reg = await call(routes.register, { email: email.toUpperCase(), password: "s3cret-pass" });
    expect(reg.status).toBe(201);
    expect(await reg.json()).toEqual({ message: expect.stringMatching(/verify your email/i) });
    const mail = await sink.waitFor((m) => m.to.includes(email));
    expect(mail.text).toMatch(/\b\d{6}\b/);
    expect(mail.html).toContain(codeFrom(mail));

    const unverified = await call(routes.login, { email, password: "s3cret-pass" });
    expect(unverified.status).toBe(403);
    expect((await unverified.json()).code).toBe("email_unverified");

    const verify = await call(routes.verify, { email, otp: codeFrom(mail) });
    expect(verify.status).toBe(200);
    expect((await verify.json()).message).toBe("Email verified successfully");

    const login = await call(routes.login, { email, password: "s3cret-pass" });
    expect(login.status).toBe(200);
    const body = await login.json();
    expect(body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600, user_id: expect.stringMatching(/^[0-9a-f]{24}$/), has_username: false });
    expect(JSON.stringify(body)).not.toMatch(/password|hash/);

    const me = await call(routes.me, undefined, { token: body.access_token });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ logged_in_as: email, user_id: body.user_id, has_username: false });
  });

  it("answers a second sign-up for a registered email exactly like a new one, and tells the owner", async () => {
    const { email } = await verifiedUser();
    sink.clear();
    const again = await call(routes.register, { email, password: "another-password" });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual({ message: expect.stringMatching(/verify your email/i) });
    const mail = await sink.waitFor((m) => m.to.includes(email));
    expect(mail.text).toMatch(/already have an account/i);
    expect(mail.text).not.toMatch(/^\d{6}$/m);
    // The old password still works; the attempt changed nothing.
    expect((await call(routes.login, { email, password: "correct horse battery" })).status).toBe(200);
  });

  it("says 'wrong email or password' for both a wrong password and an unknown email", async () => {
    const { email } = await verifiedUser();
    const wrong = await call(routes.login, { email, password: "not the password" });
    const unknown = await call(routes.login, { email: newEmail(), password: "whatever-123" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });
});

describe("codes", () => {
  it("burns a code after five wrong tries", async () => {
    const email = newEmail();
    await call(routes.register, { email, password: "s3cret-pass" });
    const code = await codeFor(email);
    const wrong = code === "000000" ? "111111" : "000000";
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) messages.push((await (await call(routes.verify, { email, code: wrong })).json()).error);
    expect(messages[0]).toMatch(/4 tries left/);
    expect(messages[4]).toMatch(/no longer works/);
    // The right code no longer helps (checked through the service: the API's per-email limit is spent).
    const { verifyEmail } = await import("@/lib/auth/service");
    await expect(verifyEmail({ email, code })).rejects.toMatchObject({ status: 400 });
  });

  it("refuses an expired code", async () => {
    const email = newEmail();
    await call(routes.register, { email, password: "s3cret-pass" });
    const code = await codeFor(email);
    const { collections } = await import("@/lib/db");
    await (await collections.otps()).updateOne({ email }, { $set: { expires_at: new Date(Date.now() - 1000) } });
    const res = await call(routes.verify, { email, code });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/wrong or has expired/);
  });

  it("stores codes hashed, never in the clear", async () => {
    const email = newEmail();
    await call(routes.register, { email, password: "s3cret-pass" });
    const code = await codeFor(email);
    const { collections } = await import("@/lib/db");
    const otp = await (await collections.otps()).findOne({ email });
    expect(otp?.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(otp)).not.toContain(code);
  });

  it("lets a code be resent at most once a minute", async () => {
    const email = newEmail();
    await call(routes.register, { email, password: "s3cret-pass" });
    await codeFor(email);
    const res = await call(routes.resend, { email });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await res.json()).error).toMatch(/new one in \d+ seconds/);
  });
});

describe("rate limits", () => {
  it("answers the sixth login for one email within a minute with 429 and Retry-After", async () => {
    const { email } = await verifiedUser();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(routes.login, { email, password: "bad-password" })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const res = await call(routes.login, { email, password: "correct horse battery" });
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
  });

  it("limits one address across many emails", async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(routes.login, { email: newEmail(), password: "whatever-123" }, { ip })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe("bad input is a 4xx JSON error, never a 500", () => {
  const cases: Array<[string, { body?: unknown; raw?: string; type?: string }, number]> = [
    ["missing fields", { body: {} }, 400],
    ["wrong types", { body: { email: 42, password: ["x"] } }, 400],
    ["operator injection", { body: { email: { $ne: null }, password: { $gt: "" } } }, 400],
    ["malformed JSON", { raw: '{"email": "a@b.co",' }, 400],
    ["an array body", { body: [1, 2] }, 400],
    ["a 1 MB body", { raw: JSON.stringify({ email: "a@b.co", password: "x".repeat(1024 * 1024) }) }, 413],
    ["a form body", { raw: "email=a@b.co&password=12345678", type: "application/x-www-form-urlencoded" }, 415],
  ];
  for (const name of ["register", "verify", "resend", "login", "forgot", "reset"] as const) {
    it.each(cases)(`${name}: %s`, async (_label, input, status) => {
      const res = await call(routes[name], input.body, { raw: input.raw, type: input.type });
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(body).toEqual(expect.objectContaining({ error: expect.any(String), code: expect.any(String) }));
    });
  }
});

describe("access tokens", () => {
  async function token() {
    const { email, password } = await verifiedUser();
    const body = await (await call(routes.login, { email, password })).json();
    return { ...body, email } as { access_token: string; user_id: string; email: string };
  }

  it("refuses a missing, malformed, tampered or foreign-key token with 401", async () => {
    const { access_token, user_id } = await token();
    expect((await call(routes.me)).status).toBe(401);
    expect((await call(routes.me, undefined, { token: "not-a-jwt" })).status).toBe(401);
    const [h, p, s] = access_token.split(".");
    const flipped = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith("AA") ? "BB" : "AA"}`;
    expect((await call(routes.me, undefined, { token: flipped })).status).toBe(401);
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user_id)
      .setIssuer("invyta")
      .setAudience("invyta-api")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(process.env.AUTH_SECRET));
    const res = await call(routes.me, undefined, { token: foreign });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("refuses an Auth.js session cookie used as a bearer token", async () => {
    const { user_id, email } = await token();
    const { encode } = await import("next-auth/jwt");
    const now = Math.floor(Date.now() / 1000);
    const cookie = await encode({
      token: { sub: user_id, uid: user_id, email, auth_time: now },
      secret: process.env.AUTH_SECRET!,
      salt: "authjs.session-token",
    });
    const res = await call(routes.me, undefined, { token: cookie });
    expect(res.status).toBe(401);
  });

  it("refuses an expired token", async () => {
    const { user_id } = await token();
    const { derivedKey } = await import("@/lib/auth/keys");
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user_id)
      .setIssuer("invyta")
      .setAudience("invyta-api")
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(derivedKey("api-token"));
    const res = await call(routes.me, undefined, { token: expired });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatch(/expired/);
  });

  describe("a token signed with our key but not shaped like ours", () => {
    type Claim = "exp" | "iat" | "iss" | "aud" | "sub";
    let userId: string;
    beforeAll(async () => {
      // A verified user seeded directly: these tests are about reading tokens, not about logging in.
      const { collections } = await import("@/lib/db/collections");
      const users = await collections.users();
      const { insertedId } = await users.insertOne({ email: newEmail(), emailVerified: new Date(), favorites: [], created_at: new Date() } as never);
      userId = insertedId.toHexString();
    });

    /** A token under the real API key with every claim a login sets, less `omit`, plus `set`. */
    async function signedWithout(userId: string, omit: Claim[], set: Partial<Record<Claim, string | number>> = {}) {
      const { derivedKey } = await import("@/lib/auth/keys");
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<Claim, string | number> = { sub: userId, iss: "invyta", aud: "invyta-api", iat: now, exp: now + 3600, ...set };
      for (const claim of omit) delete claims[claim];
      return new SignJWT(claims as JWTPayload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(derivedKey("api-token"));
    }

    it("is accepted with every claim (so the refusals below are about the claims alone)", async () => {
      const res = await call(routes.me, undefined, { token: await signedWithout(userId, []) });
      expect(res.status).toBe(200);
      expect((await res.json()).user_id).toBe(userId);
    });

    it.each<Claim>(["exp", "iat", "iss", "aud", "sub"])("is refused with 401 JSON without %s", async (claim) => {
      const res = await call(routes.me, undefined, { token: await signedWithout(userId, [claim]) });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(expect.objectContaining({ error: expect.any(String), code: "unauthorized" }));
    });

    it.each<[string, Partial<Record<Claim, string | number>>]>([
      ["another issuer", { iss: "someone-else" }],
      ["the sign-in ticket's audience", { aud: "invyta-sign-in" }],
      ["an issue time in the future", { iat: Math.floor(Date.now() / 1000) + 600 }],
      ["an expiry past the token lifetime, issued two hours ago", { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) + 3600 }],
    ])("is refused with 401 with %s", async (_, set) => {
      const res = await call(routes.me, undefined, { token: await signedWithout(userId, [], set) });
      expect(res.status).toBe(401);
    });
  });

  it("stops working after a password reset", async () => {
    const { access_token, email } = await token();
    expect((await call(routes.me, undefined, { token: access_token })).status).toBe(200);
    // Tokens carry whole seconds: make sure the reset happens in a later second.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call(routes.forgot, { email })).status).toBe(200);
    const code = await codeFor(email, /reset/i);
    const reset = await call(routes.reset, { email, code, password: "brand-new-password" });
    expect(reset.status).toBe(200);
    expect((await call(routes.me, undefined, { token: access_token })).status).toBe(401);
    expect((await call(routes.login, { email, password: "correct horse battery" })).status).toBe(401);
    const fresh = await (await call(routes.login, { email, password: "brand-new-password" })).json();
    expect((await call(routes.me, undefined, { token: fresh.access_token })).status).toBe(200);
  });

  it("stops working within SIGNED_IN_TTL_MS when another process changes the password", async () => {
    const { SIGNED_IN_TTL_MS } = await import("@/lib/auth/service");
    const { db } = await import("@/lib/db/client");
    const { access_token, email } = await token();
    expect((await call(routes.me, undefined, { token: access_token })).status).toBe(200);
    // Straight to the collection, as another instance of the app would: this process is not told.
    const later = new Date((Math.floor(Date.now() / 1000) + 2) * 1000);
    await (await db()).collection("users").updateOne({ email }, { $set: { password_changed_at: later } });
    await new Promise((r) => setTimeout(r, SIGNED_IN_TTL_MS + 50));
    expect((await call(routes.me, undefined, { token: access_token })).status).toBe(401);
  });

  it("answers forgot-password the same for unknown addresses", async () => {
    const res = await call(routes.forgot, { email: newEmail() });
    expect(res.status).toBe(200);
    expect((await res.json()).message).toMatch(/If that address has an account/);
  });
});
