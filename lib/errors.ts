import type { ZodError } from "zod";

// One family of domain errors. Services throw them; lib/api.ts maps them to HTTP and
// lib/action.ts to form state. Anything else is a bug: logged, and answered without internals.

export type ErrorCode =
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "email_unverified"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media"
  | "range_not_satisfiable"
  | "rate_limited"
  | "unavailable"
  | "internal";

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An AppError whose message may be left out: status, code and the message said when none is given. */
function withDefaultMessage(status: number, code: ErrorCode, defaultMessage: string) {
  return class extends AppError {
    constructor(message = defaultMessage) {
      super(status, code, message);
    }
  };
}

export class Invalid extends AppError {
  constructor(
    message = "Some of the input is not valid.",
    readonly fieldErrors?: FieldErrors,
  ) {
    super(400, "invalid", message);
  }
}
export class Unauthorized extends withDefaultMessage(401, "unauthorized", "Sign in to continue.") {}
export class Forbidden extends withDefaultMessage(403, "forbidden", "You are not allowed to do that.") {}
export class NotFound extends withDefaultMessage(404, "not_found", "Not found.") {}
export class Conflict extends AppError {
  constructor(message: string) {
    super(409, "conflict", message);
  }
}
export class PayloadTooLarge extends withDefaultMessage(413, "payload_too_large", "That is too large.") {}
export class UnsupportedMedia extends withDefaultMessage(415, "unsupported_media", "That type of content is not supported.") {}
export class RangeNotSatisfiable extends AppError {
  constructor(readonly size: number) {
    super(416, "range_not_satisfiable", "The requested byte range is outside the file.");
  }
}
export class RateLimited extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `Too many attempts. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`,
  ) {
    super(429, "rate_limited", message);
  }
}

/**
 * A service this request needs (the database, the rate-limit store) is unreachable: 503 with
 * Retry-After. Failing closed: the request is refused, never served without its checks.
 */
export class Unavailable extends AppError {
  constructor(
    readonly retryAfterSeconds = 5,
    message = "Invyta is temporarily unavailable. Please try again in a moment.",
  ) {
    super(503, "unavailable", message);
  }
}

/** zod issues → a field → messages map ("" for form-level issues). */
export function fieldErrorsOf(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function invalidFromZod(error: ZodError, message = "Some of the input is not valid."): Invalid {
  return new Invalid(message, fieldErrorsOf(error));
}

export type ErrorBody = { error: string; code: ErrorCode; issues?: FieldErrors };

/** The single mapping from an error to an HTTP status, JSON body and headers. */
export function httpErrorOf(err: unknown, log: (msg: string, err: unknown) => void = logUnexpected) {
  if (err instanceof AppError) {
    const body: ErrorBody = { error: err.message, code: err.code };
    const headers: Record<string, string> = {};
    if (err instanceof Invalid && err.fieldErrors) body.issues = err.fieldErrors;
    if (err instanceof RateLimited || err instanceof Unavailable) headers["Retry-After"] = String(err.retryAfterSeconds);
    if (err instanceof RangeNotSatisfiable) headers["Content-Range"] = `bytes */${err.size}`;
    return { status: err.status, body, headers };
  }
  log("unexpected error", err);
  const body: ErrorBody = { error: "Something went wrong on our side. Please try again.", code: "internal" };
  return { status: 500, body, headers: {} as Record<string, string> };
}

export function logUnexpected(msg: string, err: unknown) {
  console.error(`[invyta] ${msg}:`, err);
}
