import { randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SmtpSink } from "../support/smtp-sink";
import { call as callRoute, loadEventRoutes, makePerson, startMailAndRedis, stopMailAndRedis, type EventRoutes, type Handler, type Person, eventServices, type EventServices } from "./events-support";

// THE PERMISSION TABLE of the events JSON API: every endpoint × every kind of caller (a co-host
// among them), on a private event and (the key rows) on a public one. Each row gets a fresh event with a fresh guest list, so
// no row depends on another; a refused call must also leave the event exactly as it was.

type Actor = "anonymous" | "stranger" | "pending" | "attending" | "cohost" | "owner";
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
  people = { stranger: await makePerson("perm"), pending: await makePerson("perm"), attending: await makePerson("perm"), cohost: await makePerson("perm") };
});

afterAll(() => stopMailAndRedis(sink));

/** The table's calls: the caller's token, then what the endpoint needs. */
const call = (handler: Handler, method: string, params: Record<string, string>, token: string | undefined, opts: { body?: unknown; query?: Record<string, string> } = {}) =>
  callRoute(handler, method, params, { ...opts, token });

/** A fresh event of a fresh owner, co-hosted by `cohost`: on a private one, `attending` was approved and `pending` waits; on a public one, `attending` joined. */
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
  await service.addCohost(owner.user, id, { email: people.cohost.user.email });
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
  "GET /events/{id}/cohosts": (s: Scenario, t?: string) => call(R.cohosts.GET, "GET", { id: s.id }, t),
  "POST /events/{id}/cohosts": async (s: Scenario, t?: string) =>
    call(R.cohosts.POST, "POST", { id: s.id }, t, { body: { email: (await makePerson("perm-co")).user.email } }),
  "DELETE /events/{id}/cohosts/{cohost}": (s: Scenario, t?: string) => call(R.cohost.DELETE, "DELETE", { id: s.id, user_id: people.cohost.user.id }, t),
  "POST /events/{id}/announcements": (s: Scenario, t?: string) =>
    call(R.announcements.POST, "POST", { id: s.id }, t, { body: { body: "Doors open at 7.", audience: "everyone" } }),
  "GET /events/{id}/reminders": (s: Scenario, t?: string) => call(R.reminders.GET, "GET", { id: s.id }, t),
  "PUT /events/{id}/reminders": (s: Scenario, t?: string) => call(R.reminders.PUT, "PUT", { id: s.id }, t, { body: { offsets_minutes: [60] } }),
  "POST /events/{id}/duplicate": (s: Scenario, t?: string) =>
    call(R.duplicate.POST, "POST", { id: s.id }, t, { body: { starts_at: new Date(Date.now() + 14 * 86_400_000).toISOString() } }),
  "GET /events/{id}/check-ins": (s: Scenario, t?: string) => call(R.checkIns.GET, "GET", { id: s.id }, t),
  "POST /events/{id}/check-ins {attending guest}": (s: Scenario, t?: string) =>
    call(R.checkIns.POST, "POST", { id: s.id }, t, { body: { user_id: people.attending.user.id } }),
};
type Endpoint = keyof typeof endpoints;

// ---- THE TABLE --------------------------------------------------------------------------------------------
//                                                anonymous stranger pending attending cohost owner
const ownerOnlyPrivate = [401, 404, 403, 403, 403, 200] as const;
const hostsPrivate = [401, 404, 403, 403, 200, 200] as const;
const PRIVATE: Record<Endpoint, readonly [number, number, number, number, number, number]> = {
  "GET /events/{id}": [404, 404, 200, 200, 200, 200],
  "GET /events/{id}?token=<valid>": [200, 200, 200, 200, 200, 200],
  "GET /events/{id}?token=<wrong>": [404, 404, 200, 200, 200, 200],
  "PATCH /events/{id}": ownerOnlyPrivate,
  "PUT /events/{id}": ownerOnlyPrivate,
  "DELETE /events/{id}": ownerOnlyPrivate,
  "GET /events/{id}/invite-link": hostsPrivate,
  "POST /events/{id}/invite-link": hostsPrivate,
  "PATCH /events/{id}/invite-link": hostsPrivate,
  "GET /events/{id}/qr-code": hostsPrivate,
  "POST /events/{id}/invitations": hostsPrivate,
  "GET /events/{id}/attendees": [401, 404, 403, 200, 200, 200],
  "GET /events/{id}/requests": hostsPrivate,
  "POST /events/{id}/requests": hostsPrivate,
  "POST /events/{id}/requests/{pending user}": hostsPrivate,
  "POST /events/{id}/rsvp": [401, 404, 403, 200, 409, 409],
  "GET /events/{id}/calendar.ics": [404, 404, 200, 200, 200, 200],
  "POST /events/join": [401, 200, 200, 200, 200, 200],
  "GET /users/{owner}/events": [200, 200, 200, 200, 200, 200],
  "GET /events/{id}/cohosts": hostsPrivate,
  "POST /events/{id}/cohosts": [401, 404, 403, 403, 403, 201],
  // A co-host may step down; only the owner removes others.
  "DELETE /events/{id}/cohosts/{cohost}": hostsPrivate,
  "POST /events/{id}/announcements": [401, 404, 403, 403, 201, 201],
  "GET /events/{id}/reminders": ownerOnlyPrivate,
  "PUT /events/{id}/reminders": ownerOnlyPrivate,
  "POST /events/{id}/duplicate": [401, 404, 403, 403, 403, 201],
  "GET /events/{id}/check-ins": hostsPrivate,
  "POST /events/{id}/check-ins {attending guest}": hostsPrivate,
};

