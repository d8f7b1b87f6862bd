import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { headers } from "next/headers";
import { SIGNED_IN_HOME } from "@/lib/auth/home";
import { safeReturnTo } from "@/lib/auth/schema";
import { requireUser } from "@/lib/auth/session";
import type { AuthUser } from "@/lib/auth/service";
import { dbUnavailable } from "@/lib/db/client";
import { AppError, type ErrorCode, type FieldErrors, fieldErrorsOf, logUnexpected } from "@/lib/errors";

// Server actions return a result instead of throwing, so forms can show errors beside fields.
// Input is never echoed back (a password must not travel back into form state).

export type ActionResult<T = null> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: FieldErrors; retryAfter?: number };

export function actionFailureOf(err: unknown): Extract<ActionResult, { ok: false }> {
  // redirect() and notFound() work by throwing; they must reach Next untouched.
  unstable_rethrow(err);
  // The database out of reach: "try again in a moment", not "something went wrong".
  err = dbUnavailable(err);
  if (err instanceof AppError) {
    const failure: Extract<ActionResult, { ok: false }> = { ok: false, code: err.code, message: err.message };
    if ("fieldErrors" in err && err.fieldErrors) failure.fieldErrors = err.fieldErrors as FieldErrors;
    if ("retryAfterSeconds" in err) failure.retryAfter = err.retryAfterSeconds as number;
    return failure;
  }
  logUnexpected("server action failed", err);
  return { ok: false, code: "internal", message: "Something went wrong on our side. Please try again." };
}

/** `validatedAction(schema, async (input) => data)`: parse with the form's own schema, then run. */
export function validatedAction<S extends z.ZodType, T>(schema: S, run: (input: z.output<S>) => Promise<T>) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return { ok: false, code: "invalid", message: "Please correct the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
    }
    try {
      return { ok: true, data: await run(parsed.data) };
    } catch (err) {
      return actionFailureOf(err);
    }
  };
}

/** The page the action was sent from (same origin only), so signing in again comes back to it. */
async function returnPath(): Promise<string> {
  const referer = (await headers()).get("referer");
  if (!referer) return SIGNED_IN_HOME;
  try {
    const url = new URL(referer);
    return safeReturnTo(`${url.pathname}${url.search}`, SIGNED_IN_HOME);
  } catch {
    return SIGNED_IN_HOME;
  }
}

/** `validatedActionWithUser(schema, async (input, user) => data)`: the same, for a signed-in user. */
export function validatedActionWithUser<S extends z.ZodType, T>(
  schema: S,
  run: (input: z.output<S>, user: AuthUser) => Promise<T>,
  { allowNoUsername = false } = {},
) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    const user = await requireUser(await returnPath(), { allowNoUsername });
    return validatedAction(schema, (input) => run(input, user))(raw);
  };
}
