import "server-only";
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

/** bcrypt cost. The async API yields to the event loop between rounds (see bench/RESULTS.md). */
export const BCRYPT_COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

let dummyHash: Promise<string> | undefined;

/** Compares against a real hash even when the account does not exist, so timing reveals nothing. */
export async function verifyPassword(password: string, hash: string | undefined): Promise<boolean> {
  dummyHash ??= bcrypt.hash(randomBytes(16).toString("hex"), BCRYPT_COST);
  const ok = await bcrypt.compare(password, hash ?? (await dummyHash));
  return ok && hash !== undefined;
}
