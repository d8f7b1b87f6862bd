import { randomBytes } from "node:crypto";
import { inflateSync } from "node:zlib";
import jsQR from "jsqr";
import { ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SmtpSink } from "../support/smtp-sink";
import { call, loadEventRoutes, makePerson, randomIp, startMailAndRedis, stopMailAndRedis, type CallOpts, type EventRoutes } from "./events-support";

// The events JSON API, called through its route handlers against the real database, the real
// Redis (the join rate limit) and a real SMTP server (invitations, waitlist mail).

let sink: SmtpSink;
let routes: EventRoutes;
let db: typeof import("@/lib/db");
let APP_URL: string;

beforeAll(async () => {
  sink = await startMailAndRedis();
  db = await import("@/lib/db");
  APP_URL = (await import("@/lib/env")).env().APP_URL;
  routes = await loadEventRoutes();
});

afterAll(() => stopMailAndRedis(sink));

// ---- helpers ------------------------------------------------------------------------------------

type User = { id: string; email: string; token: string };

async function makeUser(): Promise<User> {
  const { user, token } = await makePerson("ev");
  return { id: user.id, email: user.email, token };
}

const DAY = 86_400_000;
/** A UTC calendar day `n` days from now, as the original API's `date`. */
const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const YEAR = new Date().getUTCFullYear() + 2;

const originalBody = (overrides: Record<string, unknown> = {}) => ({
  title: "Tech Conference",
  description: "Talks and demos",
  date: dayFromNow(30),
  location: "Main Hall",
  max_people: 100,
  is_private: false,
  tags: ["tech", "conference"],
  ...overrides,
});

type Created = { id: string; token: string; link: string; event: Record<string, unknown> };

async function createEvent(owner: User, overrides: Record<string, unknown> = {}): Promise<Created> {
  const res = await call(routes.events.POST, "POST", {}, { token: owner.token, body: originalBody(overrides) });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(201);
  const link = body.event.invite_link as string;
  return { id: body.event_id, token: new URL(link).searchParams.get("token")!, link, event: body.event };
}

async function join(user: User, ev: { id: string; token: string }, ip?: string) {
  const res = await call(routes.join.POST, "POST", {}, { token: user.token, body: { event_id: ev.id, token: ev.token }, ip });
  return { status: res.status, body: await res.json() };
}

async function rsvp(user: User, id: string, rsvp_status: string) {
  const res = await call(routes.rsvp.POST, "POST", { id }, { token: user.token, body: { rsvp_status } });
  return { status: res.status, body: await res.json() };
}

async function getEvent(id: string, user?: User) {
  const res = await call(routes.event.GET, "GET", { id }, { token: user?.token });
  return { status: res.status, body: await res.json() };
}

async function inviteLinkOf(owner: User, id: string) {
  const res = await call(routes.inviteLink.GET, "GET", { id }, { token: owner.token });
  expect(res.status).toBe(200);
  return res.json();
}

// ---- create and read --------------------------------------------------------------------------------

