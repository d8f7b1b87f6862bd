import "server-only";
import { NextResponse, type NextRequest } from "next/server";

// Next answers a method a route does not export with an empty 405 (and an unknown path under
// /api/v1 with the HTML 404 page). API clients get JSON errors everywhere, so each route exports
// these for the methods it lacks: `export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");`
// The type refuses a method the route also implements, so the two cannot both be exported.

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (req: NextRequest) => Response;

/** Marks the handlers made here, so the OpenAPI contract test can tell them from real operations. */
const STUB = Symbol("invyta.methodStub");

export function isMethodStub(handler: unknown): boolean {
  return typeof handler === "function" && STUB in handler;
}

function stub(handler: Handler): Handler {
  return Object.assign(handler, { [STUB]: true });
}

/** The Allow header: HEAD comes with GET (Next answers it from the GET handler), OPTIONS always. */
function allowHeader(allowed: readonly Method[]): string {
  return [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
}

/** Handlers answering 405 JSON for every method but `allowed`, and OPTIONS naming the allowed ones. */
export function onlyMethods<A extends Method>(...allowed: A[]): Record<Exclude<Method, A> | "OPTIONS", Handler> {
  const allow = allowHeader(allowed);
  const refuse: Handler = stub((req) =>
    NextResponse.json(
      { error: `${req.method} is not allowed here; this endpoint accepts ${allow}.`, code: "method_not_allowed" },
      { status: 405, headers: { Allow: allow, "Cache-Control": "no-store" } },
    ),
  );
  const handlers: Record<string, Handler> = { OPTIONS: stub(() => new Response(null, { status: 204, headers: { Allow: allow } })) };
  for (const method of METHODS) if (!(allowed as readonly Method[]).includes(method)) handlers[method] = refuse;
  return handlers as Record<Exclude<Method, A> | "OPTIONS", Handler>;
}

/** Every method on a path no route serves: JSON 404 naming the request. */
export const unknownEndpoint: Handler = stub((req) =>
  NextResponse.json(
    { error: `There is no endpoint ${req.method} ${req.nextUrl.pathname}.`, code: "not_found" },
    { status: 404, headers: { "Cache-Control": "no-store" } },
  ),
);
