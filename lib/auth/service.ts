import "server-only";
import { randomInt } from "node:crypto";
import { ObjectId } from "mongodb";
import { collections, objectIdOrNull, onUserWrite } from "@/lib/db/collections";
import { DocCache, readByIds } from "@/lib/db/doc-cache";
import { isDuplicateKey } from "@/lib/db/errors";
import type { OtpDoc, OtpPurpose, UserDoc } from "@/lib/db/types";
import { USERS_VERSION_ID, VersionFollower } from "@/lib/db/version-ring";
import { bumpVersion, readVersion } from "@/lib/db/version-store";
import { env } from "@/lib/env";
import { AppError, Conflict, Invalid, RateLimited, Unauthorized } from "@/lib/errors";
import { sendMail } from "@/lib/mail/service";
import { accountAlreadyExists, resetPasswordCode, verifyEmailCode } from "@/lib/mail/templates";
import { equalHex, hmacHex } from "./keys";
import { hashPassword, verifyPassword } from "./password";
import type { ResetPasswordInput, SetPasswordInput, SignInInput, SignUpInput, VerifyInput } from "./schema";

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;
export const RESEND_COOLDOWN_MS = 60_000;

/** The password was right but the email is not verified yet: the caller sends the user to /verify. */
export class EmailNotVerified extends AppError {
  constructor() {
    super(403, "email_unverified", "Verify your email first: enter the 6-digit code we sent you.");
  }
}

export type AuthUser = { id: string; email: string; username: string | null };

export function toAuthUser(user: Pick<UserDoc, "_id" | "email" | "username">): AuthUser {
  return { id: user._id.toHexString(), email: user.email, username: user.username ?? null };
}

function codeHash(email: string, purpose: OtpPurpose, code: string): string {
  return hmacHex("otp-hash", `${purpose}:${email}:${code}`);
}

/**
 * A code's `_id`: every step (issue, check, resend) is a point read or update by `_id`, which
 * FerretDB serves from its index where an (email, purpose) filter would read every code.
 */
export function otpId(email: string, purpose: OtpPurpose): string {
  return `${purpose}:${email}`;
}

/**
 * Stores a fresh code (replacing any earlier one) and returns it — unless one was sent less than a
 * minute ago, which throws RateLimited. The cooldown is part of the upsert's filter: a second
 * concurrent send finds no matching document, tries to insert, and hits the unique `_id`.
 */
export async function issueCode(email: string, purpose: OtpPurpose, extra: Pick<OtpDoc, "name"> = {}): Promise<string> {
  const otps = await collections.otps();
  const _id = otpId(email, purpose);
  const now = new Date();
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const upsert = () =>
    otps.updateOne(
      { _id, last_sent_at: { $lte: new Date(now.getTime() - RESEND_COOLDOWN_MS) } },
      {
        $set: {
          email,
          purpose,
          code_hash: codeHash(email, purpose, code),
          expires_at: new Date(now.getTime() + CODE_TTL_MS),
          attempts: 0,
          last_sent_at: now,
          ...extra,
        },
      },
      { upsert: true },
    );
  for (let attempt = 0; ; attempt++) {
    try {
      await upsert();
      return code;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const current = await otps.findOne({ _id }, { projection: { last_sent_at: 1 } });
      if (!current && attempt === 0) {
        // A code stored before codes had this `_id` holds the (email, purpose) index. It is at most
        // ten minutes from expiry and no longer checked (consumeCode reads by `_id` only, rather
        // than falling back to a filtered read on every check), so the new code replaces it.
        await otps.deleteOne({ email, purpose, _id: { $ne: _id } });
        continue;
      }
      const waitSeconds = Math.max(1, Math.ceil((current ? current.last_sent_at.getTime() + RESEND_COOLDOWN_MS - now.getTime() : 1000) / 1000));
      throw new RateLimited(waitSeconds, `We just sent a code. You can ask for a new one in ${waitSeconds} seconds.`);
    }
  }
}

const WRONG_CODE = "That code is wrong or has expired. Check the latest email, or ask for a new code.";

/**
 * Checks a code: at most 5 tries, 10 minutes, compared in constant time, burned on success or the
 * 5th miss. The try is counted (a guarded $inc) before the comparison, so however many guesses run
 * at once, at most CODE_MAX_ATTEMPTS are compared; and only the request whose delete removes the
 * code succeeds, so a code is used once.
 */