describe("POST /api/v1/events and GET /api/v1/events/{id}", () => {
  it("creates from the original body and answers the original field names", async () => {
    const owner = await makeUser();
    const day = dayFromNow(30);
    const res = await call(routes.events.POST, "POST", {}, { token: owner.token, body: originalBody({ date: day }) });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ message: "Event created successfully", event_id: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect(created.event._id).toBe(created.event_id);

    const { status, body } = await getEvent(created.event_id);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      _id: created.event_id,
      title: "Tech Conference",
      description: "Talks and demos",
      date: `${day}T00:00:00.000Z`,
      starts_at: `${day}T00:00:00.000Z`,
      ends_at: null,
      timezone: "UTC",
      location: "Main Hall",
      max_people: 100,
      is_private: false,
      tags: ["tech", "conference"],
      owner_id: owner.id,
      rsvp_status: null,
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      updated_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    // The invite link belongs to the host's view only.
    expect(body).not.toHaveProperty("invite_link");
    const asOwner = await getEvent(created.event_id, owner);
    expect(asOwner.body.invite_link).toMatch(/\/events\/join\?event_id=/);
  });

  it("reads starts_at/ends_at as wall-clock time in the given time zone", async () => {
    const owner = await makeUser();
    const summer = await createEvent(owner, { date: undefined, starts_at: `${YEAR}-07-04T19:00`, ends_at: `${YEAR}-07-04T22:30`, timezone: "America/New_York" });
    expect(summer.event).toMatchObject({
      starts_at: `${YEAR}-07-04T23:00:00.000Z`,
      date: `${YEAR}-07-04T23:00:00.000Z`,
      ends_at: `${YEAR}-07-05T02:30:00.000Z`,
      timezone: "America/New_York",
    });
    // Winter time, through the original `date` field with a time of day.
    const winter = await createEvent(owner, { date: `${YEAR}-01-15T09:00`, timezone: "America/New_York" });
    expect(winter.event.starts_at).toBe(`${YEAR}-01-15T14:00:00.000Z`);
    // An instant with its own offset is taken as it is.
    const instant = await createEvent(owner, { date: undefined, starts_at: `${YEAR}-03-01T10:00:00+01:00`, timezone: "Europe/Berlin" });
    expect(instant.event.starts_at).toBe(`${YEAR}-03-01T09:00:00.000Z`);
  });

  it("refuses a start in the past and an end before the start", async () => {
    const owner = await makeUser();
    const past = await call(routes.events.POST, "POST", {}, { token: owner.token, body: originalBody({ date: dayFromNow(-1) }) });
    expect(past.status).toBe(400);
    expect((await past.json()).issues.starts_at).toEqual(["The event cannot start in the past."]);

    const backwards = await call(routes.events.POST, "POST", {}, {
      token: owner.token,
      body: originalBody({ date: undefined, starts_at: `${YEAR}-05-01T18:00`, ends_at: `${YEAR}-05-01T17:00` }),
    });
    expect(backwards.status).toBe(400);
    expect((await backwards.json()).issues.ends_at).toEqual(["The event must end after it starts."]);
  });

  it("answers bad input of every kind with a 4xx JSON error, never a 500", async () => {
    const owner = await makeUser();
    const cases: Array<[string, CallOpts, number]> = [
      ["missing title", { body: originalBody({ title: undefined }) }, 400],
      ["blank title", { body: originalBody({ title: "   " }) }, 400],
      ["missing date", { body: originalBody({ date: undefined }) }, 400],
      ["title as a number", { body: originalBody({ title: 42 }) }, 400],
      ["operator injection", { body: originalBody({ title: { $ne: null } }) }, 400],
      ["operator in tags", { body: originalBody({ tags: [{ $gt: "" }] }) }, 400],
      ["is_private as text", { body: originalBody({ is_private: "yes" }) }, 400],
      ["description as a list", { body: originalBody({ description: ["a"] }) }, 400],
      ["11 tags", { body: originalBody({ tags: Array.from({ length: 11 }, (_, i) => `tag${i}`) }) }, 400],
      ["max_people 0", { body: originalBody({ max_people: 0 }) }, 400],
      ["max_people 'abc'", { body: originalBody({ max_people: "abc" }) }, 400],
      ["max_people 1.5", { body: originalBody({ max_people: 1.5 }) }, 400],
      ["max_people -3", { body: originalBody({ max_people: -3 }) }, 400],
      ["date as words", { body: originalBody({ date: "next friday" }) }, 400],
      ["date that does not exist", { body: originalBody({ date: `${YEAR}-02-30` }) }, 400],
      ["unknown time zone", { body: originalBody({ timezone: "Mars/Olympus_Mons" }) }, 400],
      ["title too long", { body: originalBody({ title: "x".repeat(121) }) }, 400],
      ["a JSON array", { body: [originalBody()] }, 400],
      ["JSON null", { raw: "null" }, 400],
      ["malformed JSON", { raw: '{"title": "x",' }, 400],
      ["1 MB body", { body: originalBody({ description: "x".repeat(1024 * 1024) }) }, 413],
      ["not JSON content type", { raw: "title=x", type: "application/x-www-form-urlencoded" }, 415],
    ];
    for (const [name, opts, status] of cases) {
      const res = await call(routes.events.POST, "POST", {}, { token: owner.token, ...opts });
      expect(res.status, name).toBe(status);
      const body = await res.json();
      expect(body, name).toMatchObject({ error: expect.any(String), code: expect.any(String) });
    }
    const injected = await call(routes.events.POST, "POST", {}, { token: owner.token, body: originalBody({ title: { $ne: null } }) });
    expect((await injected.json()).issues.title).toEqual(["Give the event a title."]);
    // Nothing of the above was stored.
    expect(await (await db.collections.events()).countDocuments({ owner_id: new ObjectId(owner.id) })).toBe(0);

    const anonymous = await call(routes.events.POST, "POST", {}, { body: originalBody() });
    expect(anonymous.status).toBe(401);
    const garbage = await call(routes.events.POST, "POST", {}, { authorization: "Bearer not.a.token", body: originalBody() });
    expect(garbage.status).toBe(401);
  });
});

// ---- update and delete ---------------------------------------------------------------------------------

