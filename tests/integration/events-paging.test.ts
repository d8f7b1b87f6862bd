import { randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import type { AttendanceDoc, AttendanceStatus } from "@/lib/db/types";
import type { SmtpSink } from "../support/smtp-sink";
import { call, loadEventRoutes, makePerson, startMailAndRedis, stopMailAndRedis, type EventRoutes, type Handler, type Person, eventServices, type EventServices } from "./events-support";

// Long lists: guest lists, join requests and the dashboard are read a page at a time, and every page
// together covers everyone exactly once; the CSV export and "approve all" cover everyone however
// many there are. Memberships are seeded straight into the database (joining 1000 people one by one
// through the API would take minutes on FerretDB).

// The CSV export is a page route that reads the Auth.js session; here the signed-in user is set by the test.
const session = vi.hoisted(() => ({ user: null as AuthUser | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));

let sink: SmtpSink;
let routes: EventRoutes;
let csvRoute: { GET: Handler };
let db: typeof import("@/lib/db");
let service: EventServices;

beforeAll(async () => {
  sink = await startMailAndRedis();
  db = await import("@/lib/db");
  service = await eventServices();
  routes = await loadEventRoutes();
  csvRoute = await import("@/app/events/[id]/guests.csv/route");
});

afterAll(() => stopMailAndRedis(sink));

const DAY = 86_400_000;

async function newEvent(owner: Person, overrides: { is_private?: boolean; max_people?: number | null; title?: string } = {}) {
  const event = await service.createEvent(owner.user, {
    title: overrides.title ?? "Big party",
    description: "",
    starts_at: new Date(Date.now() + 30 * DAY),
    ends_at: null,
    timezone: "UTC",
    location: "",
    max_people: overrides.max_people ?? null,
    is_private: overrides.is_private ?? true,
    tags: [],
  });
  return { id: event._id.toHexString(), _id: event._id };
}

type Seeded = AttendanceDoc & { email: string };

/**
 * One person per status, each with a membership of the event created at `at(i)`; the event's
 * counters are recounted. User ids (and so membership ids) are shuffled so that, within a
 * millisecond, their order is not the order of insertion: ties must be broken by _id.
 */
async function seedMembers(eventId: ObjectId, statuses: AttendanceStatus[], at: (i: number) => Date, username?: (i: number) => string | undefined): Promise<Seeded[]> {
  const tag = randomBytes(4).toString("hex");
  // Membership _ids follow user ids: shuffled, so ties in created_at are not settled by insertion order.
  const userIds = statuses.map(() => new ObjectId());
  for (let i = userIds.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [userIds[i], userIds[j]] = [userIds[j]!, userIds[i]!];
  }
  const users = statuses.map((_, i) => {
    const name = username?.(i);
    return {
      _id: userIds[i]!,
      email: `seed-${tag}-${i}@example.com`,
      emailVerified: new Date(),
      favorites: [],
      created_at: new Date(),
      ...(name ? { username: name, username_lower: name.toLowerCase() } : {}),
    };
  });
  await (await db.collections.users()).insertMany(users);
  const members: Seeded[] = statuses.map((status, i) => ({
    _id: `${eventId.toHexString()}:${users[i]!._id.toHexString()}`,
    event_id: eventId,
    user_id: users[i]!._id,
    status,
    waitlisted_at: status === "waitlisted" ? at(i) : null,
    created_at: at(i),
    updated_at: at(i),
    email: users[i]!.email,
  }));
  await (await db.collections.attendances()).insertMany(members.map(({ email: _email, ...m }) => m));
  await recount(eventId);
  return members;
}

async function recount(eventId: ObjectId) {
  const counts = await service.recountEvent(eventId.toHexString());
  await (await db.collections.events()).updateOne({ _id: eventId }, { $set: { counts } });
}

/** The order every list promises: oldest first, _id breaking ties. */
const byKey = (a: AttendanceDoc, b: AttendanceDoc) => a.created_at.getTime() - b.created_at.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/** Five statuses in turn: 1/5 of the people each. */
const STATUSES: AttendanceStatus[] = ["attending", "maybe", "waitlisted", "not_attending", "pending"];
const cycle = (n: number) => Array.from({ length: n }, (_, i) => STATUSES[i % STATUSES.length]!);

type Row = { user_id: string; status: string; email?: string };

/** Follows next_cursor from the first page to the last; returns every row and the page sizes. */
async function allPages(handler: Handler, id: string, token: string, key: "attendees" | "requests", limit?: number) {
  const rows: Row[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 1000; n++) {
    const res = await call(handler, "GET", { id }, { token, query: { limit: limit === undefined ? undefined : String(limit), cursor } });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    rows.push(...body[key]);
    sizes.push(body[key].length);
    if (body.next_cursor === null) return { rows, sizes };
    expect(body.next_cursor).toEqual(expect.any(String));
    cursor = body.next_cursor;
  }
  throw new Error("the pages never ended");
}

// ---- guest list and requests --------------------------------------------------------------------------

describe("GET /events/{id}/attendees and /requests, a page at a time", () => {
  it("cover everyone exactly once, oldest first, with ties inside a millisecond broken by _id", async () => {
    const owner = await makePerson("page");
    const ev = await newEvent(owner);
    const base = Date.now() - DAY;
    // Ten memberships per millisecond: page boundaries fall inside groups of equal created_at.
    const members = await seedMembers(ev._id, cycle(250), (i) => new Date(base + Math.floor(i / 10)));
    const guest = await makePerson("page");
    const guestMembership: Seeded = {
      _id: `${ev._id.toHexString()}:${guest.user.id}`,
      event_id: ev._id,
      user_id: new ObjectId(guest.user.id),
      status: "attending",
      created_at: new Date(base + 3),
      updated_at: new Date(base + 3),
      email: guest.user.email!,
    };
    const { email: _email, ...doc } = guestMembership;
    await (await db.collections.attendances()).insertOne(doc);
    await recount(ev._id);
    const everyone = [...members, guestMembership].sort(byKey);
    const expected = (statuses: string[]) => everyone.filter((m) => statuses.includes(m.status)).map((m) => m.user_id.toHexString());

    // The host: everyone but the requests, with emails, 7 at a time.
    const hostGuests = expected(["attending", "maybe", "waitlisted", "not_attending"]);
    expect(hostGuests).toHaveLength(201);
    const host = await allPages(routes.attendees.GET, ev.id, owner.token, "attendees", 7);
    expect(host.rows.map((r) => r.user_id)).toEqual(hostGuests);
    expect(host.sizes).toEqual([...Array<number>(28).fill(7), 5]);
    for (const r of host.rows) expect(r.email).toMatch(/@example\.com$/);

    // The requests, 3 at a time.
    const requests = await allPages(routes.requests.GET, ev.id, owner.token, "requests", 3);
    expect(requests.rows.map((r) => r.user_id)).toEqual(expected(["pending"]));
    expect(new Set(requests.rows.map((r) => r.status))).toEqual(new Set(["pending"]));

    // A guest who is going: who is coming, without emails, 9 at a time.
    const asGuest = await allPages(routes.attendees.GET, ev.id, guest.token, "attendees", 9);
    expect(asGuest.rows.map((r) => r.user_id)).toEqual(expected(["attending", "maybe"]));
    for (const r of asGuest.rows) expect(r).not.toHaveProperty("email");

    // Without a limit, 100 a page; at most 500.
    const first = await call(routes.attendees.GET, "GET", { id: ev.id }, { token: owner.token });
    const firstBody = await first.json();
    expect(firstBody.attendees).toHaveLength(100);
    expect(firstBody.next_cursor).toEqual(expect.any(String));
    expect((await allPages(routes.attendees.GET, ev.id, owner.token, "attendees")).sizes).toEqual([100, 100, 1]);
    const max = await allPages(routes.attendees.GET, ev.id, owner.token, "attendees", 500);
    expect(max.sizes).toEqual([201]);
    expect(max.rows.map((r) => r.user_id)).toEqual(hostGuests);
  });

  it("keep the old fields and add next_cursor: null on a short list", async () => {
    const owner = await makePerson("page");
    const ev = await newEvent(owner);
    const [member] = await seedMembers(ev._id, ["pending"], () => new Date());
    const res = await call(routes.requests.GET, "GET", { id: ev.id }, { token: owner.token });
    expect(await res.json()).toEqual({
      requests: [{ user_id: member!.user_id.toHexString(), username: null, status: "pending", joined_at: member!.created_at.toISOString(), email: member!.email }],
      next_cursor: null,
    });
    expect(await (await call(routes.attendees.GET, "GET", { id: ev.id }, { token: owner.token })).json()).toEqual({ attendees: [], next_cursor: null });
  });

  it("answer a cursor or limit that is not valid with 400 and the field's message", async () => {
    const owner = await makePerson("page");
    const ev = await newEvent(owner);
    await seedMembers(ev._id, ["attending", "pending"], () => new Date());
    const b64 = (s: string) => Buffer.from(s).toString("base64url");
    const hex = new ObjectId().toHexString();
    const badCursors = ["nope", b64("123.xyz"), b64(`123.${"g".repeat(24)}`), b64(`-5.${hex}`), b64(`1.5.${hex}`), b64(`${hex}`), "a".repeat(201)];
    const badLimits = ["0", "501", "abc", "1.5", "-1", ""];
    for (const handler of [routes.attendees.GET, routes.requests.GET]) {
      for (const cursor of badCursors) {
        const res = await call(handler, "GET", { id: ev.id }, { token: owner.token, query: { cursor } });
        const body = await res.json();
        expect(res.status, cursor).toBe(400);
        expect(body).toMatchObject({ code: "invalid", issues: { cursor: ["That page cursor is not valid."] } });
      }
      for (const limit of badLimits) {
        const res = await call(handler, "GET", { id: ev.id }, { token: owner.token, query: { limit } });
        const body = await res.json();
        expect(res.status, limit).toBe(400);
        expect(body).toMatchObject({ code: "invalid", issues: { limit: ["limit must be a whole number from 1 to 500."] } });
      }
    }
    // A good cursor still works next to them.
    // (Guest-list cursors carry a membership id, "<event>:<user>", since memberships are keyed so.)
    const ok = await call(routes.attendees.GET, "GET", { id: ev.id }, { token: owner.token, query: { cursor: b64(`1.${ev.id}:${hex}`), limit: "500" } });
    expect(ok.status).toBe(200);
  });
});

// ---- CSV export --------------------------------------------------------------------------------------------

describe("GET /events/{id}/guests.csv", () => {
  const csvOf = (id: string) => csvRoute.GET(new NextRequest(`http://localhost/events/${id}/guests.csv`), { params: Promise.resolve({ id }) as Promise<never> });
  /** The body as it is, BOM included (Response.text() drops a leading BOM). */
  const textOf = async (res: Response) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());

  it("has every guest and request of an event with more than 1000 guests, streamed", async () => {
    const owner = await makePerson("csv");
    const ev = await newEvent(owner, { title: "Huge, \"quoted\" fest" });
    const base = Date.now() - DAY;
    const n = 1500; // 1200 guests and 300 requests: past the old 1000-row cut
    const members = await seedMembers(
      ev._id,
      cycle(n),
      (i) => new Date(base + Math.floor(i / 3)),
      (i) => (i % 100 === 0 ? `=SUM(1+1)-${i}` : i % 100 === 1 ? `Smith, ${i}` : undefined),
    );
    session.user = owner.user;
    const started = Date.now();
    const res = await csvOf(ev.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="huge-quoted-fest-guests\.csv"$/);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.body).toBeInstanceOf(ReadableStream);
    const text = await textOf(res);
    expect(Date.now() - started).toBeLessThan(15_000);

    expect(text.startsWith("\uFEFFusername,email,status,joined_at\r\n")).toBe(true);
    const records = text.slice(1).split("\r\n").slice(1, -1);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(records).toHaveLength(n);
    const expected = [...members].sort(byKey);
    const emails = records.map((line) => /(seed-[0-9a-f]+-\d+@example\.com)/.exec(line)?.[1]);
    expect(emails).toEqual(expected.map((m) => m.email));
    expect(new Set(emails).size).toBe(n);
    const statuses = records.map((line) => line.split(",").at(-2));
    expect(statuses.filter((s) => s === "pending")).toHaveLength(300);
    expect(statuses.filter((s) => s === "attending")).toHaveLength(300);

    // Formula injection is still neutralized and commas still quoted, on every page.
    const m0 = members[0]!;
    expect(records).toContain(`'=SUM(1+1)-0,${m0.email},attending,${m0.created_at.toISOString()}`);
    expect(records).toContain(`'=SUM(1+1)-1200,${members[1200]!.email},attending,${members[1200]!.created_at.toISOString()}`);
    expect(records).toContain(`"Smith, 1101",${members[1101]!.email},maybe,${members[1101]!.created_at.toISOString()}`);
  });

  it("is for the host only", async () => {
    const owner = await makePerson("csv");
    const ev = await newEvent(owner, { is_private: false });
    const guest = await makePerson("csv");
    await service.rsvp(guest.user, ev.id, "attending");
    session.user = null;
    expect((await csvOf(ev.id)).status).toBe(401);
    session.user = guest.user;
    expect((await csvOf(ev.id)).status).toBe(403);
    session.user = (await makePerson("csv")).user;
    expect((await csvOf(new ObjectId().toHexString())).status).toBe(404);
    session.user = owner.user;
    expect(await textOf(await csvOf(ev.id))).toMatch(/^\uFEFFusername,email,status,joined_at\r\n,csv-[0-9a-f]+@example\.com,attending,\S+Z\r\n$/);
  });
});

