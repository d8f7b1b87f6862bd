import { Collection, ObjectId } from "mongodb";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import { collections } from "@/lib/db/collections";
import { createEvent, updateEvent } from "@/lib/events/details";
import { joinEvent, recountEvent, rsvp } from "@/lib/events/membership";
import { promoteWaitlist, waitlistPosition } from "@/lib/events/waitlist";
import { insertWaiterWithoutTicket } from "./events-support";

// Capacity under concurrency, against the real database: attending never exceeds max_people and
// the counters on the event always match the membership documents.

async function makeUsers(n: number, prefix: string): Promise<AuthUser[]> {
  const users = await collections.users();
  const docs = Array.from({ length: n }, (_, i) => ({
    _id: new ObjectId(),
    email: `${prefix}-${i}-${Date.now()}@example.com`,
    emailVerified: new Date(),
    username: `${prefix}${i}_${Date.now() % 100000}`,
    username_lower: `${prefix}${i}_${Date.now() % 100000}`.toLowerCase(),
    favorites: [],
    created_at: new Date(),
  }));
  await users.insertMany(docs);
  return docs.map((d) => ({ id: d._id.toHexString(), email: d.email, username: d.username }));
}

const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600_000);

async function eventState(eventId: string) {
  const event = await (await collections.events()).findOne({ _id: new ObjectId(eventId) });
  return { event: event!, recount: await recountEvent(eventId) };
}

let owner: AuthUser;
beforeAll(async () => {
  [owner] = (await makeUsers(1, "owner")) as [AuthUser];
});