describe("PATCH / PUT / DELETE /api/v1/events/{id}", () => {
  it("lets the owner change fields with PATCH and with PUT (the original's verb and body)", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const patched = await call(routes.event.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { title: "Renamed", tags: "Music, Outdoors" } });
    expect(patched.status).toBe(200);
    const body = await patched.json();
    expect(body.message).toBe("Event updated successfully");
    expect(body.event).toMatchObject({ title: "Renamed", tags: ["music", "outdoors"], description: "Talks and demos", max_people: 100 });
    expect(new Date(body.event.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(ev.event.updated_at as string).getTime());

    const newDay = dayFromNow(40);
    const put = await call(routes.event.PUT, "PUT", { id: ev.id }, {
      token: owner.token,
      body: { title: "Updated Event Title", description: "Updated Event Description", date: newDay },
    });
    expect(put.status).toBe(200);
    expect((await put.json()).message).toBe("Event updated successfully");

    const { body: read } = await getEvent(ev.id);
    expect(read).toMatchObject({ title: "Updated Event Title", description: "Updated Event Description", date: `${newDay}T00:00:00.000Z`, tags: ["music", "outdoors"] });
  });

  it("refuses empty, invalid and backwards updates", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const cases: Array<[string, unknown, number]> = [
      ["empty", {}, 400],
      ["operator", { title: { $set: "x" } }, 400],
      ["past start", { date: dayFromNow(-2) }, 400],
      ["end before start", { ends_at: `${dayFromNow(29)}T10:00` }, 400],
      ["max_people 0", { max_people: 0 }, 400],
    ];
    for (const [name, body, status] of cases) {
      const res = await call(routes.event.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body });
      expect(res.status, name).toBe(status);
    }
  });

  it("answers 409 when max_people would go below the number attending", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { max_people: 5 });
    for (const guest of [await makeUser(), await makeUser()]) expect((await join(guest, ev)).body.rsvp_status).toBe("attending");

    const tooLow = await call(routes.event.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { max_people: 1 } });
    expect(tooLow.status).toBe(409);
    expect(await tooLow.json()).toMatchObject({ code: "conflict", error: expect.stringMatching(/2 guests are attending/) });

    const exact = await call(routes.event.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { max_people: 2 } });
    expect(exact.status).toBe(200);
    expect((await exact.json()).event).toMatchObject({ max_people: 2, seats_left: 0, is_full: true });

    const unlimited = await call(routes.event.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { max_people: null } });
    expect((await unlimited.json()).event).toMatchObject({ max_people: null, seats_left: null, is_full: false });
  });

  it("deletes the event with its memberships", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    await join(await makeUser(), ev);
    await join(await makeUser(), ev);
    const attendances = await db.collections.attendances();
    expect(await attendances.countDocuments({ event_id: new ObjectId(ev.id) })).toBe(2);

    const res = await call(routes.event.DELETE, "DELETE", { id: ev.id }, { token: owner.token });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: "Event deleted successfully" });
    expect(await attendances.countDocuments({ event_id: new ObjectId(ev.id) })).toBe(0);
    expect((await getEvent(ev.id, owner)).status).toBe(404);
    expect((await call(routes.event.DELETE, "DELETE", { id: ev.id }, { token: owner.token })).status).toBe(404);
  });
});

// ---- invite links and joining ----------------------------------------------------------------------------

