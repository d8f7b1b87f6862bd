import "server-only";
import type { NextRequest } from "next/server";
import { readJson } from "@/lib/api";
import { enforceRequestPolicy, LIMITS, type LimitPolicy } from "@/lib/limits";
import { apiVerifySchema, emailOnlySchema, resetPasswordSchema, signInSchema, signUpSchema } from "./schema";
import {
  authenticate,
  registerUser,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  verifyEmail,
} from "./service";
import { issueApiToken } from "./tokens";

// The JSON API's auth endpoints: parse, rate-limit per IP and per email (lib/limits.ts), call the service.

async function limited(req: NextRequest, policy: LimitPolicy, email: string) {
  await enforceRequestPolicy(policy, req.headers, { email });
}

export async function apiRegister(req: NextRequest) {
  const input = await readJson(req, signUpSchema);
  await limited(req, LIMITS.register, input.email);
  return registerUser(input);
}

export async function apiVerify(req: NextRequest) {
  const input = await readJson(req, apiVerifySchema);
  await limited(req, LIMITS.verify, input.email);
  const user = await verifyEmail(input);
  return { message: "Email verified successfully", user_id: user.id };
}

export async function apiResend(req: NextRequest) {
  const { email } = await readJson(req, emailOnlySchema);
  await limited(req, LIMITS.resend, email);
  return resendVerification(email);
}

export async function apiLogin(req: NextRequest) {
  const input = await readJson(req, signInSchema);
  await limited(req, LIMITS.login, input.email);
  const user = await authenticate(input);
  return { ...(await issueApiToken(user.id)), user_id: user.id, has_username: user.username !== null };
}

export async function apiForgotPassword(req: NextRequest) {
  const { email } = await readJson(req, emailOnlySchema);
  await limited(req, LIMITS.reset, email);
  return requestPasswordReset(email);
}

export async function apiResetPassword(req: NextRequest) {
  const input = await readJson(req, resetPasswordSchema);
  await limited(req, LIMITS.reset, input.email);
  await resetPassword(input);
  return { message: "Password changed. Sign in with your new password." };
}
