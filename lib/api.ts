import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import type { AuthUser } from "@/lib/auth/service";
import { userFromBearer } from "@/lib/auth/tokens";
import { dbUnavailable } from "@/lib/db/client";
import { httpErrorOf, Invalid, invalidFromZod, PayloadTooLarge, UnsupportedMedia } from "@/lib/errors";

// The one wrapper for /api route handlers: params resolved, domain errors → status + JSON body,
// anything unexpected logged and answered 500 without internals.

export type ApiContext<P> = { req: NextRequest; params: P };
type RouteContext<P> = { params: Promise<P> };

export function withApi<P extends Record<string, string | string[] | undefined> = Record<string, never>>(
  handler: (ctx: ApiContext<P>) => Promise<Response | object>,
) {
  return async (req: NextRequest, context: RouteContext<P>): Promise<Response> => {
    try {
      const params = (context?.params ? await context.params : {}) as P;
      const result = await handler({ req, params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Like withApi, for endpoints that need a signed-in user: `Authorization: Bearer <access_token>`, else 401. */
export function withApiUser<P extends Record<string, string | string[] | undefined> = Record<string, never>>(
  handler: (ctx: ApiContext<P> & { user: AuthUser }) => Promise<Response | object>,
) {
  return withApi<P>(async (ctx) => handler({ ...ctx, user: await userFromBearer(ctx.req.headers.get("authorization")) }));
}

/** Endpoints open to everyone that answer more to a signed-in user; a bad token is still a 401. */
export function withApiOptionalUser<P extends Record<string, string | string[] | undefined> = Record<string, never>>(
  handler: (ctx: ApiContext<P> & { user: AuthUser | null }) => Promise<Response | object>,
) {
  return withApi<P>(async (ctx) => {
    const header = ctx.req.headers.get("authorization");
    return handler({ ...ctx, user: header ? await userFromBearer(header) : null });
  });
}

export function errorResponse(err: unknown): Response {
  // A driver error meaning "database unreachable" is an outage (503 + Retry-After), not a bug (500).
  const { status, body, headers } = httpErrorOf(dbUnavailable(err));
  const extra: Record<string, string> = status === 401 ? { "WWW-Authenticate": 'Bearer realm="invyta"' } : {};
  return NextResponse.json(body, { status, headers: { ...headers, ...extra, "Cache-Control": "no-store" } });
}

export const JSON_BODY_LIMIT = 64 * 1024;

/** Reads at most `limit` bytes of the body, without trusting Content-Length; more is a PayloadTooLarge. */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new PayloadTooLarge(`The request body is larger than ${Math.round(limit / 1024)} KB.`);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLarge(`The request body is larger than ${Math.round(limit / 1024)} KB.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON body with a zod schema: 415 for another type, 413 too large, 400 malformed or invalid. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, limit = JSON_BODY_LIMIT): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type.trim())) {
    throw new UnsupportedMedia("Send the request body as JSON (Content-Type: application/json).");
  }
  const text = await readBodyText(req, limit);
  let data: unknown;
  try {
    data = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new Invalid("The request body is not valid JSON.");
  }
  return parseWith(schema, data);
}

export function parseWith<S extends z.ZodType>(schema: S, data: unknown, message?: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw invalidFromZod(parsed.error, message);
  return parsed.data;
}
