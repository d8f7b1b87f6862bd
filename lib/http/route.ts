import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { enforceRequestPolicy, LIMITS } from "@/lib/limits";
import { parseWith, queryInput, readJson } from "./body";
import { callerOf, type AuthMode, type CallerOf } from "./caller";
import { errorResponse } from "./errors";
import type { LimitName } from "./limits";

// The one wrapper for /api/v1 route handlers. A route declares who may call it, its rate-limit
// policy by name (lib/limits.ts LIMITS), its params, query and body schemas and its responses:
//
//   export const POST = route({ summary: "Join an event", auth: "bearer", limit: "inviteToken",
//     body: joinSchema, response: joinedResponse }, async ({ user, body }) => …);
//
// The handler gets the caller and the parsed input, and returns an object (answered as JSON with the
// declared success status) or a Response. The same declaration is the route's OpenAPI operation
// (lib/http/openapi.ts). In order: params resolved, caller found (401 without one where required),
// the limit counted, query and body parsed (400, 413, 415); a policy that counts per email counts
// once the body has named it. Domain errors become status + JSON `{error, code}` (./errors.ts).

type Params = Record<string, string | string[] | undefined>;
type RouteContext = { params: Promise<Params> };
export type ApiHandler = (req: NextRequest, context: RouteContext) => Promise<Response>;

/** A response that is not JSON (a file, an image, a calendar): documented by its content type. */
export type Binary = { binary: string; description: string };
export const binary = (contentType: string, description: string): Binary => ({ binary: contentType, description });

export type ResponseSchema = z.ZodType | Binary | null;
/** Statuses the wrapper does not derive itself (it knows 400, 401, 403, 413, 415, 429 from the declaration). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 416 | 429;

export type RouteSpec = {
  summary: string;
  description?: string;
  auth: AuthMode;
  limit?: LimitName;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** The 400 message for a query that does not parse. */
  invalidQuery?: string;
  /** A JSON body, or "multipart" for a route that streams `multipart/form-data` itself. */
  body?: z.ZodType | "multipart";
  /** The success answer: one schema (200), or schemas by status; `null` for no body. */
  response: ResponseSchema | { [status: number]: ResponseSchema };
  /** What the services behind the route can refuse with, beyond what the declaration implies. */
  errors?: readonly ErrorStatus[];
};

type Out<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;

export type RouteInput<S extends RouteSpec> = {
  req: NextRequest;
  user: CallerOf<S["auth"]>;
  params: Out<S["params"], Record<string, never>>;
  query: Out<S["query"], Record<string, never>>;
  body: Out<S["body"], undefined>;
};

export type Route<S extends RouteSpec = RouteSpec> = ApiHandler & { spec: S };

export function isResponseSchema(value: unknown): value is ResponseSchema {
  return value === null || value instanceof z.ZodType || (typeof value === "object" && "binary" in value);
}

/** The declared success answers by status. */
export function successResponses(spec: RouteSpec): Map<number, ResponseSchema> {
  const { response } = spec;
  if (isResponseSchema(response)) return new Map([[200, response]]);
  return new Map(Object.entries(response).map(([status, schema]) => [Number(status), schema]));
}

export function route<const S extends RouteSpec>(spec: S, handler: (input: RouteInput<S>) => Promise<Response | object>): Route<S> {
  const status = Math.min(...successResponses(spec).keys());
  const policy = spec.limit ? LIMITS[spec.limit] : undefined;
  const limitAfterBody = policy !== undefined && "email" in policy;

  const run = withApi(async ({ req, params: raw }) => {
    const user = await callerOf(req, spec.auth);
    const limit = async (email?: unknown) => {
      if (!policy) return;
      await enforceRequestPolicy(policy, req.headers, { userId: user?.id, email: typeof email === "string" ? email : undefined });
    };
    if (!limitAfterBody) await limit();
    const params = spec.params ? parseWith(spec.params, raw) : raw;
    const query = spec.query ? parseWith(spec.query, queryInput(req.nextUrl.searchParams, spec.query), spec.invalidQuery) : {};
    const body = spec.body instanceof z.ZodType ? await readJson(req, spec.body) : undefined;
    if (limitAfterBody) await limit((body as { email?: unknown } | undefined)?.email);
    const result = await handler({ req, user, params, query, body } as RouteInput<S>);
    return result instanceof Response ? result : NextResponse.json(result, { status });
  });
  return Object.assign(run, { spec });
}

export type ApiContext<P> = { req: NextRequest; params: P };

/**
 * The wrapper underneath route(), for route handlers outside /api/v1 (the session-cookie downloads
 * under /events): params resolved, errors answered by ./errors.ts, a returned object as JSON. With
 * `limit`, each request first counts against that policy by client IP (429 over it).
 */
export function withApi<P extends Params = Record<string, never>>(
  handler: (ctx: ApiContext<P>) => Promise<Response | object>,
  { limit }: { limit?: LimitName } = {},
): ApiHandler {
  return async (req, context) => {
    try {
      if (limit) await enforceRequestPolicy(LIMITS[limit], req.headers);
      const params = (context?.params ? await context.params : {}) as P;
      const result = await handler({ req, params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
