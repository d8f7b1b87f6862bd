import { randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";

// One-time codes under concurrency, through the service against the real database: each code is
// one document with `_id` = "<purpose>:<email>", its tries counted by a guarded $inc before the
// comparison, and used up by whichever request deletes it.

const newEmail = () => `otp-${randomBytes(5).toString("hex")}@example.com`;

async function service() {
  return import("@/lib/auth/service");
}

/** The messages of the rejected calls, and how many succeeded. */
async function settle(calls: Promise<unknown>[]) {
  const results = await Promise.allSettled(calls);
  const messages = results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error).message)] : []));
  return { ok: results.length - messages.length, messages };
}

function wrongCodes(right: string, n: number): string[] {
  const codes: string[] = [];
  for (let i = 0; codes.length < n; i++) {
    const code = String((Number(right) + 1 + i * 7919) % 1_000_000).padStart(6, "0");
    if (code !== right) codes.push(code);
  }
  return codes;
}

describe("one-time codes", () => {
  it("are stored under `_id` <purpose>:<email>", async () => {
    const { issueCode } = await service();
    const { collections } = await import("@/lib/db");
    const email = newEmail();
    await issueCode(email, "reset_password");
    const otp = await (await collections.otps()).findOne({ _id: `reset_password:${email}` });
    expect(otp).toMatchObject({ email, purpose: "reset_password", attempts: 0 });
  });

  it("20 concurrent wrong guesses: exactly 5 are compared, then the code is burned", async () => {
    const { issueCode, consumeCode } = await service();
    const email = newEmail();
    const code = await issueCode(email, "verify_email");
    const { ok, messages } = await settle(wrongCodes(code, 20).map((guess) => consumeCode(email, "verify_email", guess)));
    expect(ok).toBe(0);
    const left = messages.filter((m) => /(try|tries) left/.test(m));
    expect(left.sort()).toEqual(["That code is wrong. 1 try left.", "That code is wrong. 2 tries left.", "That code is wrong. 3 tries left.", "That code is wrong. 4 tries left."]);
    expect(messages.filter((m) => /Too many wrong tries/.test(m))).toHaveLength(1);
    expect(messages.filter((m) => /wrong or has expired/.test(m))).toHaveLength(15);
    // Burned: the right code does not work any more.
    await expect(consumeCode(email, "verify_email", code)).rejects.toThrow(/wrong or has expired/);
  });

  it("10 concurrent checks of the right code: exactly one succeeds", async () => {
    const { issueCode, consumeCode } = await service();
    const email = newEmail();
    const code = await issueCode(email, "verify_email");
    const { ok, messages } = await settle(Array.from({ length: 10 }, () => consumeCode(email, "verify_email", code)));
    expect(ok).toBe(1);
    expect(messages).toHaveLength(9);
    for (const m of messages) expect(m).toMatch(/wrong or has expired/);
    await expect(consumeCode(email, "verify_email", code)).rejects.toThrow(/wrong or has expired/);
  });

  it("a resend within the cooldown is refused, also when concurrent: one code, one send", async () => {
    const { issueCode, consumeCode } = await service();
    const email = newEmail();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => issueCode(email, "verify_email")));
    const sent = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(sent).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ status: 429 });
    await consumeCode(email, "verify_email", sent[0]!);
  });

  it("a code stored before codes had this `_id` gives way to a new one", async () => {
    const { issueCode, consumeCode } = await service();
    const { collections } = await import("@/lib/db");
    const otps = await collections.otps();
    const email = newEmail();
    const past = new Date(Date.now() - 5 * 60_000);
    await otps.insertOne({
      _id: new ObjectId(),
      email,
      purpose: "verify_email",
      code_hash: "0".repeat(64),
      expires_at: new Date(past.getTime() + 10 * 60_000),
      attempts: 0,
      last_sent_at: past,
    });
    const code = await issueCode(email, "verify_email");
    expect(await otps.countDocuments({ email })).toBe(1);
    await consumeCode(email, "verify_email", code);
    expect(await otps.countDocuments({ email })).toBe(0);
  });
});
