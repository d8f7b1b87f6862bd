import { randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SmtpSink } from "../support/smtp-sink";
import { call as callRoute, loadEventRoutes, makePerson, startMailAndRedis, stopMailAndRedis, type EventRoutes, type Handler, type Person, eventServices, type EventServices } from "./events-support";

// THE PERMISSION TABLE of the events JSON API: every endpoint × every kind of caller, on a private
// event and (the key rows) on a public one. Each row gets a fresh event with a fresh guest list, so
// no row depends on another; a refused call must also leave the event exactly as it was.

type Actor = "anonymous" | "stranger" | "pending" | "attending" | "owner";
type Privacy = "private" | "public";
/** One row's event: its id, its invite token, and who is on its guest list. */
type Scenario = { id: string; token: string; privacy: Privacy; owner: Person };

let sink: SmtpSink;
let db: typeof import("@/lib/db");
let service: EventServices;
/** The guests and the stranger are shared; each row has its own owner (so "the owner's events" stay few). */
let people: Record<Exclude<Actor, "anonymous" | "owner">, Person>;
let R: EventRoutes;

beforeAll(async () => {
  sink = await startMailAndRedis();
  db = await import("@/lib/db");
  service = await eventServices();
  R = await loadEventRoutes();
  people = { stranger: await makePerson("perm"), pending: await makePerson("perm"), attending: await makePerson("perm") };
});

afterAll(() => stopMailAndRedis(sink));

/** The table's calls: the caller's token, then what the endpoint needs. */
const call = (handler: Handler, method: string, params: Record<string, string>, token: string | undefined, opts: { body?: unknown; query?: Record<string, string> } = {}) =>
  callRoute(handler, method, params, { ...opts, token });

/** A fresh event of a fresh owner: on a private one, `attending` was approved and `pending` waits; on a public one, `attending` joined. */
async function scenario(privacy: Privacy): Promise<Scenario> {
  const { pending, attending } = people;
  const owner = await makePerson("perm");
  const event = await service.createEvent(owner.user, {
    title: "Permission Test",
    description: "",
    starts_at: new Date(Date.now() + 7 * 86_400_000),
    ends_at: null,
    timezone: "UTC",
    location: "Somewhere",
    max_people: 50,
    is_private: privacy === "private",
    tags: ["perm"],
  });
  const id = event._id.toHexString();
  await service.joinEvent(attending.user, id, event.invite_token);
  if (privacy === "private") {
    await service.decideRequest(owner.user, id, attending.user.id, "approve");
    await service.joinEvent(pending.user, id, event.invite_token);
  }
  return { id, token: event.invite_token, privacy, owner };
}

// ---- the endpoints ----------------------------------------------------------------------------------

