import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { createEvent, dayFromNow, db, getEvent, join, makeUser, routes, setUpEventsApi } from "./events-api-support";
import { call } from "./events-support";

// Changing an event (PATCH and PUT /api/v1/events/{id}) and deleting it (DELETE).

setUpEventsApi();

describe("PATCH / PUT / DELETE /api/v1/events/{id}", () => {
  it("lets the owner change fields with PATCH and with PUT (the original's verb and body)", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const patched = await call(routes.event.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { title: "Renamed", tags: "Music, Outdoors", theme: "midnight" } });
    expect(patched.status).toBe(200);
    const body = await patched.json();
    expect(body.message).toBe("Event updated successfully");
    expect(body.event).toMatchObject({ title: "Renamed", tags: ["music", "outdoors"], theme: "midnight", description: "Talks and demos", max_people: 100 });
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
