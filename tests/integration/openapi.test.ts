import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { ObjectId } from "mongodb";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenApiDocument } from "@/lib/http/openapi";
import { codeFrom, type SmtpSink } from "../support/smtp-sink";
import { makePerson, randomIp, startMailAndRedis, stopMailAndRedis, type Person } from "./events-support";
import { fakeMp4, multipart } from "./media-support";

// The OpenAPI document against the code: every route file under app/api/v1 is in it with every
// method it serves, and real answers of the route handlers (against the real database, Redis and
// SMTP server) validate against the schema the document gives for their status.

const API_ROOT = join(process.cwd(), "app", "api", "v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

type Handler = (req: NextRequest, ctx: { params: Promise<unknown> }) => Promise<Response>;
type Module = Partial<Record<Method, unknown>>;
type JsonSchema = Record<string, unknown>;
type Operation = { responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>; parameters?: { schema: JsonSchema }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } };

/** Route files by their URL path: `app/api/v1/events/[id]/route.ts` → `/api/v1/events/{id}`. */
function routeFiles(dir: string): { path: string; file: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (!/^route\.(ts|tsx|js)$/.test(entry.name)) return [];
    const segments = relative(API_ROOT, dir).split(sep).filter(Boolean);
    const path = ["/api/v1", ...segments.map((s) => s.replace(/^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/, "{$1}"))].join("/");
    return [{ path, file: full }];
  });
}

let sink: SmtpSink;
let doc: OpenApiDocument;
/** Each route file's module by its URL path. */
const modules = new Map<string, Module>();
let registry: typeof import("@/app/api/v1/registry");
let isMethodStub: (handler: unknown) => boolean;
let specOf: typeof import("@/lib/http/openapi").specOf;

const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
addFormats(ajv);

beforeAll(async () => {
  sink = await startMailAndRedis();
  registry = await import("@/app/api/v1/registry");
  ({ isMethodStub } = await import("@/lib/http/methods"));
  ({ specOf } = await import("@/lib/http/openapi"));
  doc = registry.apiDocument();
  for (const { path, file } of routeFiles(API_ROOT)) modules.set(path, (await import(file)) as Module);
});

afterAll(() => stopMailAndRedis(sink));

function operation(method: Method, path: string): Operation | undefined {
  return doc.paths[path]?.[method.toLowerCase() as Lowercase<Method>] as Operation | undefined;
}

/** The error answers point at the shared Error schema; everything else is inline. */
function resolved(schema: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const name = ref.replace("#/components/schemas/", "");
  return doc.components.schemas![name] as JsonSchema;
}

describe("the document", () => {
  it("has every route file under app/api/v1, with each method it serves, from the route's own declaration", () => {
    expect(modules.size).toBeGreaterThan(20);
    const entries = new Map(registry.API_ROUTES.map((e) => [e.path, e]));
    const served = new Set<string>();
    for (const [path, mod] of modules) {
      for (const method of METHODS) {
        const handler = mod[method];
        if (handler === undefined || isMethodStub(handler)) continue;
        served.add(`${method} ${path}`);
        expect(specOf(handler), `${method} ${path} is made with route()`).toBeDefined();
        expect(operation(method, path), `${method} ${path} is in the document`).toBeDefined();
        // The registry holds the very declaration the handler carries, not a copy.
        expect(specOf(entries.get(path)?.module[method]), `${method} ${path} in app/api/v1/registry.ts`).toBe(specOf(handler));
      }
    }
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual([...served].sort());
  });

  it("is OpenAPI 3.1 whose every schema compiles as JSON Schema 2020-12 (strict)", () => {
    expect(doc.openapi).toBe("3.1.0");
    let schemas = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops) as [string, Operation][]) {
        const all = [
          ...(op.parameters ?? []).map((p) => p.schema),
          ...Object.values(op.requestBody?.content ?? {}).map((c) => c.schema),
          ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema)),
        ];
        for (const schema of all) {
          expect(() => ajv.compile(resolved(schema)), `${method} ${path}`).not.toThrow();
          schemas += 1;
        }
      }
    }
    expect(schemas).toBeGreaterThan(100);
  });

  it("documents the error answers each route can give, with the {error, code} schema", () => {
    const errorSchema = { $ref: "#/components/schemas/Error" };
    const join = operation("POST", "/api/v1/events/join")!;
    for (const status of ["400", "401", "404", "413", "415", "429"]) expect(join.responses[status]?.content?.["application/json"]?.schema, status).toEqual(errorSchema);
    const register = operation("POST", "/api/v1/auth/register")!;
    expect(register.responses["401"]).toBeUndefined();
    expect(register.responses["429"]).toBeDefined();
    expect(operation("GET", "/api/v1/events/{id}/qr-code")!.responses["200"]!.content).toHaveProperty("image/png");
  });
});