const endpoints = {
  "GET /events/{id}": (s: Scenario, t?: string) => call(R.event.GET, "GET", { id: s.id }, t),
  "GET /events/{id}?token=<valid>": (s: Scenario, t?: string) => call(R.event.GET, "GET", { id: s.id }, t, { query: { token: s.token } }),
  "GET /events/{id}?token=<wrong>": (s: Scenario, t?: string) => call(R.event.GET, "GET", { id: s.id }, t, { query: { token: `${s.token}x` } }),
  "PATCH /events/{id}": (s: Scenario, t?: string) => call(R.event.PATCH, "PATCH", { id: s.id }, t, { body: { title: "Renamed" } }),
  "PUT /events/{id}": (s: Scenario, t?: string) => call(R.event.PUT, "PUT", { id: s.id }, t, { body: { title: "Renamed", description: "New" } }),
  "DELETE /events/{id}": (s: Scenario, t?: string) => call(R.event.DELETE, "DELETE", { id: s.id }, t),
  "GET /events/{id}/invite-link": (s: Scenario, t?: string) => call(R.inviteLink.GET, "GET", { id: s.id }, t),
  "POST /events/{id}/invite-link": (s: Scenario, t?: string) => call(R.inviteLink.POST, "POST", { id: s.id }, t),
  "PATCH /events/{id}/invite-link": (s: Scenario, t?: string) => call(R.inviteLink.PATCH, "PATCH", { id: s.id }, t, { body: { max_uses: 5 } }),
  "GET /events/{id}/qr-code": (s: Scenario, t?: string) => call(R.qr.GET, "GET", { id: s.id }, t),
  "POST /events/{id}/invitations": (s: Scenario, t?: string) =>
    call(R.invitations.POST, "POST", { id: s.id }, t, { body: { emails: [`to-${randomBytes(4).toString("hex")}@example.com`] } }),
  "GET /events/{id}/attendees": (s: Scenario, t?: string) => call(R.attendees.GET, "GET", { id: s.id }, t),
  "GET /events/{id}/requests": (s: Scenario, t?: string) => call(R.requests.GET, "GET", { id: s.id }, t),
  "POST /events/{id}/requests": (s: Scenario, t?: string) => call(R.requests.POST, "POST", { id: s.id }, t, { body: { action: "approve" } }),
  "POST /events/{id}/requests/{pending user}": (s: Scenario, t?: string) =>
    call(R.request.POST, "POST", { id: s.id, user_id: people.pending.user.id }, t, { body: { action: "approve" } }),
  "POST /events/{id}/rsvp": (s: Scenario, t?: string) => call(R.rsvp.POST, "POST", { id: s.id }, t, { body: { rsvp_status: "maybe" } }),
  "GET /events/{id}/calendar.ics": (s: Scenario, t?: string) => call(R.ics.GET, "GET", { id: s.id }, t),
  "POST /events/join": (s: Scenario, t?: string) => call(R.join.POST, "POST", {}, t, { body: { event_id: s.id, token: s.token } }),
  "GET /users/{owner}/events": (s: Scenario, t?: string) => call(R.userEvents.GET, "GET", { user_id: s.owner.user.id }, t),
};
type Endpoint = keyof typeof endpoints;

// ---- THE TABLE --------------------------------------------------------------------------------------------
//                                                anonymous stranger pending attending owner
const ownerOnlyPrivate = [401, 404, 403, 403, 200] as const;
const PRIVATE: Record<Endpoint, readonly [number, number, number, number, number]> = {
  "GET /events/{id}": [404, 404, 200, 200, 200],
  "GET /events/{id}?token=<valid>": [200, 200, 200, 200, 200],
  "GET /events/{id}?token=<wrong>": [404, 404, 200, 200, 200],
  "PATCH /events/{id}": ownerOnlyPrivate,
  "PUT /events/{id}": ownerOnlyPrivate,
  "DELETE /events/{id}": ownerOnlyPrivate,
  "GET /events/{id}/invite-link": ownerOnlyPrivate,
  "POST /events/{id}/invite-link": ownerOnlyPrivate,
  "PATCH /events/{id}/invite-link": ownerOnlyPrivate,
  "GET /events/{id}/qr-code": ownerOnlyPrivate,
  "POST /events/{id}/invitations": ownerOnlyPrivate,
  "GET /events/{id}/attendees": [401, 404, 403, 200, 200],
  "GET /events/{id}/requests": ownerOnlyPrivate,
  "POST /events/{id}/requests": ownerOnlyPrivate,
  "POST /events/{id}/requests/{pending user}": ownerOnlyPrivate,
  "POST /events/{id}/rsvp": [401, 404, 403, 200, 409],
  "GET /events/{id}/calendar.ics": [404, 404, 200, 200, 200],
  "POST /events/join": [401, 200, 200, 200, 200],
  "GET /users/{owner}/events": [200, 200, 200, 200, 200],
};

//                                               anonymous stranger attending owner
const ownerOnlyPublic = [401, 403, 403, 200] as const;
const PUBLIC: Partial<Record<Endpoint, readonly [number, number, number, number]>> = {
  "GET /events/{id}": [200, 200, 200, 200],
  "PATCH /events/{id}": ownerOnlyPublic,
  "PUT /events/{id}": ownerOnlyPublic,
  "DELETE /events/{id}": ownerOnlyPublic,
  "GET /events/{id}/invite-link": ownerOnlyPublic,
  "POST /events/{id}/invite-link": ownerOnlyPublic,
  "PATCH /events/{id}/invite-link": ownerOnlyPublic,
  "GET /events/{id}/qr-code": ownerOnlyPublic,
  "POST /events/{id}/invitations": ownerOnlyPublic,
  "GET /events/{id}/attendees": [401, 403, 200, 200],
  "GET /events/{id}/requests": ownerOnlyPublic,
  "POST /events/{id}/requests": ownerOnlyPublic,
  "POST /events/{id}/rsvp": [401, 200, 200, 409],
  "GET /events/{id}/calendar.ics": [200, 200, 200, 200],
  "POST /events/join": [401, 200, 200, 200],
  "GET /users/{owner}/events": [200, 200, 200, 200],
};

