import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { BCRYPT_COST, hashPassword, verifyPassword } from "@/lib/auth/password";

describe("password hashing in worker threads", () => {
  it("produces bcrypt hashes at the configured cost that bcryptjs itself accepts", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(new RegExp(`^\\$2[aby]\\$${String(BCRYPT_COST).padStart(2, "0")}\\$`));
    expect(await bcrypt.compare("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("wrong", hash)).toBe(false);
  });

  it("verifies hashes made elsewhere, and never matches a missing hash", async () => {
    const external = bcrypt.hashSync("s3cret-pass", 10);
    expect(await verifyPassword("s3cret-pass", external)).toBe(true);
    expect(await verifyPassword("s3cret-pass", undefined)).toBe(false);
  });

  it("handles many concurrent jobs and keeps answers paired with their requests", async () => {
    const passwords = Array.from({ length: 8 }, (_, i) => `password-${i}`);
    const hashes = await Promise.all(passwords.map(hashPassword));
    const checks = await Promise.all(passwords.flatMap((p, i) => [verifyPassword(p, hashes[i]), verifyPassword(p, hashes[(i + 1) % 8])]));
    expect(checks).toEqual(passwords.flatMap(() => [true, false]));
  });
});
