import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { ObjectId } from "mongodb";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SmtpSink } from "../support/smtp-sink";
import { makePerson, randomIp, startMailAndRedis, stopMailAndRedis, type Person } from "./events-support";
import { addGuest, fakeMp4, makeEvent, multipart } from "./media-support";

// Every route under app/api/v1, found by reading the directory (a new route is fuzzed without
// touching this file), and every method it exports, called with hostile input: bad JSON, wrong
// types, operator objects, huge strings, bad ids, cursors and encodings. None may answer 5xx, and
// every 4xx must be the API's JSON error `{error, code}`.

const API_ROOT = join(process.cwd(), "app", "api", "v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"] as const;

type Handler = (req: NextRequest, ctx: { params: Promise<unknown> }) => Promise<Response>;
type Route = { path: string; file: string; params: { name: string; catchAll: boolean }[] };

function findRoutes(dir: string): Route[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry): Route[] => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return findRoutes(full);
    if (!/^route\.(ts|tsx|js)$/.test(entry.name)) return [];
    const segments = relative(API_ROOT, dir).split(sep).filter(Boolean);
    const params = segments.flatMap((s) => {
      // [id], [...path] and the optional [[...path]].
      const m = /^\[{1,2}(\.\.\.)?([^\]]+)\]{1,2}$/.exec(s);
      return m ? [{ name: m[2]!, catchAll: !!m[1] }] : [];
    });
    return [{ path: `/api/v1/${segments.join("/")}`, file: full, params }];
  });
}

const ROUTES = findRoutes(API_ROOT);

// ---- hostile inputs ------------------------------------------------------------------------------

const LONE_SURROGATE = "\ud800";
const HUGE = "x".repeat(100_000);

/** Values for a path parameter (ids of events, files, users). */
const BAD_IDS = [
  "",
  "not-an-id",
  new ObjectId().toHexString(),
  "0".repeat(24),
  "ZZZZZZZZZZZZZZZZZZZZZZZZ",
  "a".repeat(5000),
  '{"$ne":null}',
  "$where",
  "../../etc/passwd",
  "\u0000",
  LONE_SURROGATE,
  "%E0%A4%A",
  "1e999",
  "👩🏽‍💻".repeat(10),
  "x:y",
];

/** Query strings, raw (so broken percent-encodings reach the handler as a client sent them). */
const BAD_QUERIES = [
  "cursor=garbage",
  "cursor=",
  `cursor=${"A".repeat(5000)}`,
  `cursor=${Buffer.from('{"$gt":""}').toString("base64url")}`,
  `cursor=${Buffer.from(JSON.stringify([1, { $ne: null }, "x"])).toString("base64url")}`,
  "cursor=%FF%FE",
  "limit=-1",
  "limit=0",
  "limit=abc",
  "limit=1e9",
  "limit=NaN",
  "limit=1&limit=2",
  "limit=%00",
  "tag=%00&tag=a",
  `tag=${"t".repeat(500)}`,
  Array.from({ length: 50 }, (_, i) => `tag=t${i}`).join("&"),
  `q=${"q".repeat(10_000)}`,
  "q=%E0%A4%A",
  "q[$ne]=1",
  "status=bogus",
  "status[$ne]=pending",
  "sort=-1",
  "event_id[$gt]=&token[$ne]=",
];

/** Values every known body field gets in turn: wrong types, operator objects, huge and broken strings. */
const BAD_VALUES: unknown[] = [
  null,
  true,
  -1,
  1e308,
  0.5,
  "",
  HUGE.slice(0, 20_000),
  "\u0000",
  `a${LONE_SURROGATE}b`,
  "\u001b[31mred",
  { $ne: null },
  { $gt: "" },
  { $where: "sleep(1000)" },
  [],
  [{ $ne: null }],
  ["a", 1, null],
  "2026-02-30T25:61",
  "../../etc/passwd",
];

/** Field names the API's bodies use (the original API's and Invyta's). */
const FIELDS = [
  "title", "description", "date", "starts_at", "ends_at", "timezone", "location", "max_people", "is_private", "tags",
  "rsvp_status", "event_id", "token", "action", "emails", "expires_at", "max_uses", "file_id", "file_ids", "status",
  "username", "bio", "favorites", "favorite", "favorates", "email", "password", "otp", "code", "offsets_minutes", "user_id", "ticket",
];