type Row = { privacy: Privacy; endpoint: Endpoint; actor: Actor; status: number };
const PRIVATE_ACTORS: Actor[] = ["anonymous", "stranger", "pending", "attending", "owner"];
const PUBLIC_ACTORS: Actor[] = ["anonymous", "stranger", "attending", "owner"];
const rows: Row[] = [
  ...Object.entries(PRIVATE).flatMap(([endpoint, statuses]) =>
    statuses.map((status, i) => ({ privacy: "private" as const, endpoint: endpoint as Endpoint, actor: PRIVATE_ACTORS[i]!, status })),
  ),
  ...Object.entries(PUBLIC).flatMap(([endpoint, statuses]) =>
    statuses!.map((status, i) => ({ privacy: "public" as const, endpoint: endpoint as Endpoint, actor: PUBLIC_ACTORS[i]!, status })),
  ),
];

const CODE_OF: Record<number, string> = { 400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict" };

/** Everything a refused call must not have changed. */
async function snapshot(id: string) {
  const _id = new ObjectId(id);
  const event = await (await db.collections.events()).findOne({ _id });
  const members = await (await db.collections.attendances()).find({ event_id: _id }).sort({ user_id: 1 }).toArray();
  return {
    event: event && { title: event.title, description: event.description, invite_token: event.invite_token, invite_max_uses: event.invite_max_uses, counts: event.counts, seats_left: event.seats_left },
    members: members.map((m) => `${m.user_id.toHexString()}:${m.status}`),
  };
}

describe("the permission table", () => {
  it("covers every endpoint for every actor", () => {
    expect(rows.filter((r) => r.privacy === "private")).toHaveLength(Object.keys(endpoints).length * 5);
  });

  it.each(rows)("$privacy event: $endpoint as $actor → $status", async ({ privacy, endpoint, actor, status }) => {
    const s = await scenario(privacy);
    const token = actor === "anonymous" ? undefined : actor === "owner" ? s.owner.token : people[actor].token;
    const before = await snapshot(s.id);
    const res = await endpoints[endpoint](s, token);
    const isJson = (res.headers.get("content-type") ?? "").startsWith("application/json");
    const body = isJson ? await res.json() : await res.text();
    expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(status);

    if (status >= 400) {
      // JSON errors with the machine code, and not one thing changed.
      expect(body).toMatchObject({ error: expect.any(String), code: CODE_OF[status] });
      expect(await snapshot(s.id)).toEqual(before);
      return;
    }

    // What the allowed calls answer to each actor.
    switch (endpoint) {
      case "GET /events/{id}":
      case "GET /events/{id}?token=<valid>":
      case "GET /events/{id}?token=<wrong>":
        expect(body._id).toBe(s.id);
        expect(body.rsvp_status).toBe(actor === "pending" || actor === "attending" ? actor : null);
        // Only the host's view carries the invite link.
        if (actor === "owner") expect(body.invite_link).toContain(s.token);
        else expect(body).not.toHaveProperty("invite_link");
        break;
      case "GET /events/{id}/attendees":
        expect(body.attendees.length).toBeGreaterThan(0);
        for (const guest of body.attendees) {
          if (actor === "owner") expect(guest.email).toMatch(/@example\.com$/);
          else expect(guest).not.toHaveProperty("email");
        }
        break;
      case "POST /events/join": {
        const expected = { owner: "attending", attending: "attending", pending: "pending", stranger: privacy === "private" ? "pending" : "attending" }[actor as Exclude<Actor, "anonymous">];
        expect(body.rsvp_status).toBe(expected);
        break;
      }
      case "GET /users/{owner}/events": {
        const ids = body.events.map((e: { _id: string }) => e._id);
        if (privacy === "public" || actor === "owner") expect(ids).toContain(s.id);
        else expect(ids).not.toContain(s.id);
        break;
      }
      case "GET /events/{id}/calendar.ics":
        expect(body).toContain("BEGIN:VCALENDAR");
        expect(res.headers.get("cache-control")).toBe(privacy === "private" ? "private, no-store" : "no-cache");
        break;
      case "GET /events/{id}/qr-code":
        expect(res.headers.get("content-type")).toBe("image/png");
        break;
      case "POST /events/{id}/requests/{pending user}":
        expect(body.rsvp_status).toBe("attending");
        break;
      case "DELETE /events/{id}":
        expect((await snapshot(s.id)).event).toBeNull();
        break;
    }
  });
});

// ---- ids ---------------------------------------------------------------------------------------------------

describe("ids that are not events", () => {
  const idRoutes: Array<[string, () => Handler, string, unknown?]> = [
    ["GET /events/{id}", () => R.event.GET, "GET"],
    ["PATCH /events/{id}", () => R.event.PATCH, "PATCH", { title: "x" }],
    ["PUT /events/{id}", () => R.event.PUT, "PUT", { title: "x" }],
    ["DELETE /events/{id}", () => R.event.DELETE, "DELETE"],
    ["GET /events/{id}/invite-link", () => R.inviteLink.GET, "GET"],
    ["POST /events/{id}/invite-link", () => R.inviteLink.POST, "POST"],
    ["PATCH /events/{id}/invite-link", () => R.inviteLink.PATCH, "PATCH", { max_uses: 3 }],
    ["GET /events/{id}/qr-code", () => R.qr.GET, "GET"],
    ["POST /events/{id}/invitations", () => R.invitations.POST, "POST", { emails: ["a@example.com"] }],
    ["GET /events/{id}/attendees", () => R.attendees.GET, "GET"],
    ["GET /events/{id}/requests", () => R.requests.GET, "GET"],
    ["POST /events/{id}/requests", () => R.requests.POST, "POST", { action: "deny" }],
    ["POST /events/{id}/requests/{user_id}", () => R.request.POST, "POST", { action: "deny" }],
    ["POST /events/{id}/rsvp", () => R.rsvp.POST, "POST", { rsvp_status: "attending" }],
    ["GET /events/{id}/calendar.ics", () => R.ics.GET, "GET"],
  ];
  const badIds = ["not-an-id", "123", "zzzzzzzzzzzzzzzzzzzzzzzz", "0123456789abcdef0123456", "%24ne", "{\"$ne\":null}"];

  it.each(idRoutes)("%s answers 404 to a signed-in caller for malformed and unknown ids", async (_name, handler, method, body) => {
    const unknown = new ObjectId().toHexString();
    for (const id of [...badIds, unknown, unknown.toUpperCase()]) {
      const res = await call(handler(), method, { id, user_id: people.pending.user.id }, people.stranger.token, { body });
      expect(res.status, id).toBe(404);
      expect((await res.json()).code, id).toBe("not_found");
    }
  });

  it("answers 404 to anonymous readers of unknown events too", async () => {
    for (const id of ["not-an-id", new ObjectId().toHexString()]) {
      expect((await call(R.event.GET, "GET", { id }, undefined)).status, id).toBe(404);
      expect((await call(R.ics.GET, "GET", { id }, undefined)).status, id).toBe(404);
    }
  });

  it("answers 404 for a request from a user id that is not one, on the owner's own event", async () => {
    const s = await scenario("private");
    for (const user_id of ["nobody", new ObjectId().toHexString(), people.attending.user.id]) {
      const res = await call(R.request.POST, "POST", { id: s.id, user_id }, s.owner.token, { body: { action: "approve" } });
      expect(res.status, user_id).toBe(404);
    }
  });

  it("answers 401 for a bad bearer token even where signing in is optional", async () => {
    const s = await scenario("public");
    for (const handler of [R.event.GET, R.ics.GET]) {
      const res = await handler(
        new NextRequest("http://localhost/api/v1/events/x", { headers: { authorization: "Bearer not.a.token" } }),
        { params: Promise.resolve({ id: s.id }) as Promise<never> },
      );
      expect(res.status).toBe(401);
    }
  });
});