// ---- a representative flow through the handlers, each answer checked against the document ----------

type CallOpts = { token?: string; json?: unknown; raw?: { body: Uint8Array | string; type: string }; query?: Record<string, string>; headers?: Record<string, string>; ip?: string };
type Answer = { status: number; body: Record<string, unknown>; type: string };

/** Calls the handler the registry has for `method path`, and checks the answer against the document. */
async function api(method: Method, path: string, params: Record<string, string>, opts: CallOpts = {}): Promise<Answer> {
  const handler = modules.get(path)?.[method] as Handler | undefined;
  expect(handler, `${method} ${path}`).toBeDefined();
  const { socketIpHeaderValue } = await import("@/lib/client-ip");
  const headers: Record<string, string> = { "x-invyta-socket-ip": socketIpHeaderValue(opts.ip ?? randomIp()), ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  } else if (opts.raw) {
    headers["content-type"] = opts.raw.type;
    body = opts.raw.body as BodyInit;
  }
  const url = new URL(`http://localhost${path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "")}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const init = { method, headers, body, duplex: "half" } as RequestInit & { duplex: "half" };
  const res = await handler!(new NextRequest(url, init as never), { params: Promise.resolve(params) });
  return documented(method, path, res);
}

async function documented(method: Method, path: string, res: Response): Promise<Answer> {
  const where = `${method} ${path} → ${res.status}`;
  const response = operation(method, path)?.responses[String(res.status)];
  const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
  if (!response) throw new Error(`${where} is not documented: ${(await res.text()).slice(0, 300)}`);
  if (type === "application/json") {
    const body = (await res.json()) as Record<string, unknown>;
    const schema = response.content?.["application/json"]?.schema;
    expect(schema, `${where} documents a JSON body`).toBeDefined();
    const validate = ajv.compile(resolved(schema!));
    expect(validate(body), `${where}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`).toBe(true);
    return { status: res.status, body, type };
  }
  await res.body?.cancel();
  const types = Object.keys(response.content ?? {});
  if (type) expect(types.includes(type) || types.includes("application/octet-stream"), `${where} documents ${type} (has ${types.join(", ")})`).toBe(true);
  else expect(types, `${where} documents no body`).toEqual([]);
  return { status: res.status, body: {}, type };
}

const DAY = 86_400_000;
const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const suffix = () => new ObjectId().toHexString().slice(-8);

describe("real answers validate against the document", () => {
  it("accounts: register → verify → login → me, profiles, and their refusals", async () => {
    const email = `openapi-${suffix()}@example.com`;
    const password = "a long enough password";
    expect((await api("POST", "/api/v1/auth/register", {}, { json: { email, password } })).status).toBe(201);
    const code = codeFrom(await sink.waitFor((m) => m.to.includes(email) && /code/i.test(m.subject)));
    expect((await api("POST", "/api/v1/auth/login", {}, { json: { email, password } })).status).toBe(403);
    expect((await api("POST", "/api/v1/auth/verify", {}, { json: { email, otp: code } })).status).toBe(200);
    expect((await api("POST", "/api/v1/auth/resend-otp", {}, { json: { email } })).status).toBe(200);
    const login = await api("POST", "/api/v1/auth/login", {}, { json: { email, password } });
    expect(login.status).toBe(200);
    const token = login.body.access_token as string;
    const userId = login.body.user_id as string;
    expect((await api("GET", "/api/v1/auth/me", {}, { token })).body.logged_in_as).toBe(email);

    const username = `oa_${suffix()}`;
    const updated = await api("PATCH", "/api/v1/profile", {}, { token, json: { username, bio: "Hi", favorites: ["music"] } });
    expect(updated.status).toBe(200);
    expect((await api("GET", "/api/v1/profile", {}, { token })).body.email).toBe(email);
    const seen = await api("GET", "/api/v1/users/{user_id}", { user_id: userId });
    expect(seen.status).toBe(200);
    expect(seen.body).not.toHaveProperty("email");
    expect((await api("POST", "/api/v1/auth/forgot-password", {}, { json: { email } })).status).toBe(200);

    // Without a password: ask for a code, sign in (and make the account) with it.
    const guest = `openapi-code-${suffix()}@example.com`;
    expect((await api("POST", "/api/v1/auth/code", {}, { json: { email: guest, name: "Open Api" } })).status).toBe(200);
    const guestCode = codeFrom(await sink.waitFor((m) => m.to.includes(guest) && /is your Invyta code/.test(m.subject)));
    const byCode = await api("POST", "/api/v1/auth/code/verify", {}, { json: { email: guest, code: guestCode } });
    expect(byCode.status).toBe(200);
    expect(byCode.body.created).toBe(true);

    // Refusals: the error body validates against the shared Error schema.
    const other = await makePerson("openapi-taken");
    expect((await api("POST", "/api/v1/profile", {}, { token: other.token, json: { username } })).status).toBe(409);
    const invalid = await api("POST", "/api/v1/auth/register", {}, { json: { email: "nope" } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.issues).toBeDefined();
    expect((await api("POST", "/api/v1/auth/reset-password", {}, { json: { email, code: "000000", password } })).status).toBe(400);
    expect((await api("GET", "/api/v1/auth/me", {})).status).toBe(401);
    expect((await api("POST", "/api/v1/auth/login", {}, { raw: { body: `email=${email}`, type: "application/x-www-form-urlencoded" } })).status).toBe(415);
    expect((await api("GET", "/api/v1/users/{user_id}", { user_id: new ObjectId().toHexString() })).status).toBe(404);
    const ip = randomIp();
    const stranger = `nobody-${suffix()}@example.com`;
    const attempts = [];
    for (let i = 0; i < 6; i += 1) attempts.push((await api("POST", "/api/v1/auth/login", {}, { ip, json: { email: stranger, password: "wrong password" } })).status);
    expect(attempts).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("events, invitations, guests, requests, recommendations and media", async () => {
    const host = await makePerson("openapi-host");
    const guest = await makePerson("openapi-guest");
    const tag = `oa${suffix()}`;
    const body = { title: "Contract party", description: "Talks", date: dayFromNow(30), location: "Hall", max_people: 20, is_private: false, tags: [tag, "music"] };

    const created = await api("POST", "/api/v1/events", {}, { token: host.token, json: body });
    expect(created.status).toBe(201);
    const id = created.body.event_id as string;
    expect((await api("GET", "/api/v1/events/{id}", { id }, { token: host.token })).body).toHaveProperty("invite_link");
    expect((await api("GET", "/api/v1/events/{id}", { id })).body).not.toHaveProperty("invite_link");
    expect(((await api("GET", "/api/v1/events", {}, { query: { tag } })).body.events as unknown[]).length).toBe(1);
    expect((await api("GET", "/api/v1/users/{user_id}/events", { user_id: host.user.id }, { token: host.token })).status).toBe(200);
    expect((await api("PATCH", "/api/v1/events/{id}", { id }, { token: host.token, json: { location: "Garden" } })).status).toBe(200);
    expect((await api("PUT", "/api/v1/events/{id}", { id }, { token: host.token, json: { title: "Contract party!" } })).status).toBe(200);
    expect((await api("GET", "/api/v1/events/{id}/calendar.ics", { id })).type).toBe("text/calendar");

    expect((await api("GET", "/api/v1/events/{id}/invite-link", { id }, { token: host.token })).status).toBe(200);
    expect((await api("PATCH", "/api/v1/events/{id}/invite-link", { id }, { token: host.token, json: { max_uses: 50 } })).status).toBe(200);
    const rotated = await api("POST", "/api/v1/events/{id}/invite-link", { id }, { token: host.token });
    const token = new URL(rotated.body.invite_link as string).searchParams.get("token")!;
    expect((await api("GET", "/api/v1/events/{id}/qr-code", { id }, { token: host.token })).type).toBe("image/png");
    expect((await api("POST", "/api/v1/events/{id}/invitations", { id }, { token: host.token, json: { emails: [`friend-${suffix()}@example.com`] } })).status).toBe(200);

    expect((await api("POST", "/api/v1/events/join", {}, { token: guest.token, json: { event_id: id, token: "wrong" } })).status).toBe(404);
    expect((await api("POST", "/api/v1/events/join", {}, { token: guest.token, json: { event_id: id, token } })).body.rsvp_status).toBe("attending");
    // Door check-in: a scan, the second scan refused, the list, an undo.
    const ticket = (await import("@/lib/events/tickets")).signTicket(id, guest.user.id);
    expect((await api("POST", "/api/v1/events/{id}/check-ins", { id }, { token: host.token, json: { ticket } })).status).toBe(200);
    expect((await api("POST", "/api/v1/events/{id}/check-ins", { id }, { token: host.token, json: { ticket } })).status).toBe(409);
    expect((await api("GET", "/api/v1/events/{id}/check-ins", { id }, { token: host.token, query: { q: "openapi" } })).status).toBe(200);
    expect((await api("DELETE", "/api/v1/events/{id}/check-ins/{user_id}", { id, user_id: guest.user.id }, { token: host.token })).status).toBe(200);
    expect((await api("POST", "/api/v1/events/{id}/rsvp", { id }, { token: guest.token, json: { rsvp_status: "maybe" } })).status).toBe(200);
    expect((await api("POST", "/api/v1/events/{id}/rsvp", { id }, { token: host.token, json: { rsvp_status: "maybe" } })).status).toBe(409);
    expect((await api("PATCH", "/api/v1/events/{id}", { id }, { token: guest.token, json: { title: "Mine now" } })).status).toBe(403);
    expect((await api("GET", "/api/v1/events/{id}/attendees", { id }, { token: host.token })).status).toBe(200);
    expect((await api("GET", "/api/v1/events/{id}/attendees", { id }, { token: guest.token, query: { limit: "0" } })).status).toBe(400);
    expect((await api("POST", "/api/v1/events", {}, { token: host.token, json: { ...body, description: "x".repeat(70_000) } })).status).toBe(413);

    // A private event: the request waits for the host.
    const closed = await api("POST", "/api/v1/events", {}, { token: host.token, json: { ...body, is_private: true } });
    const privateId = closed.body.event_id as string;
    const privateToken = new URL((closed.body.event as { invite_link: string }).invite_link).searchParams.get("token")!;
    expect((await api("POST", "/api/v1/events/join", {}, { token: guest.token, json: { event_id: privateId, token: privateToken } })).body.rsvp_status).toBe("pending");
    expect(((await api("GET", "/api/v1/events/{id}/requests", { id: privateId }, { token: host.token })).body.requests as unknown[]).length).toBe(1);
    expect((await api("POST", "/api/v1/events/{id}/requests/{user_id}", { id: privateId, user_id: guest.user.id }, { token: host.token, json: { action: "approve" } })).status).toBe(200);
    expect((await api("POST", "/api/v1/events/{id}/requests", { id: privateId }, { token: host.token, json: { action: "deny" } })).body.decided).toBe(0);
    expect((await api("GET", "/api/v1/events/{id}", { id: privateId })).status).toBe(404);

    // Both shapes of the recommendations answer.
    expect((await api("GET", "/api/v1/recommendations", {}, { token: guest.token })).body).toHaveProperty("popular_events");
    expect((await api("PATCH", "/api/v1/profile", {}, { token: guest.token, json: { favorites: ["music"] } })).status).toBe(200);
    expect((await api("GET", "/api/v1/recommendations", {}, { token: guest.token })).body).toHaveProperty("recommended_events");

    // Media: the host's upload is approved at once, a guest's waits.
    const upload = async (person: Person) => {
      const form = multipart([{ name: "file", filename: "clip.mp4", data: fakeMp4(4000) }]);
      return api("POST", "/api/v1/events/{id}/media", { id }, { token: person.token, raw: { body: new Uint8Array(form.body), type: form.contentType } });
    };
    const hostFile = (await upload(host)).body.file_id as string;
    const guestUpload = await upload(guest);
    expect(guestUpload.status).toBe(201);
    const guestFile = guestUpload.body.file_id as string;
    expect((await api("GET", "/api/v1/events/{id}/media", { id }, { token: host.token })).body).toHaveProperty("counts");
    expect((await api("GET", "/api/v1/events/{id}/media", { id })).status).toBe(200);
    expect((await api("POST", "/api/v1/events/{id}/media/{file_id}/moderation", { id, file_id: guestFile }, { token: host.token, json: { status: "approved" } })).status).toBe(200);
    expect((await api("POST", "/api/v1/events/{id}/media/moderate", { id }, { token: host.token, json: { file_id: guestFile, status: "reject" } })).status).toBe(200);
    expect((await api("GET", "/api/v1/events/{id}/media/{file_id}", { id, file_id: hostFile })).type).toBe("video/mp4");
    expect((await api("GET", "/api/v1/events/{id}/media/{file_id}", { id, file_id: hostFile }, { headers: { range: "bytes=0-99" } })).status).toBe(206);
    expect((await api("GET", "/api/v1/events/{id}/media/{file_id}", { id, file_id: hostFile }, { headers: { range: "bytes=99999-" } })).status).toBe(416);
    expect((await api("GET", "/api/v1/events/{id}/media/{file_id}/preview", { id, file_id: hostFile })).status).toBe(404);
    expect((await api("GET", "/api/v1/events/{id}/media/archive", { id })).type).toBe("application/zip");
    expect((await api("DELETE", "/api/v1/events/{id}/media/{file_id}", { id, file_id: hostFile }, { token: host.token })).status).toBe(200);

    expect((await api("DELETE", "/api/v1/events/{id}", { id }, { token: host.token })).status).toBe(200);
    expect((await api("GET", "/api/v1/events/{id}", { id }, { token: host.token })).status).toBe(404);
  });

  it("GET /api/v1/openapi.json answers the document", async () => {
    const res = await api("GET", "/api/v1/openapi.json", {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
