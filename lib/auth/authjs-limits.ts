import "server-only";
import { z } from "zod";
import { PayloadTooLarge } from "@/lib/errors";
import { readBodyText } from "@/lib/http/body";
import { errorResponse } from "@/lib/http/errors";
import { AUTHJS_LIMITS, enforceRequestPolicy } from "@/lib/limits";

// Auth.js's own routes are ways in too: POST signin/nodemailer sends mail, callback/credentials
// checks a password. Before Auth.js runs, a request to one that lib/limits.ts names counts against
// that policy per IP and per email, and is refused with 429 (or 503 when the limit store is down)
// as JSON, like the rest of the API.

/** Only the email is read from the request here; Auth.js parses and validates everything itself. */
const emailField = z.object({ email: z.string().trim().toLowerCase().min(1).max(320) });
/** A sign-in form is a few hundred bytes; a larger body is not read for its email (the IP limit still counts). */
const FORM_READ_LIMIT = 16 * 1024;

/** The request as Next hands it to a route handler (a NextRequest), typed here without next/*. */
type RouteRequest = Request & { readonly nextUrl: URL };
type Handler<R extends RouteRequest> = (req: R) => Promise<Response>;

/** Auth.js's route handler for `method`, behind the limits AUTHJS_LIMITS declares for its actions. */
export function withAuthJsLimits<R extends RouteRequest>(method: "GET" | "POST", handler: Handler<R>): Handler<R> {
  return async (req) => {
    const policy = AUTHJS_LIMITS[`${method} ${authAction(req)}`];
    if (policy) {
      try {
        await enforceRequestPolicy(policy, req.headers, { email: await emailOf(req) });
      } catch (err) {
        return errorResponse(err);
      }
    }
    return handler(req);
  };
}

/** "/api/auth/signin/nodemailer" → "signin/nodemailer". */
function authAction(req: RouteRequest): string {
  const path = req.nextUrl.pathname;
  const at = path.indexOf("/api/auth/");
  return at < 0 ? "" : path.slice(at + "/api/auth/".length).replace(/\/+$/, "");
}

/** The email a request names: the query (the emailed link), else the form or JSON body, read from a clone. */
async function emailOf(req: RouteRequest): Promise<string | null> {
  const fromQuery = emailField.safeParse({ email: req.nextUrl.searchParams.get("email") ?? undefined });
  if (fromQuery.success) return fromQuery.data.email;
  if (req.method !== "POST") return null;
  const type = req.headers.get("content-type") ?? "";
  const text = await readBodyText(req.clone(), FORM_READ_LIMIT).catch((err: unknown) => {
    if (err instanceof PayloadTooLarge) return null;
    throw err;
  });
  if (text === null) return null;
  let fields: unknown = null;
  if (/application\/x-www-form-urlencoded/i.test(type)) fields = Object.fromEntries(new URLSearchParams(text));
  else if (/application\/json/i.test(type)) fields = parseJson(text);
  const parsed = emailField.safeParse(fields);
  return parsed.success ? parsed.data.email : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