describe("invite link and POST /api/v1/events/join", () => {
  it("answers the link in the original shape", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const link = await inviteLinkOf(owner, ev.id);
    expect(link).toEqual({ invite_link: expect.any(String), expires_at: null, max_uses: null, uses: 0 });
    expect(link.invite_link).toBe(`${new URL(APP_URL).origin}/events/join?event_id=${ev.id}&token=${ev.token}`);
    expect(ev.token).toMatch(/^[A-Za-z0-9_-]{32}$/);

    await join(await makeUser(), ev);
    expect((await inviteLinkOf(owner, ev.id)).uses).toBe(1);
  });

  it("rotating makes the old token a 404", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const rotated = await call(routes.inviteLink.POST, "POST", { id: ev.id }, { token: owner.token });
    expect(rotated.status).toBe(200);
    const body = await rotated.json();
    expect(body.invite_link).not.toBe(ev.link);
    const newToken = new URL(body.invite_link).searchParams.get("token")!;

    const old = await join(await makeUser(), ev);
    expect(old.status).toBe(404);
    expect(old.body.code).toBe("not_found");
    expect((await join(await makeUser(), { id: ev.id, token: newToken })).status).toBe(200);
    expect((await inviteLinkOf(owner, ev.id)).invite_link).toBe(body.invite_link);
  });

  it("an expired link is a 404, for joining and for the preview", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { is_private: true });
    const preview = await call(routes.event.GET, "GET", { id: ev.id }, { query: { token: ev.token } });
    expect(preview.status).toBe(200);

    const inPast = await call(routes.inviteLink.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { expires_at: new Date(Date.now() - DAY).toISOString() } });
    expect(inPast.status).toBe(400);
    const future = new Date(Date.now() + DAY);
    const set = await call(routes.inviteLink.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { expires_at: future.toISOString() } });
    expect(set.status).toBe(200);
    expect((await set.json()).expires_at).toBe(future.toISOString());

    await (await db.collections.events()).updateOne({ _id: new ObjectId(ev.id) }, { $set: { invite_expires_at: new Date(Date.now() - 1000) } });
    expect((await join(await makeUser(), ev)).status).toBe(404);
    expect((await call(routes.event.GET, "GET", { id: ev.id }, { query: { token: ev.token } })).status).toBe(404);

    const cleared = await call(routes.inviteLink.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { expires_at: null } });
    expect((await cleared.json()).expires_at).toBeNull();
    expect((await join(await makeUser(), ev)).status).toBe(200);
  });

  it("max_uses=1 admits one new guest; the second gets 404", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const set = await call(routes.inviteLink.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { max_uses: 1 } });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ max_uses: 1, uses: 0 });
    for (const bad of [{ max_uses: 0 }, { max_uses: 1.5 }, { max_uses: "1" }, { expires_at: "tomorrow" }]) {
      const res = await call(routes.inviteLink.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }

    const first = await makeUser();
    expect((await join(first, ev)).status).toBe(200);
    expect((await join(await makeUser(), ev)).status).toBe(404);
    // A used-up link admits no one new, but the guest who used it still gets their status back.
    const again = await join(first, ev);
    expect(again.status).toBe(200);
    expect(again.body.rsvp_status).toBe("attending");
    expect((await getEvent(ev.id, first)).body.rsvp_status).toBe("attending");
    expect(await inviteLinkOf(owner, ev.id)).toMatchObject({ max_uses: 1, uses: 1 });
  });

  it("joining twice changes nothing", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const guest = await makeUser();
    const first = await join(guest, ev);
    expect(first).toEqual({ status: 200, body: { message: "Successfully joined the event", rsvp_status: "attending" } });
    const second = await join(guest, ev);
    expect(second).toEqual(first);
    const { body } = await getEvent(ev.id, owner);
    expect(body.counts.attending).toBe(1);
    expect(body.invite_uses).toBe(1);
    expect(body.seats_left).toBe(99);
    expect(await (await db.collections.attendances()).countDocuments({ event_id: new ObjectId(ev.id) })).toBe(1);
  });

  it("joining a private event asks the host, with the original message", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { is_private: true });
    const guest = await makeUser();
    const res = await join(guest, ev);
    expect(res).toEqual({ status: 200, body: { message: "Your request to join the event is pending approval", rsvp_status: "pending" } });
    expect((await getEvent(ev.id, guest)).body.rsvp_status).toBe("pending");
    // The host joining their own link is told so, and nothing is stored.
    expect((await join(owner, ev)).body.message).toBe("You are the host of this event");
  });

  it("answers bad join bodies with 400 and bad ids or tokens with 404", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const user = await makeUser();
    const cases: Array<[unknown, number]> = [
      [{ event_id: ev.id }, 400],
      [{ token: ev.token }, 400],
      [{ event_id: ev.id, token: { $ne: null } }, 400],
      [{ event_id: ev.id, token: "" }, 400],
      [{ event_id: "not-an-id", token: ev.token }, 404],
      [{ event_id: new ObjectId().toHexString(), token: ev.token }, 404],
      [{ event_id: ev.id, token: `${ev.token}x` }, 404],
      [{ event_id: ev.id, token: ev.token.toUpperCase() === ev.token ? "nope" : ev.token.toUpperCase() }, 404],
    ];
    for (const [body, status] of cases) {
      const res = await call(routes.join.POST, "POST", {}, { token: user.token, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
    }
    expect((await call(routes.join.POST, "POST", {}, { body: { event_id: ev.id, token: ev.token } })).status).toBe(401);
  });

  it("limits invite-token attempts per IP: the 31st within a minute is a 429 with Retry-After", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const guesser = await makeUser();
    const ip = randomIp();
    for (let i = 0; i < 30; i++) {
      const res = await call(routes.join.POST, "POST", {}, { token: guesser.token, ip, body: { event_id: ev.id, token: `guess-${i}` } });
      expect(res.status, `attempt ${i + 1}`).toBe(404);
    }
    const limited = await call(routes.join.POST, "POST", {}, { token: guesser.token, ip, body: { event_id: ev.id, token: ev.token } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).code).toBe("rate_limited");
    // Another address is not affected.
    expect((await join(guesser, ev)).status).toBe(200);
  });
});

// ---- requests ---------------------------------------------------------------------------------------------

