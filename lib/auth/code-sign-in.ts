import "server-only";
import { randomInt } from "node:crypto";
import { ObjectId } from "mongodb";
import { collections } from "@/lib/db/collections";
import { isDuplicateKey } from "@/lib/db/errors";
import type { UserDoc } from "@/lib/db/types";
import { env } from "@/lib/env";
import { RateLimited } from "@/lib/errors";
import { sendMail } from "@/lib/mail/service";
import { signInCode } from "@/lib/mail/templates";
import { USERNAME_MAX } from "@/lib/profiles/schema";
import type { CodeRequestInput, VerifyInput } from "./schema";
import { consumeCode, issueCode, noteUserChange, toAuthUser, type AuthUser } from "./service";

// Signing in with an emailed code, no password: the two-step join from an invite link, and the same
// path in the API. The first code proves the address; an address without an account gets one then
// (not before, so asking for a code creates nothing), named as the person asked, with a username
// made from that name. A password and another username can be set later in the profile.

const SENT = "We sent a 6-digit code to that address. It is valid for 10 minutes.";

/**
 * Sends a sign-in code to the address, whether or not it has an account: the answer is the same
 * either way, so nobody can probe which addresses are registered. Within a minute of the last code,
 * no new one is sent (that code still works).
 */
export async function requestSignInCode(input: CodeRequestInput, context: { eventTitle?: string } = {}): Promise<{ message: string }> {
  let code: string;
  try {
    code = await issueCode(input.email, "sign_in", input.name ? { name: input.name } : {});
  } catch (err) {
    if (err instanceof RateLimited) return { message: SENT };
    throw err;
  }
  await sendMail({ to: input.email, ...(await signInCode({ code, appUrl: env().APP_URL, eventTitle: context.eventTitle })) });
  return { message: SENT };
}

export type CodeSignIn = AuthUser & { created: boolean };

/**
 * The code → the user, signed in. An account whose address was never verified is verified now, and a
 * password set on it before is dropped: whoever chose it never proved they own the address.
 */
export async function signInWithCode(input: VerifyInput): Promise<CodeSignIn> {
  const otp = await consumeCode(input.email, "sign_in", input.code);
  const users = await collections.users();
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await users.findOne({ email: input.email }, { projection: { email: 1, username: 1, emailVerified: 1 } });
    if (existing) {
      if (!existing.emailVerified) {
        await users.updateOne({ _id: existing._id, emailVerified: null }, { $set: { emailVerified: new Date() }, $unset: { password_hash: "" } });
        await noteUserChange(existing._id);
      }
      return { ...toAuthUser(existing), created: false };
    }
    const name = otp.name ?? null;
    const username = usernameCandidate(name, attempt);
    const now = new Date();
    const user: UserDoc = {
      _id: new ObjectId(),
      email: input.email,
      emailVerified: now,
      name,
      username,
      username_lower: username.toLowerCase(),
      favorites: [],
      attended_events: [],
      created_at: now,
    };
    try {
      await users.insertOne(user);
      return { ...toAuthUser(user), created: true };
    } catch (err) {
      // Either the username is taken (the next try adds digits) or the address got an account
      // meanwhile (the next try finds it).
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error("Could not create an account: every username tried was taken.");
}

const USERNAME_BASE_MAX = 20;

/**
 * A username from a display name: ASCII letters and digits joined by "_", lower case ("Zoë Ortiz" →
 * "zoe_ortiz"); "guest" when nothing is left. Try 0 is the name itself, later ones add digits.
 */
export function usernameCandidate(name: string | null, attempt: number): string {
  const ascii = (name ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, USERNAME_BASE_MAX)
    .replace(/_+$/, "");
  const base = ascii.length >= 3 ? ascii : `guest${ascii ? `_${ascii}` : ""}`;
  if (attempt === 0 && base !== "guest") return base;
  const digits = attempt < 3 ? 4 : 8;
  const suffix = String(randomInt(0, 10 ** digits)).padStart(digits, "0");
  return `${base}_${suffix}`.slice(0, USERNAME_MAX);
}
