"use server";

import { redirect } from "next/navigation";
import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import { actionFailureOf, type ActionResult } from "@/lib/action";
import { fieldErrorsOf, RateLimited } from "@/lib/errors";
import { limitThisRequest } from "@/lib/http/limits";
import { signIn, signOut } from "./next-auth";
import { emailOnlySchema, resetPasswordSchema, safeReturnTo, signInSchema, signUpSchema, verifySchema } from "./schema";
import { registerUser, requestPasswordReset, resendVerification, resetPassword, verifyEmail } from "./service";
import { issueSignInTicket } from "./tokens";

// Browser forms for signing up and in. Each parses with the form's own schema, applies the same
// per-IP and per-email limits as the API, by the same names (lib/limits.ts through lib/http/limits.ts),
// and calls the same service.

const next = { next: z.string().max(2048).optional() };

function invalid(error: z.ZodError): ActionResult<never> {
  return { ok: false, code: "invalid", message: "Please correct the highlighted fields.", fieldErrors: fieldErrorsOf(error) };
}

const verifyUrl = (email: string, next: string) => `/verify?${new URLSearchParams({ email, next })}`;

export async function signUpAction(raw: unknown): Promise<ActionResult> {
  const parsed = signUpSchema.extend(next).safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { email, password } = parsed.data;
  try {
    await limitThisRequest("register", { email });
    await registerUser({ email, password });
  } catch (err) {
    return actionFailureOf(err);
  }
  redirect(verifyUrl(email, safeReturnTo(parsed.data.next)));
}

export async function verifyAction(raw: unknown): Promise<ActionResult> {
  const parsed = verifySchema.extend(next).safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { email, code } = parsed.data;
  let ticket: string;
  try {
    await limitThisRequest("verify", { email });
    const user = await verifyEmail({ email, code });
    ticket = await issueSignInTicket(user.id);
  } catch (err) {
    return actionFailureOf(err);
  }
  // A user without a username is sent on to /welcome by the page they land on.
  await signIn("credentials", { ticket, redirectTo: safeReturnTo(parsed.data.next) });
  return { ok: true, data: null };
}

export async function resendCodeAction(raw: unknown): Promise<ActionResult<{ message: string }>> {
  const parsed = emailOnlySchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  try {
    await limitThisRequest("resend", { email: parsed.data.email });
    return { ok: true, data: await resendVerification(parsed.data.email) };
  } catch (err) {
    return actionFailureOf(err);
  }
}

export async function signInAction(raw: unknown): Promise<ActionResult> {
  const parsed = signInSchema.extend(next).safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { email, password } = parsed.data;
  const returnTo = safeReturnTo(parsed.data.next);
  try {
    // signIn() runs Auth.js in this process, not through its route: the limit is applied here, as
    // the route (lib/auth/authjs-limits.ts) applies it to a direct POST. The unverified check runs
    // inside the Credentials provider (lib/auth/next-auth.ts).
    await limitThisRequest("login", { email });
    await signIn("credentials", { email, password, redirectTo: returnTo });
  } catch (err) {
    if (err instanceof CredentialsSignin) {
      if (err.code === "email_unverified") redirect(verifyUrl(email, returnTo));
      return { ok: false, code: "unauthorized", message: "Wrong email or password." };
    }
    if (err instanceof RateLimited) {
      return { ...actionFailureOf(err), message: `Too many sign-in attempts. Try again in ${err.retryAfterSeconds} seconds.` };
    }
    return actionFailureOf(err);
  }
  return { ok: true, data: null };
}

export async function magicLinkAction(raw: unknown): Promise<ActionResult> {
  const parsed = emailOnlySchema.extend(next).safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  try {
    await limitThisRequest("login", { email: parsed.data.email });
    await signIn("nodemailer", { email: parsed.data.email, redirectTo: safeReturnTo(parsed.data.next) });
  } catch (err) {
    return actionFailureOf(err);
  }
  return { ok: true, data: null };
}

export async function forgotPasswordAction(raw: unknown): Promise<ActionResult> {
  const parsed = emailOnlySchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  try {
    await limitThisRequest("reset", { email: parsed.data.email });
    await requestPasswordReset(parsed.data.email);
  } catch (err) {
    return actionFailureOf(err);
  }
  redirect(`/reset-password?${new URLSearchParams({ email: parsed.data.email })}`);
}

export async function resetPasswordAction(raw: unknown): Promise<ActionResult> {
  const parsed = resetPasswordSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  try {
    await limitThisRequest("reset", { email: parsed.data.email });
    await resetPassword(parsed.data);
  } catch (err) {
    return actionFailureOf(err);
  }
  redirect("/login?reset=1");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
