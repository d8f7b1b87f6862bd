import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { createEvent, db, getEvent, join, makeUser, routes, setUpEventsApi, type User } from "./events-api-support";
import { call } from "./events-support";

// Requests to join a private event: the list, and approving or denying one or all (/api/v1/events/{id}/requests).

setUpEventsApi();

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
    expect(requests[0]).toEqual({ user_id: a.id, display_name: null, username: null, status: "pending", joined_at: expect.stringMatching(/Z$/), email: a.email });

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
