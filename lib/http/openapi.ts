import "server-only";
import { z } from "zod";
import type { AuthMode } from "./caller";
import { errorBody } from "./responses";
import { successResponses, type ResponseSchema, type RouteSpec } from "./route";

// The OpenAPI 3.1 document, made from the route declarations themselves (lib/http/route.ts): the
// same zod schemas parse the requests and, through zod's own JSON Schema output (draft 2020-12, the
// dialect of OpenAPI 3.1), document them. Request schemas are documented as they are sent (zod's
// "input" side: defaults optional, before transforms), responses as they are answered.

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** One route file: its URL path (`/api/v1/events/{id}`), its group in the reference, and its exports. */
export type ApiRouteEntry = { path: string; tag: string; module: Partial<Record<HttpMethod, unknown>> };

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;
export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  tags: { name: string; description?: string }[];
  paths: Record<string, Partial<Record<Lowercase<HttpMethod>, Operation>>>;
  components: Record<string, Record<string, unknown>>;
};

/** The declaration a route() handler carries, or undefined for anything else (a 405 stub). */
export function specOf(handler: unknown): RouteSpec | undefined {
  const carries = (typeof handler === "function" || (typeof handler === "object" && handler !== null)) && "spec" in handler;
  return carries ? (handler.spec as RouteSpec) : undefined;
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const ERROR_SCHEMA_REF = { $ref: "#/components/schemas/Error" };

const SECURITY: Record<AuthMode, Record<string, string[]>[] | undefined> = {
  anonymous: undefined,
  bearer: [{ bearerAuth: [] }],
  "optional-bearer": [{ bearerAuth: [] }, {}],
  "bearer-or-cookie": [{ bearerAuth: [] }, { sessionCookie: [] }],
  "optional-bearer-or-cookie": [{ bearerAuth: [] }, { sessionCookie: [] }, {}],
};

const AUTH_NOTE: Record<AuthMode, string> = {
  anonymous: "No sign-in.",
  bearer: "Requires `Authorization: Bearer <access_token>`.",
  "optional-bearer": "Open to everyone; a bearer token shows more (a bad token is a 401).",
  "bearer-or-cookie": "Requires a bearer token, or the web app's session cookie from a same-origin page.",
  "optional-bearer-or-cookie": "Open to everyone; a bearer token or the web app's session cookie shows more.",
};

const SUCCESS_TEXT: Record<number, string> = { 200: "OK", 201: "Created", 204: "No content", 206: "Partial content (a byte range)", 304: "Not modified" };

const ERROR_TEXT: Record<number, string> = {
  400: "The input is not valid (`issues` names the fields).",
  401: "Not signed in, or the token is missing, expired or superseded.",
  403: "Signed in, but not allowed to do this.",
  404: "No such thing, or one you may not see.",
  409: "Conflicts with the current state.",
  413: "The request body is too large.",
  415: "The request body is not of a type this endpoint accepts.",
  416: "The requested byte range is outside the file.",
  429: "Too many attempts: wait as many seconds as Retry-After says.",
  503: "The database or the rate-limit store cannot be reached just now; retry after Retry-After seconds.",
};

/** The error statuses an operation can answer: implied by its declaration, plus the ones it declares. */
export function errorStatuses(spec: RouteSpec): number[] {
  const statuses = new Set<number>(spec.errors ?? []);
  if (spec.params || spec.query || spec.body) statuses.add(400);
  if (spec.auth !== "anonymous") statuses.add(401);
  if (spec.auth === "bearer-or-cookie") statuses.add(403);
  if (spec.body instanceof z.ZodType) for (const s of [413, 415]) statuses.add(s);
  if (spec.limit) statuses.add(429);
  statuses.add(503);
  return [...statuses].sort((a, b) => a - b);
}

function successResponse(status: number, schema: ResponseSchema) {
  const description = SUCCESS_TEXT[status] ?? "Success";
  if (schema === null) return { description };
  if (schema instanceof z.ZodType) return { description, content: { "application/json": { schema: jsonSchema(schema, "output") } } };
  return { description: `${description}: ${schema.description}`, content: { [schema.binary]: { schema: { type: "string", contentMediaType: schema.binary } } } };
}

function errorResponse(status: number) {
  const headers: Record<string, unknown> = {};
  if (status === 429 || status === 503) headers["Retry-After"] = { description: "Seconds to wait.", schema: { type: "integer" } };
  if (status === 401) headers["WWW-Authenticate"] = { schema: { type: "string" } };
  return {
    description: ERROR_TEXT[status] ?? "Refused.",
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content: { "application/json": { schema: ERROR_SCHEMA_REF } },
  };
}

function parameters(schema: z.ZodObject | undefined, where: "path" | "query") {
  if (!schema) return [];
  const json = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || (json.required ?? []).includes(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
      // A list is sent as the key repeated: `?tag=a&tag=b`.
      ...(rest.type === "array" ? { style: "form", explode: true } : {}),
    };
  });
}

function requestBody(body: RouteSpec["body"]) {
  if (body === undefined) return undefined;
  if (body === "multipart") {
    const file = { type: "string", contentMediaType: "application/octet-stream", description: "The photo or video." };
    return { required: true, content: { "multipart/form-data": { schema: { type: "object", properties: { file }, required: ["file"] } } } };
  }
  // An empty body reads as `{}`: where that is valid input, the body may be left out.
  return { required: !body.safeParse({}).success, content: { "application/json": { schema: jsonSchema(body, "input") } } };
}

function operationId(method: HttpMethod, path: string): string {
  const words = path.replace(/^\/api\/v1\/?/, "").split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

function operation(method: HttpMethod, entry: ApiRouteEntry, spec: RouteSpec): Operation {
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of successResponses(spec)) responses[String(status)] = successResponse(status, schema);
  for (const status of errorStatuses(spec)) responses[String(status)] = errorResponse(status);
  const notes = [AUTH_NOTE[spec.auth], spec.limit ? `Rate limited: policy \`${spec.limit}\` (lib/limits.ts).` : ""].filter(Boolean).join(" ");
  const params = [...parameters(spec.params, "path"), ...parameters(spec.query, "query")];
  const body = requestBody(spec.body);
  return {
    operationId: operationId(method, entry.path),
    tags: [entry.tag],
    summary: spec.summary,
    description: [spec.description, notes].filter(Boolean).join("\n\n"),
    security: SECURITY[spec.auth] ?? [],
    ...(spec.limit ? { "x-rate-limit": spec.limit } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
  };
}

/** The document for these route files; every exported method made with route() is an operation. */
export function buildOpenApi(entries: readonly ApiRouteEntry[], info: { description: string; tags: Record<string, string> }): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const entry of entries) {
    for (const method of HTTP_METHODS) {
      const spec = specOf(entry.module[method]);
      if (spec) (paths[entry.path] ??= {})[method.toLowerCase() as Lowercase<HttpMethod>] = operation(method, entry, spec);
    }
  }
  const used = new Set(entries.map((e) => e.tag));
  return {
    openapi: "3.1.0",
    info: { title: "Invyta API", version: "1", description: info.description },
    tags: [...used].map((name) => ({ name, ...(info.tags[name] ? { description: info.tags[name] } : {}) })),
    paths,
    components: {
      schemas: { Error: jsonSchema(errorBody, "output") },
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "The access_token from POST /api/v1/auth/login (valid one hour; refused after a password change)." },
        sessionCookie: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The web app's session, for the media routes its pages use; a change must come from a same-origin page." },
      },
    },
  };
}
