import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { createEvent, DAY, db, getEvent, join, makeUser, rsvp, setUpEventsApi, sink } from "./events-api-support";

// Answering an invitation (POST /api/v1/events/{id}/rsvp): status changes, the waitlist and its mail.

setUpEventsApi();

async function startJobWorker() {
  const { startWorker } = await import("@/lib/jobs/queue");
  const { HANDLERS } = await import("@/lib/jobs/handlers");
  return startWorker(HANDLERS);
}

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
    // The promoted guest's mail is a job (with their ticket): this file's worker sends it.
    const worker = await startJobWorker();
    try {
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
    } finally {
      await worker.close();
    }
  });

  it("tells a promoted guest in one mail with their ticket, and alone when the ticket went before", async () => {
    const worker = await startJobWorker();
    try {
      const owner = await makeUser();
      const ev = await createEvent(owner, { max_people: 1, title: "Tiny dinner" });
      const [a, b] = [await makeUser(), await makeUser()];
      expect((await rsvp(a, ev.id, "attending")).body.rsvp_status).toBe("attending");
      expect((await rsvp(b, ev.id, "attending")).body.rsvp_status).toBe("waitlisted");
      await sink.waitFor((m) => m.to.includes(a.email) && m.subject === "Your ticket for Tiny dinner");
      expect((await rsvp(a, ev.id, "not_attending")).body.rsvp_status).toBe("not_attending");
      const promoted = await sink.waitFor((m) => m.to.includes(b.email));
      expect(promoted.subject).toBe("A seat opened up: you're going to Tiny dinner");
      expect(promoted.text).toMatch(/moved off the waitlist/);
      expect(promoted.attachments.map((x) => x.filename)).toEqual(["ticket.png"]);

      // a waits now (b has the seat); b leaves, a is promoted again: a's ticket went already, so the news comes alone.
      expect((await rsvp(a, ev.id, "attending")).body.rsvp_status).toBe("waitlisted");
      expect((await rsvp(b, ev.id, "maybe")).body.rsvp_status).toBe("maybe");
      const again = await sink.waitFor((m) => m.to.includes(a.email) && /seat opened up/i.test(m.subject));
      expect(again.attachments).toHaveLength(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(sink.messages().filter((m) => m.to.includes(b.email))).toHaveLength(1);
      expect(sink.messages().filter((m) => m.to.includes(a.email)).map((m) => m.subject)).toEqual(["Your ticket for Tiny dinner", "A seat opened up: you're going to Tiny dinner"]);
    } finally {
      await worker.close();
    }
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