// ---- approve all / deny all ----------------------------------------------------------------------------------

describe("POST /events/{id}/requests decides every request, however many", () => {
  it("approves more than one batch, up to capacity and then onto the waitlist", async () => {
    const owner = await makePerson("all");
    const ev = await newEvent(owner, { max_people: 200 });
    const base = Date.now() - DAY;
    await seedMembers(ev._id, Array<AttendanceStatus>(250).fill("pending"), (i) => new Date(base + Math.floor(i / 4)));
    const res = await call(routes.requests.POST, "POST", { id: ev.id }, { token: owner.token, body: { action: "approve" } });
    expect(await res.json()).toEqual({ message: "250 requests approved", decided: 250 });
    const event = await (await db.collections.events()).findOne({ _id: ev._id });
    expect(event!.counts).toEqual(await service.recountEvent(ev.id));
    expect(event!.counts).toMatchObject({ pending: 0, attending: 200, waitlisted: 50 });
    expect(event!.seats_left).toBe(0);
    expect(await (await call(routes.requests.GET, "GET", { id: ev.id }, { token: owner.token })).json()).toEqual({ requests: [], next_cursor: null });
  });

  it("denies more than one batch, and leaves a request that came after the click", async () => {
    const owner = await makePerson("all");
    const ev = await newEvent(owner);
    const base = Date.now() - DAY;
    await seedMembers(ev._id, [...Array<AttendanceStatus>(230).fill("pending"), "attending"], (i) => new Date(base + i));
    const [later] = await seedMembers(ev._id, ["pending"], () => new Date(Date.now() + 60_000));
    const res = await call(routes.requests.POST, "POST", { id: ev.id }, { token: owner.token, body: { action: "deny" } });
    expect(await res.json()).toEqual({ message: "230 requests denied", decided: 230 });
    const left = await (await db.collections.attendances()).find({ event_id: ev._id }).toArray();
    expect(left.map((m) => m.status).sort()).toEqual(["attending", "pending"]);
    expect(left.find((m) => m.status === "pending")!._id).toEqual(later!._id);
    expect((await (await db.collections.events()).findOne({ _id: ev._id }))!.counts).toEqual(await service.recountEvent(ev.id));
  });
});

