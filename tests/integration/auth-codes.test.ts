import { describe, expect, it } from "vitest";
import { call, codeFor, newEmail, routes, setUpAuthApi } from "./auth-api-support";

// Email codes: tries, expiry, storage and resending (/api/v1/auth/verify, /resend-otp).

setUpAuthApi();

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
