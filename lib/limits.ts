import "server-only";
import { clientIp } from "@/lib/client-ip";
import { enforceLimits, rateLimiter, type LimitOptions, type Limiter } from "@/lib/rate-limit";

// Which ways in are rate limited, and how much: the one table. Everything that sends mail or checks
// a secret (a password, an emailed code or link, an invite token) is limited where the request
// enters, before any other work, so each way in shares one budget per IP, per email and per user.
// Each names its policy from LIMITS: a JSON API route in its route() declaration (lib/http/route.ts),
// a page or server action through lib/http/limits.ts, Auth.js's own routes through AUTHJS_LIMITS.
// Limiter names are part of Redis keys (`invyta:rl:<name>:…`): renaming one resets its counters.

/** The keys a policy counts by; a policy without a limiter for a key ignores it. */
export type LimitKeys = { ip?: string | null; email?: string | null; userId?: string | null };
export type LimitPolicy = { [K in keyof LimitKeys]?: Limiter };

const perMinute = (limit: number): LimitOptions => ({ limit, windowSeconds: 60 });
const perHour = (limit: number): LimitOptions => ({ limit, windowSeconds: 3600 });

const KEY_SUFFIX: Record<keyof LimitKeys, string> = { ip: "ip", email: "email", userId: "user" };

/** A policy's limiters, named `<name>-ip`, `<name>-email`, `<name>-user`. */
function policy<K extends keyof LimitKeys>(name: string, opts: Record<K, LimitOptions>): Record<K, Limiter> {
  const entries = (Object.entries(opts) as Array<[K, LimitOptions]>).map(([key, options]) => [key, rateLimiter(`${name}-${KEY_SUFFIX[key]}`, options)]);
  return Object.fromEntries(entries) as Record<K, Limiter>;
}

export const LIMITS = {
  /** POST /api/v1/auth/register · signUpAction (/signup) */
  register: policy("register", { ip: perMinute(5), email: perMinute(5) }),
  /**
   * POST /api/v1/auth/verify, /api/v1/auth/code/verify · verifyAction (/verify), joinWithCodeAction
   * (the join page's second step): one budget for checking emailed codes.
   */
  verify: policy("verify", { ip: perMinute(5), email: perMinute(5) }),
  /** POST /api/v1/auth/code · requestJoinCodeAction (the join page's first step; it also looks up the invite token) */
  signInCode: policy("sign-in-code", { ip: perMinute(5), email: perMinute(5) }),
  /** POST /api/v1/auth/resend-otp · resendCodeAction (/verify) */
  resend: policy("resend", { ip: perMinute(5), email: perMinute(5) }),
  /**
   * POST /api/v1/auth/login · signInAction and magicLinkAction (/login) · Auth.js: POST
   * signin/credentials, callback/credentials, signin/nodemailer, and GET/POST callback/nodemailer
   * (the emailed link's token). One budget: a password guess and a mailed link cost the same.
   */
  login: policy("login", { ip: perMinute(5), email: perMinute(5) }),
  /** PUT /api/v1/auth/password · setPasswordAction (/profile): the current password is a secret to guess */
  passwordChange: policy("password-change", { ip: perMinute(5), userId: perMinute(5) }),
  /** POST /api/v1/auth/forgot-password, /api/v1/auth/reset-password · forgotPasswordAction, resetPasswordAction */
  reset: policy("reset", { ip: perMinute(5), email: perMinute(5) }),
  /** GET /events/join (the page) · joinEventAction · POST /api/v1/events/join · GET /events/{id}/preview.png: every look-up of a token counts */
  inviteToken: policy("invite-token", { ip: perMinute(30) }),
  /** POST /api/v1/events/{id}/invitations · inviteEmailsAction: up to 50 addresses a call, so at most 1,000 mails an hour */
  inviteEmails: policy("invite-emails", { userId: perHour(20) }),
  /** GET /calendar/{token}.ics (a person's calendar feed): the secret token is the only key, so guesses are counted per IP */
  calendarFeed: policy("calendar-feed", { ip: perMinute(60) }),
  /** POST /api/v1/events/{id}/comments · postCommentAction (the event page): a person talks, a script floods */
  comment: policy("comment", { userId: perMinute(10) }),
  /** POST /api/v1/events/{id}/announcements · postAnnouncementAction (the event page): each one emails a group of guests */
  announcement: policy("announcement", { userId: perHour(10) }),
  /** POST, DELETE /api/v1/events/{id}/check-ins… (the check-in page uses them too): a busy door scans a ticket every few seconds per host */
  checkIn: policy("check-in", { userId: perMinute(120) }),
  /** POST /api/v1/events/{id}/cohosts · addCohostAction (/events/{id}/manage): each try says whether an account has that email */
  cohostAdd: policy("cohost-add", { userId: perHour(30) }),
} satisfies Record<string, LimitPolicy>;

/**
 * Auth.js's routes (app/api/auth/[...nextauth]) that send mail or check a secret, by
 * "<METHOD> <action>/<provider>"; every other Auth.js route (session, csrf, providers, signout) is
 * unlimited. The email, when the request names one, comes from its form body or query.
 */
export const AUTHJS_LIMITS: Record<string, LimitPolicy> = {
  "POST signin/credentials": LIMITS.login,
  "POST callback/credentials": LIMITS.login,
  "POST signin/nodemailer": LIMITS.login,
  "GET callback/nodemailer": LIMITS.login,
  "POST callback/nodemailer": LIMITS.login,
};

/** Counts one attempt against each of the policy's limits; throws RateLimited (429) or Unavailable (503, store down). */
export async function enforcePolicy(limits: LimitPolicy, keys: LimitKeys): Promise<void> {
  await enforceLimits([
    [limits.ip, keys.ip],
    [limits.email, keys.email],
    [limits.userId, keys.userId],
  ].filter((check): check is [Limiter, string | null | undefined] => check[0] !== undefined));
}

/** The same, keyed by the request's client IP (see lib/client-ip.ts) and the optional email or user. */
export async function enforceRequestPolicy(limits: LimitPolicy, headers: Headers, keys: Omit<LimitKeys, "ip"> = {}): Promise<void> {
  await enforcePolicy(limits, { ...keys, ip: clientIp(headers) });
}