// ---- the dashboard's lists --------------------------------------------------------------------------------------

describe("listHostedEvents and listJoinedEvents, a page at a time", () => {
  /** Follows next_cursor through a service list. */
  async function everyPage<T>(read: (cursor?: string) => Promise<{ events: T[]; next_cursor: string | null }>): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 100; n++) {
      const page = await read(cursor);
      all.push(...page.events);
      if (!page.next_cursor) return all;
      cursor = page.next_cursor;
    }
    throw new Error("the pages never ended");
  }

  it("splits hosted events into not over (soonest first) and over (most recent first), each covered once", async () => {
    const owner = await makePerson("dash");
    const now = new Date();
    const events = await db.collections.events();
    const at = (ms: number, endMs?: number) => ({ starts_at: new Date(now.getTime() + ms), ends_at: endMs === undefined ? null : new Date(now.getTime() + endMs) });
    const times = [
      // Not over: future (some starting at the same moment), just started (12 h rule), a multi-day event still on.
      ...Array.from({ length: 20 }, (_, i) => at((1 + Math.floor(i / 3)) * DAY)),
      at(-3_600_000),
      at(-3 * DAY, DAY),
      // Over: in the past (some at the same moment), ended an hour ago, started 13 h ago without an end.
      ...Array.from({ length: 15 }, (_, i) => at(-(2 + Math.floor(i / 4)) * DAY)),
      at(-5 * 3_600_000, -3_600_000),
      at(-13 * 3_600_000),
    ];
    const ids: string[] = [];
    for (const t of times) {
      const { id } = await newEvent(owner, { is_private: false });
      await events.updateOne({ _id: new ObjectId(id) }, { $set: t });
      ids.push(id);
    }
    const upcoming = await everyPage((cursor) => service.listHostedEvents(owner.user, { cursor, limit: 4, now }));
    const past = await everyPage((cursor) => service.listHostedEvents(owner.user, { cursor, limit: 4, now, past: true }));
    expect(upcoming).toHaveLength(22);
    expect(past).toHaveLength(17);
    expect(new Set([...upcoming, ...past].map((e) => e._id.toHexString()))).toEqual(new Set(ids));
    for (const e of upcoming) expect(service.isOver(e, now)).toBe(false);
    for (const e of past) expect(service.isOver(e, now)).toBe(true);
    const key = (e: { starts_at: Date; _id: ObjectId }) => `${String(e.starts_at.getTime()).padStart(15, "0")}.${e._id.toHexString()}`;
    expect(upcoming.map(key)).toEqual(upcoming.map(key).sort());
    expect(past.map(key)).toEqual(past.map(key).sort().reverse());
    // Someone else's events are not in the list.
    expect((await service.listHostedEvents((await makePerson("dash")).user, { now })).events).toEqual([]);
  });

  it("covers every joined event once, most recently joined first", async () => {
    const [owner, me] = [await makePerson("dash"), await makePerson("dash")];
    const base = Date.now() - DAY;
    const joined: string[] = [];
    const rows: AttendanceDoc[] = [];
    for (let i = 0; i < 23; i++) {
      const { _id, id } = await newEvent(owner, { is_private: false });
      joined.push(id);
      const at = new Date(base + Math.floor(i / 5));
      rows.push({ _id: `${id}:${me.user.id}`, event_id: _id, user_id: new ObjectId(me.user.id), status: STATUSES[i % 5]!, created_at: at, updated_at: at });
    }
    await (await db.collections.attendances()).insertMany(rows);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await service.listJoinedEvents(me.user, { cursor, limit: 4 });
      pages.push(page.events.map((m) => m.event._id.toHexString()));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 4, 4, 3]);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(23);
    expect(new Set(seen)).toEqual(new Set(joined));
    // Pages go from the newest membership to the oldest.
    const newest = [...rows].sort(byKey).reverse().map((r) => r.event_id.toHexString());
    expect(new Set(pages[0])).toEqual(new Set(newest.slice(0, 4)));
  });
});