export async function consumeCode(email: string, purpose: OtpPurpose, code: string): Promise<OtpDoc> {
  const otps = await collections.otps();
  const _id = otpId(email, purpose);
  const otp = await otps.findOneAndUpdate(
    { _id, attempts: { $lt: CODE_MAX_ATTEMPTS }, expires_at: { $gt: new Date() } },
    { $inc: { attempts: 1 } },
    { returnDocument: "after" },
  );
  if (!otp) throw new Invalid(WRONG_CODE, { code: [WRONG_CODE] });
  // Deletes are guarded by code_hash: a code sent again meanwhile is a new code and stays.
  if (equalHex(otp.code_hash, codeHash(email, purpose, code))) {
    const { deletedCount } = await otps.deleteOne({ _id, code_hash: otp.code_hash });
    if (deletedCount === 1) return otp;
    throw new Invalid(WRONG_CODE, { code: [WRONG_CODE] }); // a concurrent request used it (or burned it) first
  }
  if (otp.attempts >= CODE_MAX_ATTEMPTS) {
    await otps.deleteOne({ _id, code_hash: otp.code_hash });
    const burned = "Too many wrong tries: this code no longer works. Ask for a new code.";
    throw new Invalid(burned, { code: [burned] });
  }
  const left = CODE_MAX_ATTEMPTS - otp.attempts;
  const message = `That code is wrong. ${left} ${left === 1 ? "try" : "tries"} left.`;
  throw new Invalid(message, { code: [message] });
}

async function sendCode(email: string, purpose: OtpPurpose, { quietCooldown }: { quietCooldown: boolean }) {
  let code: string;
  try {
    code = await issueCode(email, purpose);
  } catch (err) {
    // On sign-up and sign-in a recent code is still valid, so no new one is needed.
    if (quietCooldown && err instanceof RateLimited) return;
    throw err;
  }
  const appUrl = env().APP_URL;
  const message = await (purpose === "verify_email" ? verifyEmailCode({ code, appUrl }) : resetPasswordCode({ code, appUrl }));
  await sendMail({ to: email, ...message });
}

/**
 * Sign-up. The answer is the same whether or not the email has an account, so nobody can probe
 * which addresses are registered; an existing owner gets a "you already have an account" email.
 */