describe("requests to join a private event", () => {
  async function privateWithRequests(n: number, extra: Record<string, unknown> = {}) {
    const owner = await makeUser();
    const ev = await createEvent(owner, { is_private: true, ...extra });
    const guests: User[] = [];
    for (let i = 0; i < n; i++) {
      const guest = await makeUser();
      expect((await join(guest, ev)).body.rsvp_status).toBe("pending");
      guests.push(guest);
    }
    return { owner, ev, guests };
  }

  const decide = (owner: User, id: string, user_id: string, action: unknown) =>
    call(routes.request.POST, "POST", { id, user_id }, { token: owner.token, body: { action } });

  it("lists requests and approves or denies one at a time", async () => {
    const { owner, ev, guests } = await privateWithRequests(2);
    const [a, b] = guests as [User, User];
    const list = await call(routes.requests.GET, "GET", { id: ev.id }, { token: owner.token });
    expect(list.status).toBe(200);
    const { requests } = await list.json();
    expect(requests).toHaveLength(2);
    expect(requests[0]).toEqual({ user_id: a.id, username: null, status: "pending", joined_at: expect.stringMatching(/Z$/), email: a.email });

    const approved = await decide(owner, ev.id, a.id, "approve");
    expect(approved.status).toBe(200);
    expect(await approved.json()).toEqual({ message: "Request approved", rsvp_status: "attending" });
    const denied = await decide(owner, ev.id, b.id, "deny");
    expect(await denied.json()).toEqual({ message: "Request denied", rsvp_status: "not_attending" });

    expect((await (await call(routes.requests.GET, "GET", { id: ev.id }, { token: owner.token })).json()).requests).toEqual([]);
    expect((await getEvent(ev.id, a)).body.rsvp_status).toBe("attending");
    // A denied guest is a stranger again: the private event is a 404.
    expect((await getEvent(ev.id, b)).status).toBe(404);
    // Deciding again, or about nobody, finds no request.
    expect((await decide(owner, ev.id, a.id, "approve")).status).toBe(404);
    expect((await decide(owner, ev.id, "not-an-id", "approve")).status).toBe(404);
    expect((await decide(owner, ev.id, new ObjectId().toHexString(), "deny")).status).toBe(404);
    expect((await decide(owner, ev.id, a.id, "maybe")).status).toBe(400);
  });

  it("approves all and denies all", async () => {
    const first = await privateWithRequests(3);
    const all = await call(routes.requests.POST, "POST", { id: first.ev.id }, { token: first.owner.token, body: { action: "approve" } });
    expect(all.status).toBe(200);
    expect(await all.json()).toEqual({ message: "3 requests approved", decided: 3 });
    const attendees = await (await call(routes.attendees.GET, "GET", { id: first.ev.id }, { token: first.owner.token })).json();
    expect(attendees.attendees.map((g: { status: string }) => g.status)).toEqual(["attending", "attending", "attending"]);

    const second = await privateWithRequests(2);
    const none = await call(routes.requests.POST, "POST", { id: second.ev.id }, { token: second.owner.token, body: { action: "deny" } });
    expect(await none.json()).toEqual({ message: "2 requests denied", decided: 2 });
    expect(await (await db.collections.attendances()).countDocuments({ event_id: new ObjectId(second.ev.id) })).toBe(0);
    expect((await call(routes.requests.POST, "POST", { id: second.ev.id }, { token: second.owner.token, body: {} })).status).toBe(400);
  });

  it("approving into a full event puts the guest on the waitlist", async () => {
    const { owner, ev, guests } = await privateWithRequests(2, { max_people: 1 });
    expect(await (await decide(owner, ev.id, guests[0]!.id, "approve")).json()).toMatchObject({ rsvp_status: "attending" });
    expect(await (await decide(owner, ev.id, guests[1]!.id, "approve")).json()).toMatchObject({ rsvp_status: "waitlisted" });
  });
});

// ---- RSVP ---------------------------------------------------------------------------------------------------

