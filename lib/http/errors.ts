import "server-only";
import { NextResponse } from "next/server";
import { dbUnavailable } from "@/lib/db/client";
import { httpErrorOf } from "@/lib/errors";

// The one place an API answer is made from a thrown error: lib/errors.ts httpErrorOf gives the
// status, body and headers of a domain error; here a database outage becomes 503 and every error
// answer is uncacheable. Pages map the same errors in ./pages.ts, server actions in lib/action.ts.

export const WWW_AUTHENTICATE = 'Bearer realm="invyta"';

export function errorResponse(err: unknown): Response {
  // A driver error meaning "database unreachable" is an outage (503 + Retry-After), not a bug (500).
  const { status, body, headers } = httpErrorOf(dbUnavailable(err));
  const extra: Record<string, string> = status === 401 ? { "WWW-Authenticate": WWW_AUTHENTICATE } : {};
  return NextResponse.json(body, { status, headers: { ...headers, ...extra, "Cache-Control": "no-store" } });
}
