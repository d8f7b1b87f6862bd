import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { codeFrom } from "../support/smtp-sink";
import { call, codeFor, type Handler, newEmail, routes, setUpAuthApi, sink, verifiedUser } from "./auth-api-support";

// Signing in with an emailed code and no password (/api/v1/auth/code, /api/v1/auth/code/verify): the
// API's side of the two-step join. The first code creates the account, named as asked.

setUpAuthApi();

let code: Handler;
let codeVerify: Handler;
beforeAll(async () => {
  code = (await import("@/app/api/v1/auth/code/route")).POST;
  codeVerify = (await import("@/app/api/v1/auth/code/verify/route")).POST;
});

const users = async () => (await import("@/lib/db")).collections.users();
const SUBJECT = /^\d{6} is your Invyta code$/;

async function signInWithMailedCode(email: string) {
  const res = await call(codeVerify, { email, code: await codeFor(email, SUBJECT) });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

describe("sign in with an emailed code", () => {
  it("creates the account on the first code, with the name given and a username made from it", async () => {
    const email = newEmail();
    const tag = randomBytes(4).toString("hex");
    const asked = await call(code, { email: email.toUpperCase(), name: `  Zoë Ortiz ${tag} ` });
    expect(asked.status).toBe(200);
    expect(await asked.json()).toEqual({ message: expect.stringMatching(/sent a 6-digit code/) });
    // Asking creates nothing: the code has to prove the address first.
    expect(await (await users()).findOne({ email })).toBeNull();
    const mail = await sink.waitFor((m) => m.to.includes(email) && SUBJECT.test(m.subject));
    expect(mail.subject.slice(0, 6)).toBe(codeFrom(mail));

    const body = await signInWithMailedCode(email);
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 3600,
      user_id: expect.stringMatching(/^[0-9a-f]{24}$/),
      has_username: true,
      created: true,
    });
    const user = await (await users()).findOne({ email });
    expect(user).toMatchObject({ name: `Zoë Ortiz ${tag}`, username: `zoe_ortiz_${tag}`, username_lower: `zoe_ortiz_${tag}`, emailVerified: expect.any(Date) });
    expect(user?.password_hash).toBeUndefined();
    const me = await call(routes.me, undefined, { token: body.access_token });
    expect(await me.json()).toEqual({ logged_in_as: email, user_id: body.user_id, has_username: true });
  });

  it("gives the next person with the same name a username of their own", async () => {
    const name = `Sam ${randomBytes(4).toString("hex")}`;
    const [first, second] = [newEmail(), newEmail()];
    for (const email of [first, second]) {
      expect((await call(code, { email, name })).status).toBe(200);
      await signInWithMailedCode(email);
    }
    const [a, b] = await Promise.all([first, second].map(async (email) => (await users()).findOne({ email })));
    expect(a?.username).toBe(name.toLowerCase().replace(" ", "_"));
    expect(b?.username).toMatch(new RegExp(`^${a?.username}_\\d{4}$`));
  });

  it("signs an existing account in without changing it (its name, username and password stay)", async () => {
    const { email, password } = await verifiedUser();
    const before = await (await users()).findOne({ email });
    expect((await call(code, { email, name: "Someone Else" })).status).toBe(200);
    const body = await signInWithMailedCode(email);
    expect(body).toMatchObject({ user_id: before?._id.toHexString(), created: false });
    const after = await (await users()).findOne({ email });
    expect(after).toEqual(before);
    expect((await call(routes.login, { email, password })).status).toBe(200);
  });

  it("verifies an account that was never verified and drops the password its sign-up set", async () => {
    const email = newEmail();
    // Somebody registers this address with a password of their choosing and never proves it.
    expect((await call(routes.register, { email, password: "chosen-by-a-stranger" })).status).toBe(201);
    await codeFor(email, /verification code/);
    expect((await call(code, { email, name: "Rightful Owner" })).status).toBe(200);
    const body = await signInWithMailedCode(email);
    expect(body.created).toBe(false);
    const user = await (await users()).findOne({ email });
    expect(user?.emailVerified).toBeInstanceOf(Date);
    expect(user?.password_hash).toBeUndefined();
    expect((await call(routes.login, { email, password: "chosen-by-a-stranger" })).status).toBe(401);
  });

  it("answers an unknown address exactly like a registered one", async () => {
    const { email: known } = await verifiedUser();
    const answers = await Promise.all([known, newEmail()].map(async (email) => {
      const res = await call(code, { email, name: "Pat" });
      return { status: res.status, body: await res.json() };
    }));
    expect(answers[0]).toEqual(answers[1]);
  });

  it("sends no second code within a minute, and the first one still works", async () => {
    const email = newEmail();
    expect((await call(code, { email, name: "Kim" })).status).toBe(200);
    const first = await codeFor(email, SUBJECT);
    const again = await call(code, { email, name: "Kim" });
    expect(again.status).toBe(200);
    expect(sink.messages().filter((m) => m.to.includes(email))).toHaveLength(1);
    const res = await call(codeVerify, { email, code: first });
    expect(res.status).toBe(200);
  });

  it("refuses a wrong code and counts the try; a code works once", async () => {
    const email = newEmail();
    await call(code, { email, name: "Lee" });
    const right = await codeFor(email, SUBJECT);
    const wrong = right === "000000" ? "111111" : "000000";
    const res = await call(codeVerify, { email, code: wrong });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "invalid", issues: { code: ["That code is wrong. 4 tries left."] } });
    expect((await call(codeVerify, { email, code: right })).status).toBe(200);
    expect((await call(codeVerify, { email, code: right })).status).toBe(400);
    // A code asked for to sign in does not verify a sign-up, nor the other way round.
    expect((await call(routes.verify, { email, code: right })).status).toBe(400);
  });

  it("refuses bad input with a message for each field", async () => {
    const cases: Array<[unknown, string]> = [
      [{ name: "Ann" }, "email"],
      [{ email: "not-an-address", name: "Ann" }, "email"],
      [{ email: newEmail(), name: "x".repeat(61) }, "name"],
      [{ email: newEmail(), name: "Ann\nBob" }, "name"],
      [{ email: newEmail(), name: 42 }, "name"],
      [{ email: { $gt: "" }, name: "Ann" }, "email"],
    ];
    for (const [body, field] of cases) {
      const res = await call(code, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((await res.json()).issues ?? {}), JSON.stringify(body)).toContain(field);
    }
    const noCode = await call(codeVerify, { email: newEmail() });
    expect(noCode.status).toBe(400);
  });
});
