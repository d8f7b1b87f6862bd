import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { createEvent, dayFromNow, db, getEvent, makeUser, originalBody, routes, setUpEventsApi, YEAR } from "./events-api-support";
import { call, type CallOpts } from "./events-support";

// Creating an event (POST /api/v1/events) and reading it back (GET /api/v1/events/{id}).

setUpEventsApi();

describe("POST /api/v1/events and GET /api/v1/events/{id}", () => {
  it("keeps the theme the host picks, and refuses one that does not exist", async () => {
    const owner = await makeUser();
    const res = await call(routes.events.POST, "POST", {}, { token: owner.token, body: originalBody({ date: dayFromNow(30), theme: "forest" }) });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.event.theme).toBe("forest");
    expect((await getEvent(created.event_id)).body.theme).toBe("forest");
    const bad = await call(routes.events.POST, "POST", {}, { token: owner.token, body: originalBody({ date: dayFromNow(30), theme: "neon" }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues.theme).toEqual(["theme must be one of indigo, sunset, forest, ocean, berry, midnight."]);
  });

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
      theme: "indigo",
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
