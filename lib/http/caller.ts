import "server-only";
import type { NextRequest } from "next/server";
import type { AuthUser } from "@/lib/auth/service";
import { userFromBearer } from "@/lib/auth/tokens";
import { env } from "@/lib/env";
import { Forbidden, Unauthorized } from "@/lib/errors";

// Who is calling a route, as its declaration allows:
// - "anonymous": nobody is looked up (an Authorization header is ignored);
// - "bearer": `Authorization: Bearer <access_token>`, else 401;
// - "optional-bearer": the same when the header is sent (a bad token is still a 401), else nobody;
// - "bearer-or-cookie": the bearer token, else the Auth.js session cookie (the app's own <img>,
//   <video> and upload widget cannot send a bearer token), else 401; a change made with the cookie
//   must come from the app's own pages;
// - "optional-bearer-or-cookie": the same, else nobody.

export const AUTH_MODES = ["anonymous", "bearer", "optional-bearer", "bearer-or-cookie", "optional-bearer-or-cookie"] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** The user a handler gets for each mode. */
export type CallerOf<A extends AuthMode> = A extends "anonymous" ? null : A extends "bearer" | "bearer-or-cookie" ? AuthUser : AuthUser | null;

export const SIGN_IN_FIRST = "Sign in first: send Authorization: Bearer <access_token> from /api/v1/auth/login.";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export async function callerOf(req: NextRequest, mode: AuthMode): Promise<AuthUser | null> {
  if (mode === "anonymous") return null;
  const header = req.headers.get("authorization");
  if (mode === "bearer") return userFromBearer(header);
  if (mode === "optional-bearer") return header ? userFromBearer(header) : null;
  const user = header ? await userFromBearer(header) : await sessionUser(req);
  if (!user && mode === "bearer-or-cookie") throw new Unauthorized(SIGN_IN_FIRST);
  return user;
}

function hasSessionCookie(req: NextRequest): boolean {
  return req.cookies.getAll().some((c) => /^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(c.name));
}

async function sessionUser(req: NextRequest): Promise<AuthUser | null> {
  if (!hasSessionCookie(req)) return null;
  // Loaded only when there is a session cookie: Auth.js needs a request scope (and API clients never
  // use it). Kept dynamic on purpose: next-auth imports "next/server" in a way only Next's bundler
  // resolves, so a static import would stop the route tests (Vitest) from loading this module.
  const { currentUser } = await import("@/lib/auth/session");
  const user = await currentUser();
  if (user && !SAFE_METHODS.has(req.method)) assertSameOrigin(req);
  return user;
}

/**
 * A cookie-authenticated change must come from the app's own pages. Auth.js cookies are SameSite=Lax
 * already; this also refuses a same-site but cross-origin page.
 */
function assertSameOrigin(req: NextRequest) {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new Forbidden("Cross-site requests are not accepted.");
  const origin = req.headers.get("origin");
  if (!origin && !site) throw new Forbidden("Cross-site requests are not accepted.");
  if (origin) {
    const allowed = new Set([new URL(env().APP_URL).origin, req.nextUrl.origin]);
    const host = req.headers.get("host");
    if (host) allowed.add(`${req.nextUrl.protocol}//${host}`);
    if (!allowed.has(origin)) throw new Forbidden("Cross-site requests are not accepted.");
  }
}