/** Raw bodies: broken JSON, other types, bad encodings. */
const RAW_BODIES: { name: string; body: Uint8Array | string; type?: string }[] = [
  { name: "truncated JSON", body: '{"title": "x"' },
  { name: "not JSON", body: "hello" },
  { name: "JSON null", body: "null" },
  { name: "JSON string", body: '"title"' },
  { name: "JSON number", body: "123" },
  { name: "JSON array", body: "[1,2,3]" },
  { name: "empty object", body: "{}" },
  { name: "deep nesting", body: `${"[".repeat(5000)}${"]".repeat(5000)}` },
  { name: "deep object", body: `${'{"a":'.repeat(3000)}1${"}".repeat(3000)}` },
  { name: "prototype keys", body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}' },
  { name: "duplicate keys", body: '{"title":"a","title":{"$ne":null}}' },
  { name: "invalid UTF-8", body: Buffer.from([0x7b, 0x22, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]) },
  { name: "UTF-16 with a BOM", body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"title":"x"}', "utf16le")]) },
  { name: "escaped lone surrogate", body: '{"title":"\\ud800","bio":"\\udfff","username":"\\ud800"}' },
  { name: "NUL bytes", body: '{"title":"a\\u0000b","email":"a\\u0000@example.com"}' },
  { name: "over the body limit", body: JSON.stringify({ title: HUGE }) },
  { name: "JSON as text/plain", body: '{"title":"x"}', type: "text/plain" },
  { name: "JSON with a UTF-16 charset", body: '{"title":"x"}', type: "application/json; charset=utf-16" },
  { name: "no Content-Type", body: '{"title":"x"}', type: "" },
  { name: "form-urlencoded", body: "title=x&tags[$ne]=1", type: "application/x-www-form-urlencoded" },
  { name: "multipart without a boundary", body: "--x\r\n\r\n", type: "multipart/form-data" },
  { name: "garbage multipart", body: "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\u0000\u0001", type: "multipart/form-data; boundary=b" },
];

const AUTH_HEADERS = (token: string) => [
  undefined,
  "Bearer",
  "Bearer garbage",
  `Bearer ${token.slice(0, -2)}xx`,
  `Bearer ${"a".repeat(10_000)}`,
  `Basic ${Buffer.from("a:b").toString("base64")}`,
  `bearer ${token}\u00ff`,
];

// ---- fixtures and calls --------------------------------------------------------------------------

let sink: SmtpSink;
let owner: Person;
let stranger: Person;
let ids: Record<string, string>;

beforeAll(async () => {
  sink = await startMailAndRedis();
  owner = await makePerson("fuzz-owner");
  stranger = await makePerson("fuzz-stranger");
  const eventId = await makeEvent(owner, false);
  await addGuest(eventId, stranger, "pending");
  const { uploadMedia } = await import("@/lib/media/service");
  const form = multipart([{ name: "file", filename: "clip.mp4", data: fakeMp4(4000) }]);
  const file = await uploadMedia(owner.user, eventId, {
    contentType: form.contentType,
    contentLength: form.body.length,
    stream: new Blob([new Uint8Array(form.body)]).stream(),
  });
  ids = { id: eventId, file_id: file.file_id, user_id: stranger.user.id, path: "nowhere" };
});

afterAll(() => stopMailAndRedis(sink));

type Request = { method: string; params: Record<string, string | string[]>; query?: string; auth?: string; body?: Uint8Array | string; type?: string; headers?: Record<string, string> };

async function send(handler: Handler, r: Request): Promise<Response> {
  const { socketIpHeaderValue } = await import("@/lib/client-ip");
  const headers: Record<string, string> = { "x-invyta-socket-ip": socketIpHeaderValue(randomIp()), ...r.headers };
  if (r.auth !== undefined) headers.authorization = r.auth;
  if (r.body !== undefined && r.type !== "") headers["content-type"] = r.type ?? "application/json";
  const url = `http://localhost/api/v1/fuzz${r.query ? `?${r.query}` : ""}`;
  const body = r.body === undefined || r.method === "GET" || r.method === "HEAD" ? undefined : r.body;
  const init = { method: r.method, headers, body, duplex: "half" } as RequestInit & { duplex: "half" };
  return handler(new NextRequest(url, init as never), { params: Promise.resolve(r.params) });
}

/** The broken promise, or null: no 5xx, and a 4xx is JSON with string `error` and `code`. */
async function verdict(res: Response): Promise<string | null> {
  if (res.status >= 500) return `${res.status}: ${(await res.text()).slice(0, 300)}`;
  if (res.status < 400) {
    await res.body?.cancel();
    return null;
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `${res.status} without a JSON body: ${text.slice(0, 200)}`;
  }
  const { error, code } = (body ?? {}) as { error?: unknown; code?: unknown };
  if (typeof error !== "string" || !error || typeof code !== "string" || !code) return `${res.status} without {error, code}: ${text.slice(0, 200)}`;
  if (!/json/.test(res.headers.get("content-type") ?? "")) return `${res.status} with Content-Type ${res.headers.get("content-type")}`;
  return null;
}

function validParams(route: Route): Record<string, string | string[]> {
  return Object.fromEntries(route.params.map((p) => [p.name, p.catchAll ? [ids[p.name] ?? "x"] : (ids[p.name] ?? new ObjectId().toHexString())]));
}

