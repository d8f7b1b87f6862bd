import { beforeAll, describe, expect, it } from "vitest";
import { call, codeFor, type Handler, newEmail, routes, setUpAuthApi, verifiedUser } from "./auth-api-support";

// Setting a password later (PUT /api/v1/auth/password): a first one for an account made by an
// emailed code, or a new one given the current one, which ends the sessions issued before.

setUpAuthApi();

let code: Handler;
let codeVerify: Handler;
let password: Handler;
beforeAll(async () => {
  code = (await import("@/app/api/v1/auth/code/route")).POST;
  codeVerify = (await import("@/app/api/v1/auth/code/verify/route")).POST;
  password = (await import("@/app/api/v1/auth/password/route")).PUT;
});

function put(body: unknown, token?: string) {
  return call(password, body, { token, method: "PUT" });
}

async function codeAccount() {
  const email = newEmail();
  expect((await call(code, { email, name: "Pat Code" })).status).toBe(200);
  const res = await call(codeVerify, { email, code: await codeFor(email, /is your Invyta code/) });
  return { email, token: (await res.json()).access_token as string };
}

describe("PUT /api/v1/auth/password", () => {
  it("gives an account made by a code its first password, and keeps its token working", async () => {
    const { email, token } = await codeAccount();
    expect((await call(routes.login, { email, password: "anything at all" })).status).toBe(401);
    const res = await put({ password: "my first password" }, token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: "Password set.", signed_out_elsewhere: false });
    expect((await call(routes.login, { email, password: "my first password" })).status).toBe(200);
    expect((await call(routes.me, undefined, { token })).status).toBe(200);
  });

  it("changes a password only with the current one, and ends the tokens issued before", async () => {
    const { email, password: old } = await verifiedUser();
    const token = (await (await call(routes.login, { email, password: old })).json()).access_token as string;
    const missing = await put({ password: "a brand new password" }, token);
    expect(missing.status).toBe(400);
    expect((await missing.json()).issues).toEqual({ current_password: ["Enter your current password."] });
    const wrong = await put({ current_password: "not it", password: "a brand new password" }, token);
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).issues).toEqual({ current_password: ["That is not your current password."] });

    // Tokens carry whole seconds: wait for the next one, so the old token is strictly older.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
    const ok = await put({ current_password: old, password: "a brand new password" }, token);
    expect(ok.status).toBe(200);
    expect((await ok.json()).signed_out_elsewhere).toBe(true);
    expect((await call(routes.me, undefined, { token })).status).toBe(401);
    expect((await call(routes.login, { email, password: old })).status).toBe(401);
    expect((await call(routes.login, { email, password: "a brand new password" })).status).toBe(200);
  });

  it("refuses a short password, a signed-out caller, and other methods", async () => {
    const { token } = await codeAccount();
    const short = await put({ password: "short" }, token);
    expect(short.status).toBe(400);
    expect((await short.json()).issues.password).toEqual(["Use at least 8 characters."]);
    expect((await put({ password: "long enough password" })).status).toBe(401);
    const post = (await import("@/app/api/v1/auth/password/route")).POST as unknown as Handler;
    expect((await call(post, { password: "long enough password" }, { token })).status).toBe(405);
  });
});
