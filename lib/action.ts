import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { headers } from "next/headers";
import { SIGNED_IN_HOME } from "@/lib/auth/home";
import { safeReturnTo } from "@/lib/auth/schema";
import { requireUser } from "@/lib/auth/session";
import type { AuthUser } from "@/lib/auth/service";
import { dbUnavailable } from "@/lib/db/client";
import { AppError, type ErrorCode, type FieldErrors, fieldErrorsOf, logUnexpected, RateLimited } from "@/lib/errors";
import { limitThisRequest, type LimitName } from "@/lib/http/limits";

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

/**
 * What an action declares besides its schema: its rate-limit policy by name (lib/limits.ts LIMITS),
 * counted like a route's (lib/http/route.ts) once the input parses — per client IP, per the
 * input's `email` and per signed-in user, as far as the policy counts by each — and, optionally,
 * how the form words "too many" (followed by "Try again in N seconds.").
 */
export type ActionOptions = { limit?: LimitName; tooMany?: string };

async function countAgainstLimit(options: ActionOptions, input: unknown, user?: AuthUser): Promise<void> {
  if (!options.limit) return;
  const email = (input as { email?: unknown } | null)?.email;
  await limitThisRequest(options.limit, { email: typeof email === "string" ? email : undefined, userId: user?.id });
}

function failureOf(err: unknown, options: ActionOptions): Extract<ActionResult, { ok: false }> {
  const failure = actionFailureOf(err);
  if (options.tooMany && err instanceof RateLimited) {
    failure.message = `${options.tooMany} Try again in ${err.retryAfterSeconds} second${err.retryAfterSeconds === 1 ? "" : "s"}.`;
  }
  return failure;
}

async function runParsed<S extends z.ZodType, T>(
  schema: S,
  raw: unknown,
  options: ActionOptions,
  user: AuthUser | undefined,
  run: (input: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, code: "invalid", message: "Please correct the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  }
  try {
    await countAgainstLimit(options, parsed.data, user);
    return { ok: true, data: await run(parsed.data) };
  } catch (err) {
    return failureOf(err, options);
  }
}

/**
 * `validatedAction(schema, async (input) => data, { limit })`: parse with the form's own schema,
 * count the request against the named limit, then run. The function may redirect().
 */
export function validatedAction<S extends z.ZodType, T>(schema: S, run: (input: z.output<S>) => Promise<T>, options: ActionOptions = {}) {
  return async (raw: unknown): Promise<ActionResult<T>> => runParsed(schema, raw, options, undefined, run);
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

/** `validatedActionWithUser(schema, async (input, user) => data, { limit })`: the same, for a signed-in user. */
export function validatedActionWithUser<S extends z.ZodType, T>(
  schema: S,
  run: (input: z.output<S>, user: AuthUser) => Promise<T>,
  { allowNoUsername = false, ...options }: ActionOptions & { allowNoUsername?: boolean } = {},
) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    const user = await requireUser(await returnPath(), { allowNoUsername });
    return runParsed(schema, raw, options, user, (input) => run(input, user));
  };
}
