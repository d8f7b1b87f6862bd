import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { createEvent, DAY, db, getEvent, join, makeUser, rsvp, setUpEventsApi, sink } from "./events-api-support";

// Answering an invitation (POST /api/v1/events/{id}/rsvp): status changes, the waitlist and its mail.

setUpEventsApi();

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