describe("POST /api/v1/events/{id}/rsvp", () => {
  it("moves a guest between attending, maybe and not_attending", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const guest = await makeUser();
    // A public event needs no invite.
    expect(await rsvp(guest, ev.id, "attending")).toEqual({ status: 200, body: { message: "Successfully joined the event", rsvp_status: "attending" } });
    expect((await rsvp(guest, ev.id, "maybe")).body.rsvp_status).toBe("maybe");
    expect((await rsvp(guest, ev.id, "not_attending")).body.rsvp_status).toBe("not_attending");
    expect(await rsvp(guest, ev.id, "attending")).toEqual({ status: 200, body: { message: "RSVP status updated successfully", rsvp_status: "attending" } });
    for (const bad of ["yes", "pending", "waitlisted", ""]) expect((await rsvp(guest, ev.id, bad)).status, bad).toBe(400);
    expect((await getEvent(ev.id, guest)).body.rsvp_status).toBe("attending");
  });

  it("waitlists when full and promotes the oldest waiter when a seat frees up", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { max_people: 2 });
    const [a, b, c, d] = [await makeUser(), await makeUser(), await makeUser(), await makeUser()];
    expect((await rsvp(a, ev.id, "attending")).body.rsvp_status).toBe("attending");
    expect((await rsvp(b, ev.id, "attending")).body.rsvp_status).toBe("attending");
    const full = await rsvp(c, ev.id, "attending");
    expect(full.body).toEqual({ message: expect.stringMatching(/waitlist/), rsvp_status: "waitlisted" });
    expect((await join(d, ev)).body.rsvp_status).toBe("waitlisted");
    // Asking again keeps the place in line.
    expect((await rsvp(c, ev.id, "attending")).body.rsvp_status).toBe("waitlisted");
    expect((await getEvent(ev.id)).body).toMatchObject({ is_full: true, seats_left: 0 });

    expect((await rsvp(a, ev.id, "not_attending")).body.rsvp_status).toBe("not_attending");
    expect((await getEvent(ev.id, c)).body.rsvp_status).toBe("attending");
    expect((await getEvent(ev.id, d)).body.rsvp_status).toBe("waitlisted");
    const mail = await sink.waitFor((m) => m.to.includes(c.email));
    expect(mail.subject).toMatch(/seat opened up/i);

    expect((await rsvp(b, ev.id, "maybe")).body.rsvp_status).toBe("maybe");
    expect((await getEvent(ev.id, d)).body.rsvp_status).toBe("attending");

    const { recountEvent } = await import("@/lib/events/membership");
    const { body } = await getEvent(ev.id, owner);
    expect(body.counts).toEqual(await recountEvent(ev.id));
    expect(body.counts).toMatchObject({ attending: 2, maybe: 1, not_attending: 1, waitlisted: 0 });
    expect(body.seats_left).toBe(0);
  });

  it("answers 409 once the event is over", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const guest = await makeUser();
    await rsvp(guest, ev.id, "attending");
    await (await db.collections.events()).updateOne({ _id: new ObjectId(ev.id) }, { $set: { starts_at: new Date(Date.now() - 2 * DAY), ends_at: null } });
    expect((await rsvp(guest, ev.id, "maybe")).status).toBe(409);
  });
});

// ---- attendees ------------------------------------------------------------------------------------------------

describe("GET /api/v1/events/{id}/attendees", () => {
  it("shows emails to the host only", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const [a, b] = [await makeUser(), await makeUser()];
    await rsvp(a, ev.id, "attending");
    await rsvp(b, ev.id, "not_attending");
    const asOwner = await (await call(routes.attendees.GET, "GET", { id: ev.id }, { token: owner.token })).json();
    expect(asOwner.attendees).toEqual([
      { user_id: a.id, username: null, status: "attending", joined_at: expect.stringMatching(/^\d{4}-.*Z$/), email: a.email },
      { user_id: b.id, username: null, status: "not_attending", joined_at: expect.any(String), email: b.email },
    ]);
    const asGuest = await (await call(routes.attendees.GET, "GET", { id: ev.id }, { token: a.token })).json();
    expect(asGuest.attendees).toEqual([{ user_id: a.id, username: null, status: "attending", joined_at: expect.any(String) }]);
    expect((await call(routes.attendees.GET, "GET", { id: ev.id }, { token: b.token })).status).toBe(403);
  });
});

// ---- QR code, calendar, invitations -----------------------------------------------------------------------------

