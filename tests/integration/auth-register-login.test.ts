import { describe, expect, it } from "vitest";
import { codeFrom } from "../support/smtp-sink";
import { call, newEmail, routes, setUpAuthApi, sink, verifiedUser } from "./auth-api-support";

// Signing up, verifying the email with the code from the mail, logging in and asking who I am (/api/v1/auth/*).

setUpAuthApi();

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

  it("takes the password of a second sign-up made before the address was verified", async () => {
    const email = newEmail();
    expect((await call(routes.register, { email, password: "first-password" })).status).toBe(201);
    const mail = await sink.waitFor((m) => m.to.includes(email));
    expect((await call(routes.register, { email, password: "second-password" })).status).toBe(201);
    expect((await call(routes.verify, { email, otp: codeFrom(mail) })).status).toBe(200);
    expect((await call(routes.login, { email, password: "first-password" })).status).toBe(401);
    expect((await call(routes.login, { email, password: "second-password" })).status).toBe(200);
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