export async function registerUser(input: SignUpInput): Promise<{ message: string }> {
  const users = await collections.users();
  const password_hash = await hashPassword(input.password);
  const now = new Date();
  const response = { message: "User registered. Please verify your email: we sent a 6-digit code." };
  try {
    await users.insertOne({
      _id: new ObjectId(),
      email: input.email,
      emailVerified: null,
      password_hash,
      favorites: [],
      attended_events: [],
      created_at: now,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await users.findOne({ email: input.email }, { projection: { emailVerified: 1 } });
    if (existing?.emailVerified) {
      await sendMail({ to: input.email, ...(await accountAlreadyExists({ appUrl: env().APP_URL })) });
      return response;
    }
    // Not verified yet: whoever proves the address with the code sets the password.
    if (existing) await users.updateOne({ _id: existing._id, emailVerified: null }, { $set: { password_hash } });
  }
  await sendCode(input.email, "verify_email", { quietCooldown: true });
  return response;
}

export async function resendVerification(email: string): Promise<{ message: string }> {
  const users = await collections.users();
  const user = await users.findOne({ email }, { projection: { emailVerified: 1 } });
  // Same answer for unknown and already verified addresses.
  if (user && !user.emailVerified) await sendCode(email, "verify_email", { quietCooldown: false });
  return { message: "If that address is waiting for verification, a new code is on its way." };
}

export async function verifyEmail(input: VerifyInput): Promise<AuthUser> {
  await consumeCode(input.email, "verify_email", input.code);
  const users = await collections.users();
  const user = await users.findOneAndUpdate(
    { email: input.email },
    { $set: { emailVerified: new Date() } },
    // No projection: FerretDB v1 does not implement findAndModify's `fields`.
    { returnDocument: "after" },
  );
  if (!user) throw new Invalid(WRONG_CODE, { code: [WRONG_CODE] });
  await noteUserChange(user._id);
  return toAuthUser(user);
}

/** Email + password → the user. "Wrong email or password" either way; unverified → EmailNotVerified. */
export async function authenticate(input: SignInInput): Promise<AuthUser> {
  const users = await collections.users();
  const user = await users.findOne({ email: input.email }, { projection: { email: 1, username: 1, password_hash: 1, emailVerified: 1 } });
  const ok = await verifyPassword(input.password, user?.password_hash);
  if (!user || !ok) throw new Unauthorized("Wrong email or password.");
  if (!user.emailVerified) {
    await sendCode(input.email, "verify_email", { quietCooldown: true });
    throw new EmailNotVerified();
  }
  return toAuthUser(user);
}

export async function requestPasswordReset(email: string): Promise<{ message: string }> {
  const users = await collections.users();
  const user = await users.findOne({ email }, { projection: { _id: 1 } });
  if (user) await sendCode(email, "reset_password", { quietCooldown: false });
  return { message: "If that address has an account, we sent it a 6-digit code to reset the password." };
}

/** Sets a new password. Sessions and API tokens issued before now stop working. */
export async function resetPassword(input: ResetPasswordInput): Promise<AuthUser> {
  await consumeCode(input.email, "reset_password", input.code);
  const users = await collections.users();
  const password_hash = await hashPassword(input.password);
  const changedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  const user = await users.findOneAndUpdate(
    { email: input.email },
    { $set: { password_hash, password_changed_at: changedAt } },
    { returnDocument: "after" },
  );
  if (!user) throw new Invalid(WRONG_CODE, { code: [WRONG_CODE] });
  // The code proved the address, so an account that never verified it is verified now.
  if (!user.emailVerified) await users.updateOne({ _id: user._id, emailVerified: null }, { $set: { emailVerified: changedAt } });
  await noteUserChange(user._id);
  return toAuthUser(user);
}

/** Whether the signed-in account has a password (one made by an emailed code may not). */
export async function hasPassword(user: AuthUser): Promise<boolean> {
  const doc = await (await collections.users()).findOne({ _id: new ObjectId(user.id) }, { projection: { password_hash: 1 } });
  return Boolean(doc?.password_hash);
}

const NOT_CURRENT = "That is not your current password.";

/**
 * Sets the signed-in user's password: a first one, or a new one given the current one. Replacing a
 * password ends every other session and API token (`revoked`: the caller signs this session in
 * again). The write is guarded by the hash it replaces, so of two changes at once only one wins.
 */
export async function setPassword(user: AuthUser, input: SetPasswordInput): Promise<{ revoked: boolean }> {
  const users = await collections.users();
  const _id = new ObjectId(user.id);
  const doc = await users.findOne({ _id }, { projection: { password_hash: 1 } });
  if (!doc) throw new Unauthorized();
  const current = doc.password_hash;
  if (current) {
    if (!input.current_password) throw new Invalid("Enter your current password.", { current_password: ["Enter your current password."] });
    if (!(await verifyPassword(input.current_password, current))) throw new Invalid(NOT_CURRENT, { current_password: [NOT_CURRENT] });
  }
  const set: Partial<UserDoc> = { password_hash: await hashPassword(input.password) };
  if (current) set.password_changed_at = new Date(Math.floor(Date.now() / 1000) * 1000);
  const { matchedCount } = await users.updateOne({ _id, password_hash: current ?? { $exists: false } }, { $set: set });
  if (matchedCount !== 1) throw new Conflict("Your password was changed a moment ago. Reload the page and try again.");
  if (current) await noteUserChange(_id);
  return { revoked: Boolean(current) };
}

type SignedInDoc = Pick<UserDoc, "_id" | "email" | "username" | "emailVerified" | "password_changed_at" | "name" | "image">;

/**
 * Who a session or token names, kept up to SIGNED_IN_TTL_MS: every signed-in request checks it. A
 * write through `collections.users()` in this process drops the entry at once. A change another
 * process notes (noteUserChange: a password change revoking old tokens, a verified address, a new
 * username) is dropped here within SIGNED_IN_CHECK_MS, when this process next reads the users'
 * version document (lib/db/version-ring.ts); anything else within the TTL.
 */
export const SIGNED_IN_TTL_MS = 10_000;
export const SIGNED_IN_CHECK_MS = 1_000;
const signedIn = new DocCache<SignedInDoc>(
  Date.now,
  SIGNED_IN_TTL_MS,
  10_000,
  readByIds(collections.users, { email: 1, username: 1, emailVerified: 1, password_changed_at: 1, name: 1, image: 1 }),
).followWrites(onUserWrite);
const notedUsers = new VersionFollower(Date.now, SIGNED_IN_CHECK_MS, () => readVersion(USERS_VERSION_ID), (ids) => signedIn.drop(ids));

/**
 * After a change of what a session or token check reads (the password's date, the verified address,
 * the username): every process drops that user at its next check. A failed note is logged, not
 * thrown: the change itself is made, and other processes see it within SIGNED_IN_TTL_MS.
 */
export async function noteUserChange(userId: ObjectId): Promise<void> {
  try {
    await bumpVersion(USERS_VERSION_ID, userId.toHexString());
  } catch (err) {
    console.error(`[invyta] note of user ${userId.toHexString()} failed:`, err);
  }
}

/**
 * How a user shows among an event's faces (name, username, photo), read like the user behind a
 * token: a guest who has just joined was read by their request's check, so this is no second read.
 * At most SIGNED_IN_TTL_MS old when changed in another process; null when the account is gone.
 */
export async function faceProfile(userId: ObjectId): Promise<Pick<UserDoc, "name" | "username" | "image"> | null> {
  const id = userId.toHexString();
  return (await signedIn.read([id])).get(id) ?? null;
}

/**
 * The user behind a session or token issued at `issuedAtSeconds`, or null when the account is gone,
 * unverified, or its password changed after that moment.
 */
export async function activeUser(userId: string, issuedAtSeconds: number): Promise<AuthUser | null> {
  const id = objectIdOrNull(userId)?.toHexString();
  if (!id) return null;
  await notedUsers.fresh();
  const user = (await signedIn.read([id])).get(id);
  if (!user || !user.emailVerified) return null;
  if (user.password_changed_at && issuedAtSeconds < user.password_changed_at.getTime() / 1000) return null;
  return toAuthUser(user);
}