//                                               anonymous stranger attending cohost owner
const ownerOnlyPublic = [401, 403, 403, 403, 200] as const;
const hostsPublic = [401, 403, 403, 200, 200] as const;
const PUBLIC: Partial<Record<Endpoint, readonly [number, number, number, number, number]>> = {
  "GET /events/{id}": [200, 200, 200, 200, 200],
  "PATCH /events/{id}": ownerOnlyPublic,
  "PUT /events/{id}": ownerOnlyPublic,
  "DELETE /events/{id}": ownerOnlyPublic,
  "GET /events/{id}/invite-link": hostsPublic,
  "POST /events/{id}/invite-link": hostsPublic,
  "PATCH /events/{id}/invite-link": hostsPublic,
  "GET /events/{id}/qr-code": hostsPublic,
  "POST /events/{id}/invitations": hostsPublic,
  "GET /events/{id}/attendees": [401, 403, 200, 200, 200],
  "GET /events/{id}/requests": hostsPublic,
  "POST /events/{id}/requests": hostsPublic,
  "POST /events/{id}/rsvp": [401, 200, 200, 409, 409],
  "GET /events/{id}/calendar.ics": [200, 200, 200, 200, 200],
  "POST /events/join": [401, 200, 200, 200, 200],
  "GET /users/{owner}/events": [200, 200, 200, 200, 200],
  "GET /events/{id}/cohosts": hostsPublic,
  "POST /events/{id}/cohosts": [401, 403, 403, 403, 201],
  "DELETE /events/{id}/cohosts/{cohost}": hostsPublic,
  "POST /events/{id}/announcements": [401, 403, 403, 201, 201],
  "GET /events/{id}/reminders": ownerOnlyPublic,
  "PUT /events/{id}/reminders": ownerOnlyPublic,
  "POST /events/{id}/duplicate": [401, 403, 403, 403, 201],
  "GET /events/{id}/check-ins": hostsPublic,
  "POST /events/{id}/check-ins {attending guest}": hostsPublic,
};

type Row = { privacy: Privacy; endpoint: Endpoint; actor: Actor; status: number };
const PRIVATE_ACTORS: Actor[] = ["anonymous", "stranger", "pending", "attending", "cohost", "owner"];
const PUBLIC_ACTORS: Actor[] = ["anonymous", "stranger", "attending", "cohost", "owner"];
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
    event: event && {
      title: event.title,
      description: event.description,
      invite_token: event.invite_token,
      invite_max_uses: event.invite_max_uses,
      counts: event.counts,
      seats_left: event.seats_left,
      cohost_ids: (event.cohost_ids ?? []).map((c) => c.toHexString()),
      checked_in: event.checked_in ?? null,
      reminder_offsets: event.reminder_offsets ?? null,
    },
    members: members.map((m) => `${m.user_id.toHexString()}:${m.status}`),
  };
}

describe("the permission table", () => {
  it("covers every endpoint for every actor", () => {
    expect(rows.filter((r) => r.privacy === "private")).toHaveLength(Object.keys(endpoints).length * PRIVATE_ACTORS.length);
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
        // Only the hosts' view carries the invite link, and says which host reads it.
        if (actor === "owner" || actor === "cohost") expect(body.invite_link).toContain(s.token);
        else expect(body).not.toHaveProperty("invite_link");
        expect(body.viewer_role).toBe(actor === "owner" || actor === "cohost" ? actor : null);
        break;
      case "GET /events/{id}/attendees":
        expect(body.attendees.length).toBeGreaterThan(0);
        for (const guest of body.attendees) {
          if (actor === "owner" || actor === "cohost") expect(guest.email).toMatch(/@example\.com$/);
          else expect(guest).not.toHaveProperty("email");
        }
        break;
      case "POST /events/join": {
        const expected = { owner: "attending", cohost: "attending", attending: "attending", pending: "pending", stranger: privacy === "private" ? "pending" : "attending" }[actor as Exclude<Actor, "anonymous">];
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
      case "GET /events/{id}/cohosts":
        expect(body.cohosts.map((c: { user_id: string }) => c.user_id)).toEqual([people.cohost.user.id]);
        break;
      case "POST /events/{id}/cohosts":
        expect((await snapshot(s.id)).event?.cohost_ids).toEqual([people.cohost.user.id, body.cohost.user_id]);
        break;
      case "DELETE /events/{id}/cohosts/{cohost}":
        expect((await snapshot(s.id)).event?.cohost_ids).toEqual([]);
        break;
      case "POST /events/{id}/check-ins {attending guest}":
        expect((await snapshot(s.id)).event?.checked_in).toEqual({ guests: 1, people: 1 });
        break;
      case "POST /events/{id}/announcements":
        expect(body.announcement.author_id).toBe(actor === "owner" ? s.owner.user.id : people.cohost.user.id);
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
    ["GET /events/{id}/cohosts", () => R.cohosts.GET, "GET"],
    ["POST /events/{id}/cohosts", () => R.cohosts.POST, "POST", { email: "someone@example.com" }],
    ["DELETE /events/{id}/cohosts/{user_id}", () => R.cohost.DELETE, "DELETE"],
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