/** A minimal PNG reader (8-bit, non-interlaced) → RGBA pixels, enough to hand the QR code to jsQR. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8ClampedArray } {
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString("ascii", pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8], "bit depth").toBe(8);
      colorType = data[9]!;
      expect(data[12], "interlace").toBe(0);
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    pos += 12 + length;
  }
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!channels) throw new Error(`unsupported PNG color type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predictor = [0, a, b, Math.floor((a + b) / 2), paeth][filter]!;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const px = pixels.subarray(i * channels, i * channels + channels);
    const [r, g, b] = channels >= 3 ? [px[0]!, px[1]!, px[2]!] : [px[0]!, px[0]!, px[0]!];
    rgba.set([r, g, b, channels === 4 ? px[3]! : channels === 2 ? px[1]! : 255], i * 4);
  }
  return { width, height, rgba };
}

describe("GET /api/v1/events/{id}/qr-code", () => {
  it("is a PNG that decodes to the invite link, never cached", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { is_private: true });
    const res = await call(routes.qr.GET, "GET", { id: ev.id }, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const png = Buffer.from(await res.arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const { width, height, rgba } = decodePng(png);
    expect(width).toBe(512);
    expect(jsQR(rgba, width, height)?.data).toBe(ev.link);
  });
});

describe("GET /api/v1/events/{id}/calendar.ics", () => {
  it("serves an iCalendar file named after the event", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { title: "Rust Meetup: Café Edition", location: "Berlin, Kreuzberg" });
    const res = await call(routes.ics.GET, "GET", { id: ev.id });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="rust-meetup-cafe-edition.ics"');
    const text = await res.text();
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text).toContain("SUMMARY:Rust Meetup: Café Edition");
    expect(text).toContain("LOCATION:Berlin\\, Kreuzberg");
    expect(text).toContain(`DTSTART:${(ev.event.starts_at as string).replace(/[-:]|\.\d{3}/g, "")}`);
    expect(text).toContain("END:VCALENDAR");
  });

  it("keeps a private event's file out of shared caches, and from strangers", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { is_private: true, title: "Secret Dinner" });
    const res = await call(routes.ics.GET, "GET", { id: ev.id }, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(await res.text()).toContain("SUMMARY:Secret Dinner");
    expect((await call(routes.ics.GET, "GET", { id: ev.id })).status).toBe(404);
    expect((await call(routes.ics.GET, "GET", { id: ev.id }, { token: (await makeUser()).token })).status).toBe(404);
  });
});

describe("POST /api/v1/events/{id}/invitations", () => {
  it("emails the invite link to each address", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { title: "Garden Party" });
    const to = [`inv-${randomBytes(4).toString("hex")}@example.com`, `inv-${randomBytes(4).toString("hex")}@example.com`];
    const res = await call(routes.invitations.POST, "POST", { id: ev.id }, { token: owner.token, body: { emails: [to[0], to[1]!.toUpperCase(), to[0]] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ message: expect.any(String), sent: 2, failed: [] });
    for (const address of to) {
      const mail = await sink.waitFor((m) => m.to.includes(address));
      expect(mail.subject).toContain("Garden Party");
      expect(mail.text).toContain(ev.link);
    }
    for (const bad of [{ emails: ["not-an-email"] }, { emails: [] }, { emails: Array.from({ length: 51 }, (_, i) => `x${i}@example.com`) }, {}]) {
      const r = await call(routes.invitations.POST, "POST", { id: ev.id }, { token: owner.token, body: bad });
      expect(r.status, JSON.stringify(bad).slice(0, 40)).toBe(400);
    }
  });
});

// ---- lists ---------------------------------------------------------------------------------------------------------

describe("GET /api/v1/events (public upcoming)", () => {
  it("paginates with next_cursor, filters by tag and never shows private events", async () => {
    const owner = await makeUser();
    const tag = `pg${randomBytes(4).toString("hex")}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createEvent(owner, { date: dayFromNow(10 + i), tags: [tag, "misc"] })).id);
    const hidden = await createEvent(owner, { date: dayFromNow(11), tags: [tag], is_private: true });

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call(routes.events.GET, "GET", {}, { query: { tag: tag.toUpperCase(), limit: "2", ...(cursor ? { cursor } : {}) } });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.events.length).toBeLessThanOrEqual(2);
      for (const e of body.events) {
        expect(e.is_private).toBe(false);
        expect(e).not.toHaveProperty("invite_link");
        seen.push(e._id);
      }
      cursor = body.next_cursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
    expect(seen).not.toContain(hidden.id);

    // The whole list, without a tag: no private event, nothing in the past.
    let all: Array<{ _id: string; is_private: boolean; starts_at: string }> = [];
    cursor = undefined;
    do {
      const body = await (await call(routes.events.GET, "GET", {}, { query: { limit: "50", ...(cursor ? { cursor } : {}) } })).json();
      all = all.concat(body.events);
      cursor = body.next_cursor ?? undefined;
    } while (cursor);
    expect(all.some((e) => e.is_private)).toBe(false);
    expect(all.map((e) => e._id)).not.toContain(hidden.id);
    expect(all.every((e) => new Date(e.starts_at).getTime() >= Date.now() - 60_000)).toBe(true);
    expect(all.map((e) => e._id)).toEqual(expect.arrayContaining(ids));
  });

  it("answers a bad query with 400", async () => {
    for (const query of [{ limit: "0" }, { limit: "abc" }, { limit: "51" }, { cursor: "garbage" }, { tag: "x".repeat(61) }]) {
      const res = await call(routes.events.GET, "GET", {}, { query });
      expect(res.status, JSON.stringify(query)).toBe(400);
    }
  });
});

describe("GET /api/v1/users/{user_id}/events", () => {
  it("shows a user's public events to everyone and the private ones to that user", async () => {
    const owner = await makeUser();
    const pub = await createEvent(owner, { title: "Open Day" });
    const priv = await createEvent(owner, { title: "Family Only", is_private: true, date: dayFromNow(31) });
    const ids = async (user?: User) => {
      const res = await call(routes.userEvents.GET, "GET", { user_id: owner.id }, { token: user?.token });
      expect(res.status).toBe(200);
      return (await res.json()).events.map((e: { _id: string }) => e._id);
    };
    expect(await ids()).toEqual([pub.id]);
    expect(await ids(await makeUser())).toEqual([pub.id]);
    expect(await ids(owner)).toEqual([pub.id, priv.id]);
    expect((await call(routes.userEvents.GET, "GET", { user_id: "nobody" })).status).toBe(404);
    expect(await (await call(routes.userEvents.GET, "GET", { user_id: new ObjectId().toHexString() })).json()).toEqual({ events: [], next_cursor: null });
  });

  /** Every page of a user's events as `viewer` sees them, following next_cursor to the end. */
  async function userEventPages(owner: User, limit: string, viewer?: User): Promise<{ ids: string[]; sizes: number[] }> {
    const ids: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const res = await call(routes.userEvents.GET, "GET", { user_id: owner.id }, { token: viewer?.token, query: { limit, cursor } });
      const body = await res.json();
      expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(200);
      ids.push(...body.events.map((e: { _id: string }) => e._id));
      sizes.push(body.events.length);
      cursor = body.next_cursor ?? undefined;
      expect(sizes.length).toBeLessThan(20);
    } while (cursor);
    return { ids, sizes };
  }

  it("pages through all of a user's events, soonest first with ties broken by id, each once", async () => {
    const owner = await makeUser();
    const made: Created[] = [];
    for (let i = 0; i < 7; i++) made.push(await createEvent(owner, { title: `U${i}`, date: dayFromNow(40 - i), is_private: i % 3 === 0 }));
    // Ties on starts_at: U1–U3 start at the same instant, so the page boundaries fall inside a tie.
    const sameStart = new Date(Date.now() + 50 * DAY);
    await (await db.collections.events()).updateMany({ _id: { $in: made.slice(1, 4).map((e) => new ObjectId(e.id)) } }, { $set: { starts_at: sameStart } });

    const docs = await (await db.collections.events()).find({ owner_id: new ObjectId(owner.id) }).toArray();
    const order = (evs: typeof docs) =>
      [...evs].sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime() || (a._id.toHexString() < b._id.toHexString() ? -1 : 1)).map((e) => e._id.toHexString());
    const all = order(docs);
    const publicOnly = order(docs.filter((e) => !e.is_private));
    expect(all).toHaveLength(7);
    expect(publicOnly).toHaveLength(4);

    // The owner sees all seven in every page size, the others the four public ones.
    for (const limit of ["1", "2", "3", "100"]) {
      const asOwner = await userEventPages(owner, limit, owner);
      expect(asOwner.ids, `limit ${limit}`).toEqual(all);
      // Full pages, then the rest: never an empty last page.
      const n = Number(limit);
      expect(asOwner.sizes, `limit ${limit}`).toEqual(Array.from({ length: Math.ceil(7 / n) }, (_, i) => Math.min(n, 7 - i * n)));
      expect((await userEventPages(owner, limit)).ids, `limit ${limit}`).toEqual(publicOnly);
      expect((await userEventPages(owner, limit, await makeUser())).ids, `limit ${limit}`).toEqual(publicOnly);
    }
  });

  it("answers a malformed cursor or a limit out of 1–100 with 400 JSON", async () => {
    const owner = await makeUser();
    await createEvent(owner);
    const badCursors = [
      "garbage",
      Buffer.from(`${Date.now()}.not-an-object-id`).toString("base64url"),
      Buffer.from(`${"9".repeat(16)}.${new ObjectId().toHexString()}`).toString("base64url"),
      "x".repeat(201),
    ];
    for (const query of [...badCursors.map((cursor) => ({ cursor })), { limit: "0" }, { limit: "101" }, { limit: "-1" }, { limit: "2.5" }, { limit: "abc" }]) {
      const res = await call(routes.userEvents.GET, "GET", { user_id: owner.id }, { query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      const field = Object.keys(query)[0]!;
      expect(await res.json(), JSON.stringify(query)).toMatchObject({ error: expect.any(String), code: "invalid", issues: { [field]: [expect.any(String)] } });
    }
  });

  it("pages 100 events at a time by default, and 1 to 100 on request", async () => {
    const owner = await makeUser();
    const first = await createEvent(owner);
    // 100 more of the same event, a minute apart, straight into the database.
    const events = await db.collections.events();
    const doc = (await events.findOne({ _id: new ObjectId(first.id) }))!;
    await events.insertMany(Array.from({ length: 100 }, (_, i) => ({ ...doc, _id: new ObjectId(), starts_at: new Date(doc.starts_at.getTime() + (i + 1) * 60_000) })));
    const page = async (query: Record<string, string | undefined>) => {
      const res = await call(routes.userEvents.GET, "GET", { user_id: owner.id }, { query });
      expect(res.status).toBe(200);
      return (await res.json()) as { events: unknown[]; next_cursor: string | null };
    };

    for (const query of [{ limit: undefined }, { limit: "100" }]) {
      const full = await page(query);
      expect(full.events, JSON.stringify(query)).toHaveLength(100);
      const rest = await page({ ...query, cursor: full.next_cursor! });
      expect(rest.events, JSON.stringify(query)).toHaveLength(1);
      expect(rest.next_cursor).toBeNull();
    }
    const one = await page({ limit: "1" });
    expect(one.events).toHaveLength(1);
    expect(one.next_cursor).toEqual(expect.any(String));
  });
});
