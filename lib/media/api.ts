import "server-only";
import type { Readable } from "node:stream";
import type { NextRequest } from "next/server";
import { withApi, type ApiContext } from "@/lib/api";
import type { AuthUser } from "@/lib/auth/service";
import { userFromBearer } from "@/lib/auth/tokens";
import { env } from "@/lib/env";
import { Forbidden, RangeNotSatisfiable, Unauthorized } from "@/lib/errors";
import { RESPONSE_LENGTH_HEADER } from "@/lib/response-length";
import { contentDisposition, etagOf, ifRangeAllows, matchesIfNoneMatch, parseRange } from "./http";
import type { MediaFile } from "./service";

// The media routes answer API clients (Authorization: Bearer) and the app's own pages (the Auth.js
// session cookie: an <img>, a <video> and the upload widget cannot send a bearer token).

type Params = Record<string, string | string[] | undefined>;

function hasSessionCookie(req: NextRequest): boolean {
  return req.cookies.getAll().some((c) => /^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(c.name));
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

/** Bearer token first (a bad one is a 401), else the session cookie, else nobody. */
async function requestUser(req: NextRequest, { unsafe }: { unsafe: boolean }): Promise<AuthUser | null> {
  const header = req.headers.get("authorization");
  if (header) return userFromBearer(header);
  if (!hasSessionCookie(req)) return null;
  // Loaded only when there is a session cookie: Auth.js needs a request scope (and API clients never
  // use it). Kept dynamic on purpose: next-auth imports "next/server" in a way only Next's bundler
  // resolves, so a static import would stop the route tests (Vitest) from loading this module.
  const { currentUser } = await import("@/lib/auth/session");
  const user = await currentUser();
  if (user && unsafe) assertSameOrigin(req);
  return user;
}

/** GET routes: anyone, with more for a signed-in viewer. */
export function withMediaViewer<P extends Params>(handler: (ctx: ApiContext<P> & { user: AuthUser | null }) => Promise<Response | object>) {
  return withApi<P>(async (ctx) => handler({ ...ctx, user: await requestUser(ctx.req, { unsafe: false }) }));
}

/** Changes: a signed-in user (bearer or session), else 401. */
export function withMediaUser<P extends Params>(handler: (ctx: ApiContext<P> & { user: AuthUser }) => Promise<Response | object>) {
  return withApi<P>(async (ctx) => {
    const user = await requestUser(ctx.req, { unsafe: true });
    if (!user) throw new Unauthorized("Sign in first: send Authorization: Bearer <access_token> from /api/v1/auth/login.");
    return handler({ ...ctx, user });
  });
}

/** A Node stream as a web stream that reads one chunk per pull (backpressure) and stops GridFS when the client leaves. */
function webStreamOf(node: Readable): ReadableStream<Uint8Array> {
  const chunks = node[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      } catch (err) {
        controller.error(err);
      }
    },
    cancel() {
      node.destroy();
    },
  });
}

const PUBLIC_MAX_AGE = 3600;
const PRIVATE_MAX_AGE = 300;

/**
 * Streams a stored file: Content-Length, a strong ETag (304 on a match), single byte ranges (206,
 * 416 naming the size in Content-Range). Only an approved item of a public event may sit in a
 * shared cache; everything else is `private`. Next 16 drops Content-Length from route-handler
 * responses, so the length also goes in RESPONSE_LENGTH_HEADER, which our server turns back into it.
 */
export function fileResponse(req: NextRequest, file: MediaFile): Response {
  const etag = etagOf(file.fileId, file.length);
  const headers = new Headers({
    "Content-Type": file.contentType,
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Cache-Control": file.cacheablePublicly ? `public, max-age=${PUBLIC_MAX_AGE}` : `private, max-age=${PRIVATE_MAX_AGE}`,
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": contentDisposition(file.filename),
    "Cross-Origin-Resource-Policy": "same-origin",
  });
  if (!file.cacheablePublicly) headers.set("Vary", "Authorization, Cookie");

  if (matchesIfNoneMatch(req.headers.get("if-none-match"), etag)) {
    headers.delete("Content-Type");
    headers.delete("Content-Disposition");
    return new Response(null, { status: 304, headers });
  }

  const range = ifRangeAllows(req.headers.get("if-range"), etag) ? parseRange(req.headers.get("range"), file.length) : ({ kind: "full" } as const);
  if (range.kind === "unsatisfiable") throw new RangeNotSatisfiable(file.length);
  if (range.kind === "partial") {
    headers.set("Content-Range", `bytes ${range.start}-${range.end}/${file.length}`);
    setLength(headers, range.end - range.start + 1);
    return new Response(webStreamOf(file.open(range)), { status: 206, headers });
  }
  setLength(headers, file.length);
  return new Response(webStreamOf(file.open()), { status: 200, headers });
}

function setLength(headers: Headers, length: number) {
  headers.set("Content-Length", String(length));
  headers.set(RESPONSE_LENGTH_HEADER, String(length));
}
