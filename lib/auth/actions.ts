"use server";

import { redirect } from "next/navigation";
import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import { validatedAction, validatedActionWithUser } from "@/lib/action";
import { Unauthorized } from "@/lib/errors";
import { signIn, signOut } from "./next-auth";
import { emailOnlySchema, resetPasswordSchema, safeReturnTo, setPasswordSchema, signInSchema, signUpSchema, verifySchema } from "./schema";
import { registerUser, requestPasswordReset, resendVerification, resetPassword, setPassword, verifyEmail } from "./service";
import { issueSignInTicket } from "./tokens";

// Browser forms for signing up and in. Each parses with the form's own schema, declares the same
// per-IP and per-email limit as its API route, by name (lib/limits.ts; counted by lib/action.ts),
// and calls the same service.

const next = { next: z.string().max(2048).optional() };

const verifyUrl = (email: string, next: string) => `/verify?${new URLSearchParams({ email, next })}`;

export const signUpAction = validatedAction(
  signUpSchema.extend(next),
  async ({ email, password, next }) => {
    await registerUser({ email, password });
    redirect(verifyUrl(email, safeReturnTo(next)));
  },
  { limit: "register" },
);

export const verifyAction = validatedAction(
  verifySchema.extend(next),
  async ({ email, code, next }) => {
    const user = await verifyEmail({ email, code });
    // A user without a username is sent on to /welcome by the page they land on.
    await signIn("credentials", { ticket: await issueSignInTicket(user.id), redirectTo: safeReturnTo(next) });
    return null;
  },
  { limit: "verify" },
);

export const resendCodeAction = validatedAction(emailOnlySchema, ({ email }) => resendVerification(email), { limit: "resend" });

// signIn() runs Auth.js in this process, not through its route: the limit is counted here, as the
// route (lib/auth/authjs-limits.ts) counts it for a direct POST. The unverified check runs inside
// the Credentials provider (lib/auth/next-auth.ts).
export const signInAction = validatedAction(
  signInSchema.extend(next),
  async ({ email, password, next }) => {
    const returnTo = safeReturnTo(next);
    try {
      await signIn("credentials", { email, password, redirectTo: returnTo });
    } catch (err) {
      if (!(err instanceof CredentialsSignin)) throw err;
      if (err.code === "email_unverified") redirect(verifyUrl(email, returnTo));
      throw new Unauthorized("Wrong email or password.");
    }
    return null;
  },
  { limit: "login", tooMany: "Too many sign-in attempts." },
);

export const magicLinkAction = validatedAction(
  emailOnlySchema.extend(next),
  async ({ email, next }) => {
    await signIn("nodemailer", { email, redirectTo: safeReturnTo(next) });
    return null;
  },
  { limit: "login" },
);

export const forgotPasswordAction = validatedAction(
  emailOnlySchema,
  async ({ email }) => {
    await requestPasswordReset(email);
    redirect(`/reset-password?${new URLSearchParams({ email })}`);
  },
  { limit: "reset" },
);

export const resetPasswordAction = validatedAction(
  resetPasswordSchema,
  async (input) => {
    await resetPassword(input);
    redirect("/login?reset=1");
  },
  { limit: "reset" },
);

/** /profile: add a password, or change it (this session stays signed in; every other one ends). */
export const setPasswordAction = validatedActionWithUser(
  setPasswordSchema,
  async (input, user) => {
    const { revoked } = await setPassword(user, input);
    if (revoked) await signIn("credentials", { ticket: await issueSignInTicket(user.id), redirect: false });
    return { revoked };
  },
  { limit: "passwordChange", allowNoUsername: true },
);

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