describe("capacity", () => {
  it("lets exactly 10 of 50 concurrent joiners attend a 10-seat event and waitlists the rest", async () => {
    const event = await createEvent(owner, {
      title: "Ten seats",
      description: "",
      starts_at: inAWeek(),
      ends_at: null,
      timezone: "UTC",
      location: "Hall",
      max_people: 10,
      is_private: false,
      tags: ["test"],
    });
    const guests = await makeUsers(50, "joiner");
    const results = await Promise.allSettled(guests.map((g) => joinEvent(g, event._id.toHexString(), event.invite_token)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const statuses = results.map((r) => (r as PromiseFulfilledResult<{ status: string }>).value.status);
    expect(statuses.filter((s) => s === "attending")).toHaveLength(10);
    expect(statuses.filter((s) => s === "waitlisted")).toHaveLength(40);

    const { event: after, recount } = await eventState(event._id.toHexString());
    expect(recount.attending).toBe(10);
    expect(recount.waitlisted).toBe(40);
    expect(after.counts).toEqual(recount);
    expect(after.seats_left).toBe(0);
    expect(after.invite_uses).toBe(50);

    // Joining twice changes nothing.
    const again = await joinEvent(guests[0]!, event._id.toHexString(), event.invite_token);
    expect(again.status).toBe(statuses[0]);
    expect((await eventState(event._id.toHexString())).event.counts).toEqual(recount);
  });

  it("promotes the first waitlisted guest when an attendee leaves, under concurrent RSVP changes", async () => {
    const event = await createEvent(owner, {
      title: "Five seats",
      description: "",
      starts_at: inAWeek(),
      ends_at: null,
      timezone: "UTC",
      location: "",
      max_people: 5,
      is_private: false,
      tags: [],
    });
    const id = event._id.toHexString();
    const guests = await makeUsers(12, "rsvp");
    // Sequential joins: the first five attend, the next seven wait in order.
    for (const g of guests) await joinEvent(g, id, event.invite_token);
    const waitlist = await (await collections.attendances())
      .find({ event_id: event._id, status: "waitlisted" })
      .sort({ waitlisted_at: 1, _id: 1 })
      .toArray();
    expect(waitlist.map((w) => w.user_id.toHexString())).toEqual(guests.slice(5).map((g) => g.id));
    const positions = async (users: typeof guests) => {
      const { event: now } = await eventState(id);
      const members = await (await collections.attendances()).find({ _id: { $in: users.map((g) => `${id}:${g.id}`) } }).toArray();
      const byUser = new Map(members.map((m) => [m.user_id.toHexString(), m]));
      return Promise.all(users.map((g) => waitlistPosition(now, byUser.get(g.id) ?? null)));
    };
    expect(await positions(guests.slice(5))).toEqual([1, 2, 3, 4, 5, 6, 7]);

    const left = await rsvp(guests[0]!, id, "not_attending");
    expect(left.status).toBe("not_attending");
    const promoted = await (await collections.attendances()).findOne({ event_id: event._id, user_id: new ObjectId(guests[5]!.id) });
    expect(promoted?.status).toBe("attending");
    // The line moved up; a guest leaving it from the middle moves those behind.
    expect(await positions(guests.slice(5))).toEqual([null, 1, 2, 3, 4, 5, 6]);
    await rsvp(guests[8]!, id, "maybe");
    expect(await positions(guests.slice(6))).toEqual([1, 2, null, 3, 4, 5]);
    // A guest waiting from before tickets (no line_ticket): the line no longer matches the counter,
    // and the waitlist query counts them, first by when they started waiting, then everyone else by
    // ticket, even where a server whose clock was ahead stamped a later guest's wait earlier.
    const stamped = await (await collections.attendances()).findOne({ _id: `${id}:${guests[7]!.id}` });
    await (await collections.attendances()).updateOne({ _id: `${id}:${guests[6]!.id}` }, { $set: { waitlisted_at: new Date(stamped!.waitlisted_at!.getTime() + 1_000) } });
    const [early] = await makeUsers(1, "legacy");
    await insertWaiterWithoutTicket(event._id, early!);
    await (await collections.events()).updateOne({ _id: event._id }, { $inc: { "counts.waitlisted": 1 } });
    expect(await positions([early!, ...guests.slice(6, 8)])).toEqual([1, 2, 3]);
    await (await collections.attendances()).deleteOne({ _id: `${id}:${early!.id}` });
    await (await collections.events()).updateOne({ _id: event._id }, { $inc: { "counts.waitlisted": -1 } });

    // A burst of changes from everyone at once.
    const wanted = ["attending", "maybe", "not_attending"] as const;
    await Promise.allSettled(guests.flatMap((g, i) => [rsvp(g, id, wanted[i % 3]!), rsvp(g, id, wanted[(i + 1) % 3]!)]));
    await promoteWaitlist(event);
    const { event: after, recount } = await eventState(id);
    expect(recount.attending).toBeLessThanOrEqual(5);
    expect(after.counts).toEqual(recount);
    expect(after.seats_left).toBe(5 - recount.attending);
    if (recount.waitlisted > 0) expect(after.seats_left).toBe(0);
  });

  it("counts a place in a line of 300 from its tickets, never with the query that reads every membership", async () => {
    const event = await createEvent(owner, { title: "Long line", description: "", starts_at: inAWeek(), ends_at: null, timezone: "UTC", location: "Hall", max_people: 1, is_private: false, tags: ["test"] });
    const id = event._id.toHexString();
    const guests = await makeUsers(301, "long");
    for (let i = 0; i < guests.length; i += 50) await Promise.all(guests.slice(i, i + 50).map((g) => joinEvent(g, id, event.invite_token)));
    // Twenty leave the line.
    await Promise.all(guests.slice(100, 120).map((g) => rsvp(g, id, "maybe")));
    const { event: now, recount } = await eventState(id);
    expect(recount).toMatchObject({ attending: 1, waitlisted: 280 });
    const waiting = (await (await collections.attendances()).find({ event_id: event._id, status: "waitlisted" }).toArray()).sort((a, b) => a.line_ticket! - b.line_ticket!);
    const counted = vi.spyOn(Collection.prototype, "countDocuments");
    try {
      for (const place of [0, 1, 99, 100, 200, 279]) expect(await waitlistPosition(now, waiting[place]!)).toBe(place + 1);
      expect(counted).not.toHaveBeenCalled();
    } finally {
      counted.mockRestore();
    }
  });

  it("refuses to lower capacity below the attending count, and fills new seats from the waitlist", async () => {
    const event = await createEvent(owner, {
      title: "Resizable",
      description: "",
      starts_at: inAWeek(),
      ends_at: null,
      timezone: "UTC",
      location: "",
      max_people: 3,
      is_private: false,
      tags: [],
    });
    const id = event._id.toHexString();
    const guests = await makeUsers(5, "resize");
    for (const g of guests) await joinEvent(g, id, event.invite_token);
    await expect(updateEvent(owner, id, { max_people: 2 })).rejects.toMatchObject({ status: 409 });
    const grown = await updateEvent(owner, id, { max_people: 4 });
    expect(grown.max_people).toBe(4);
    const { event: after, recount } = await eventState(id);
    expect(recount.attending).toBe(4);
    expect(recount.waitlisted).toBe(1);
    expect(after.seats_left).toBe(0);
    expect(after.counts).toEqual(recount);

    const unlimited = await updateEvent(owner, id, { max_people: null });
    expect(unlimited.seats_left).toBeNull();
    expect((await eventState(id)).recount.attending).toBe(5);
  });
});

describe("a fill that gave up", () => {
  it("is finished by the waitlist-fill job: the first in line takes the seat left free", async () => {
    const { waitlistJobs, WAITLIST_FILL_JOB } = await import("@/lib/events/waitlist");
    const event = await createEvent(owner, { title: "Two seats", description: "", starts_at: inAWeek(), ends_at: null, timezone: "UTC", location: "Hall", max_people: 2, is_private: false, tags: ["test"] });
    const id = event._id.toHexString();
    const [a, b, c] = await makeUsers(3, "churn");
    for (const g of [a!, b!, c!]) await joinEvent(g, id, event.invite_token);
    expect((await eventState(id)).recount).toMatchObject({ attending: 2, waitlisted: 1 });
    // What a fill leaves when every guest it found first had just left: a seat free beside the line.
    await (await collections.attendances()).updateOne({ _id: `${id}:${a!.id}` }, { $set: { status: "not_attending" } });
    await (await collections.events()).updateOne({ _id: event._id }, { $inc: { "counts.attending": -1, "counts.not_attending": 1, seats_left: 1 } });
    await waitlistJobs[WAITLIST_FILL_JOB]!({ event_id: id }, undefined as never);
    const { event: after, recount } = await eventState(id);
    expect(recount).toMatchObject({ attending: 2, waitlisted: 0, not_attending: 1 });
    expect(after.counts).toMatchObject(recount);
    expect(after.seats_left).toBe(0);
    expect((await (await collections.attendances()).findOne({ _id: `${id}:${c!.id}` }))?.status).toBe("attending");
    // An id that is no event is nothing to do.
    await waitlistJobs[WAITLIST_FILL_JOB]!({ event_id: "nope" }, undefined as never);
  });
});