/** Every hostile request for one method of one route. */
function requestsFor(route: Route, method: string): { name: string; request: Request }[] {
  const params = validParams(route);
  const auth = `Bearer ${owner.token}`;
  const out: { name: string; request: Request }[] = [];
  const add = (name: string, request: Omit<Request, "method">) => out.push({ name, request: { method, ...request } });

  for (const p of route.params) {
    for (const bad of BAD_IDS) {
      const value = p.catchAll ? [bad, bad] : bad;
      add(`${p.name}=${JSON.stringify(bad).slice(0, 40)}`, { params: { ...params, [p.name]: value }, auth, body: "{}" });
      add(`${p.name}=${JSON.stringify(bad).slice(0, 40)} (stranger)`, { params: { ...params, [p.name]: value }, auth: `Bearer ${stranger.token}`, body: "{}" });
    }
  }
  for (const header of AUTH_HEADERS(owner.token)) add(`authorization ${String(header).slice(0, 30)}`, { params, auth: header, body: "{}" });
  for (const query of BAD_QUERIES) add(`?${query.slice(0, 50)}`, { params, query, auth });
  add("hostile Range and validators", {
    params,
    auth,
    headers: { range: "bytes=999999999999999999999-1", "if-none-match": "\u00ff", "if-range": "garbage", "content-length": "-1" },
  });
  if (method === "GET" || method === "HEAD") return out;

  for (const raw of RAW_BODIES) add(`body: ${raw.name}`, { params, auth, body: raw.body, type: raw.type });
  for (const value of BAD_VALUES) {
    const body = JSON.stringify(Object.fromEntries(FIELDS.map((f) => [f, value])));
    add(`every field = ${JSON.stringify(value).slice(0, 40)}`, { params, auth, body });
    add(`every field = ${JSON.stringify(value).slice(0, 40)} (stranger)`, { params, auth: `Bearer ${stranger.token}`, body });
  }
  // One field wrong at a time beside plausible others, so a body gets past the first check.
  const plausible: Record<string, unknown> = {
    title: "Fuzz", date: "2031-01-01", starts_at: "2031-01-01T10:00", timezone: "UTC", tags: ["fuzz"], rsvp_status: "attending",
    event_id: ids.id, token: "t", action: "approve", emails: ["fuzz@example.com"], status: "approved", file_id: ids.file_id,
    email: `fuzz-${randomBytes(4).toString("hex")}@example.com`, password: "correct horse battery", code: "123456",
  };
  for (const field of FIELDS) {
    // (null, numbers and lists for every field at once are above.)
    for (const value of [{ $ne: null }, HUGE.slice(0, 10_000), `x${LONE_SURROGATE}`, "a\u0000b"]) {
      add(`${field} = ${JSON.stringify(value).slice(0, 40)}`, { params, auth, body: JSON.stringify({ ...plausible, [field]: value }) });
    }
  }
  if (route.params.some((p) => p.name === "id") && route.path.endsWith("/media")) {
    const form = multipart([{ name: "file", filename: "x\u0000.mp4", data: Buffer.concat([fakeMp4(2000).subarray(0, 40), randomBytes(500)]) }]);
    add("multipart: a broken video", { params, auth, body: new Uint8Array(form.body), type: form.contentType });
  }
  return out;
}

// Deletions come last (the file's, then the event's), so the other routes are fuzzed against live data.
const weight = (route: Route) => (route.path === "/api/v1/events/[id]" ? 2 : route.path === "/api/v1/events/[id]/media/[file_id]" ? 1 : 0);
const methodsInOrder = [...METHODS].sort((a, b) => Number(a === "DELETE") - Number(b === "DELETE"));

describe("fuzzing every /api/v1 route", () => {
  it("finds the routes by reading app/api/v1", () => {
    expect(ROUTES.length).toBeGreaterThan(20);
    expect(ROUTES.map((r) => r.path)).toEqual(expect.arrayContaining(["/api/v1/events", "/api/v1/events/[id]", "/api/v1/auth/login"]));
  });

  for (const route of [...ROUTES].sort((a, b) => weight(a) - weight(b))) {
    it(`${route.path}: never 5xx, every 4xx is {error, code}`, { timeout: 60_000 }, async () => {
      const mod = (await import(/* @vite-ignore */ route.file)) as Partial<Record<string, Handler>>;
      const methods = methodsInOrder.filter((m) => typeof mod[m] === "function");
      expect(methods.length, "a route file exports at least one method").toBeGreaterThan(0);
      const problems: string[] = [];
      for (const method of methods) {
        for (const { name, request } of requestsFor(route, method)) {
          const problem = await verdict(await send(mod[method]!, request));
          if (problem) problems.push(`${method} ${name} → ${problem}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
