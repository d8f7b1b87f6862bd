import { ObjectId } from "mongodb";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import { collections } from "@/lib/db/collections";
import type { AttendanceDoc, AttendanceStatus, EventDoc } from "@/lib/db/types";
import { NotFound } from "@/lib/errors";
import { membershipId } from "@/lib/events/access";
import { createEvent, updateEvent } from "@/lib/events/details";
import { setInviteSettings } from "@/lib/events/invites";
import { FACES_MAX } from "@/lib/events/attending";
import { joinEvent, recountEvent, rsvp } from "@/lib/events/membership";
import { decideAllRequests } from "@/lib/events/requests";
import { countsMove } from "@/lib/events/seats";
import { fillFromWaitlist, takeTicket } from "@/lib/events/waitlist";
import type { EventInput } from "@/lib/events/schema";
import { insertWaiterWithoutTicket, makeUsers } from "./events-support";

// The lock-free write path (lib/events/membership.ts, seats.ts, waitlist.ts) under concurrency, against the real local
// server: guarded single-document updates and deterministic membership ids only. After every burst
// the event's counters must equal a recount of its memberships, seats_left = max − attending, and
// nobody may wait while a seat is free.

const base: EventInput = {
  title: "Concurrency",
  description: "",
  starts_at: new Date(Date.now() + 7 * 24 * 3600_000),
  ends_at: null,
  timezone: "Europe/Berlin",
  location: "Hall",
  max_people: 10,
  is_private: false,
  tags: ["test"],
};

async function read(eventId: ObjectId): Promise<EventDoc> {
  return (await (await collections.events()).findOne({ _id: eventId }))!;
}

/** A guest's membership of an event, as stored now. */
async function membershipOf(eventId: ObjectId, guest: AuthUser): Promise<AttendanceDoc> {
  return (await (await collections.attendances()).findOne({ _id: membershipId(eventId, guest.id) }))!;
}

/** The statuses of `guests` on an event, in their order. */
async function statusesOf(eventId: ObjectId, guests: AuthUser[]): Promise<AttendanceStatus[]> {
  return Promise.all(guests.map(async (g) => (await membershipOf(eventId, g)).status));
}

/**
 * An event of `seats` seats (with `extra` fields), filled by `seatedCount` guests, then `waitingCount` more
 * joining one at a time, so their order in line is known; each of them must be waitlisted.
 */
async function fullWithLine(seats: number, seatedCount: number, waitingCount: number, extra: Partial<EventInput> = {}) {
  const event = await createEvent(owner, { ...base, max_people: seats, ...extra });
  const id = event._id.toHexString();
  const seated = await makeUsers(seatedCount, "seated");
  for (const g of seated) await joinEvent(g, id, event.invite_token);
  const waiting = await makeUsers(waitingCount, "waiting");
  for (const g of waiting) expect((await joinEvent(g, id, event.invite_token)).status).toBe("waitlisted");
  return { event, id, seated, waiting };
}

async function expectConsistent(eventId: ObjectId) {
  const event = await read(eventId);
  const recount = await recountEvent(eventId.toHexString());
  expect(event.counts).toEqual(recount);
  if (event.max_people !== null && event.max_people !== undefined) {
    expect(event.seats_left).toBe(event.max_people - recount.attending);
    expect(recount.attending).toBeLessThanOrEqual(event.max_people);
    if (recount.waitlisted > 0) expect(event.seats_left).toBe(0);
  } else {
    expect(event.seats_left).toBeNull();
    expect(recount.waitlisted).toBe(0);
  }
  // Faces: people who are attending, at most FACES_MAX, each once.
  const attending = new Set(
    (await (await collections.attendances()).find({ event_id: eventId, status: "attending" }).toArray()).map((m) => m.user_id.toHexString()),
  );
  const faces = (event.faces ?? []).map((f) => f.user_id.toHexString());
  expect(new Set(faces).size).toBe(faces.length);
  expect(faces.length).toBeLessThanOrEqual(FACES_MAX);
  for (const id of faces) expect(attending.has(id)).toBe(true);
  return { event, recount };
}

let owner: AuthUser;
afterEach(() => {
  vi.restoreAllMocks();
});
beforeAll(async () => {
  [owner] = (await makeUsers(1, "owner")) as [AuthUser];
});

describe("joins without locks", () => {
  it("one person joining 20 times at once: one membership, one use of the link, one seat", async () => {
    const event = await createEvent(owner, base);
    const [guest] = (await makeUsers(1, "twice")) as [AuthUser];
    const results = await Promise.all(Array.from({ length: 20 }, () => joinEvent(guest, event._id.toHexString(), event.invite_token)));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(["attending"]));
    const { event: after, recount } = await expectConsistent(event._id);
    expect(recount.attending).toBe(1);
    expect(after.invite_uses).toBe(1);
    expect(await (await collections.attendances()).findOne({ _id: membershipId(event._id, guest.id) })).not.toBeNull();
  });

  /** `n` newcomers join at once an event of `seats` seats (null: no limit) by a link of `uses` uses, which all go: what they were answered (refusals left out). */
  async function rushOnLink(seats: number | null, uses: number, n: number, label: string) {
    const event = await createEvent(owner, { ...base, max_people: seats });
    await setInviteSettings(owner, event._id.toHexString(), { max_uses: uses });
    const guests = await makeUsers(n, label);
    const results = await Promise.allSettled(guests.map((g) => joinEvent(g, event._id.toHexString(), event.invite_token)));
    const { event: after, recount } = await expectConsistent(event._id);
    expect(after.invite_uses).toBe(uses);
    expect(after.invite_uses_left).toBe(0);
    return { said: results.flatMap((r) => (r.status === "fulfilled" ? [r.value.status] : [])).sort(), after, recount };
  }

  it("a link limited to 5 uses lets exactly 5 of 30 concurrent newcomers in", async () => {
    const { said } = await rushOnLink(null, 5, 30, "uses");
    expect(said).toEqual(Array(5).fill("attending"));
  });

  it("on a capped event a link's uses and the seats move together: 5 uses, 10 seats, 30 newcomers at once", async () => {
    const { said, after } = await rushOnLink(10, 5, 30, "capped-uses");
    expect(said).toEqual(Array(5).fill("attending"));
    expect(after.seats_left).toBe(5); // the 25 refused took no seat
  });

  it("a link with more uses than seats: the seats fill, the rest of its uses go to the line", async () => {
    const { said, recount } = await rushOnLink(3, 5, 20, "line-uses");
    expect(said).toEqual(["attending", "attending", "attending", "waitlisted", "waitlisted"]);
    expect(recount).toMatchObject({ attending: 3, waitlisted: 2 });
  });

  it("a link no longer valid takes nothing: no seat, no use, no membership", async () => {
    const event = await createEvent(owner, { ...base, max_people: 10 });
    const oldToken = event.invite_token;
    await (await collections.events()).updateOne({ _id: event._id }, { $set: { invite_expires_at: new Date(Date.now() - 1000) } });
    const [guest] = (await makeUsers(1, "expired")) as [AuthUser];
    await expect(joinEvent(guest, event._id.toHexString(), oldToken)).rejects.toBeInstanceOf(NotFound);
    const { event: after, recount } = await expectConsistent(event._id);
    expect(recount.attending).toBe(0);
    expect(after.seats_left).toBe(10);
    expect(after.invite_uses ?? 0).toBe(0);
    expect(await (await collections.attendances()).findOne({ _id: membershipId(event._id, guest.id) })).toBeNull();
  });

  it("on a full event a link's uses and the line's tickets move together: 2 uses, 10 newcomers at once, 2 tickets", async () => {
    const event = await createEvent(owner, { ...base, max_people: 1 });
    const [first] = (await makeUsers(1, "seated")) as [AuthUser];
    await joinEvent(first, event._id.toHexString(), event.invite_token);
    await setInviteSettings(owner, event._id.toHexString(), { max_uses: 3 }); // 1 used: 2 left
    const said = await Promise.allSettled((await makeUsers(10, "full-uses")).map((g) => joinEvent(g, event._id.toHexString(), event.invite_token)));
    expect(said.flatMap((r) => (r.status === "fulfilled" ? [r.value.status] : []))).toEqual(["waitlisted", "waitlisted"]);
    expect(said.filter((r) => r.status === "rejected" && r.reason instanceof NotFound)).toHaveLength(8);
    const { event: after, recount } = await expectConsistent(event._id);
    expect(recount).toMatchObject({ attending: 1, waitlisted: 2 });
    expect([after.invite_uses, after.invite_uses_left, after.line_seq]).toEqual([3, 0, 2]);
  });

  it("a link no longer valid on a full event: no ticket, no use, no membership", async () => {
    const event = await createEvent(owner, { ...base, max_people: 1 });
    const [first, late] = (await makeUsers(2, "full-expired")) as [AuthUser, AuthUser];
    await joinEvent(first, event._id.toHexString(), event.invite_token);
    await (await collections.events()).updateOne({ _id: event._id }, { $set: { invite_expires_at: new Date(Date.now() - 1000) } });
    await expect(joinEvent(late, event._id.toHexString(), event.invite_token)).rejects.toBeInstanceOf(NotFound);
    const { event: after, recount } = await expectConsistent(event._id);
    expect(recount).toMatchObject({ attending: 1, waitlisted: 0 });
    expect([after.invite_uses, after.line_seq ?? 0]).toEqual([1, 0]);
    expect(await (await collections.attendances()).findOne({ _id: membershipId(event._id, late.id) })).toBeNull();
  });

  it("faces: the first people going, kept in the event, at most FACES_MAX", async () => {
    const event = await createEvent(owner, { ...base, max_people: null });
    const guests = await makeUsers(FACES_MAX + 8, "face");
    const said = await Promise.all(guests.map((g) => joinEvent(g, event._id.toHexString(), event.invite_token)));
    // A face pushed with its seat fails when the faces filled meanwhile: the seat is still taken.
    expect(said.map((r) => r.status)).toEqual(Array(FACES_MAX + 8).fill("attending"));
    const { event: after } = await expectConsistent(event._id);
    expect(after.faces).toHaveLength(FACES_MAX);
    expect(after.faces!.every((f) => f.name?.startsWith("face "))).toBe(true);
    // Someone shown leaves: their face goes; the next one going fills the gap.
    const shown = guests.find((g) => after.faces!.some((f) => f.user_id.toHexString() === g.id))!;
    await rsvp(shown, event._id.toHexString(), "not_attending");
    expect((await read(event._id)).faces!.some((f) => f.user_id.toHexString() === shown.id)).toBe(false);
    await rsvp(shown, event._id.toHexString(), "attending");
    await expectConsistent(event._id);
    expect((await read(event._id)).faces).toHaveLength(FACES_MAX);
  });

  it("faces race the last seats: 30 newcomers at once on 15 seats, every seat taken, 12 faces of people going", async () => {
    const event = await createEvent(owner, { ...base, max_people: 15 });
    const guests = await makeUsers(30, "face-seat");
    const said = await Promise.all(guests.map((g) => joinEvent(g, event._id.toHexString(), event.invite_token)));
    expect(said.filter((r) => r.status === "attending")).toHaveLength(15);
    expect(said.filter((r) => r.status === "waitlisted")).toHaveLength(15);
    const { event: after } = await expectConsistent(event._id);
    expect(after.seats_left).toBe(0);
    expect(after.faces).toHaveLength(FACES_MAX);
  });

  it("a face comes with its seat: a newcomer shown at once, a second join by the same person adds nothing", async () => {
    const event = await createEvent(owner, { ...base, max_people: 5 });
    const [guest] = (await makeUsers(1, "one-face")) as [AuthUser];
    await joinEvent(guest, event._id.toHexString(), event.invite_token);
    await joinEvent(guest, event._id.toHexString(), event.invite_token);
    const { event: after } = await expectConsistent(event._id);
    expect(after.faces!.map((f) => [f.user_id.toHexString(), f.name])).toEqual([[guest.id, expect.stringMatching(/^one-face /)]]);
    expect(after.seats_left).toBe(4);
  });
});

describe("the waitlist without locks", () => {
  it("promotes first come, first served: freed seats go to the oldest waiters in order", async () => {
    const { event, id, seated, waiting } = await fullWithLine(3, 3, 6);
    // Three seats free up at once.
    await Promise.all(seated.map((g) => rsvp(g, id, "not_attending")));
    const { recount } = await expectConsistent(event._id);
    expect(recount.attending).toBe(3);
    expect(await statusesOf(event._id, waiting)).toEqual(["attending", "attending", "attending", "waitlisted", "waitlisted", "waitlisted"]);
    // The line: six tickets handed out, three served. The head moves lazily (moving it is a write
    // every fill would wait for): the served tickets stay until a fill has walked past 8 of them.
    const entriesLeft = async () => (await (await collections.waitlist()).find({}).toArray()).filter((e) => e._id.startsWith(`${id}:`));
    const after = await read(event._id);
    expect(after.line_seq).toBe(6);
    expect(after.line_head ?? 0).toBe(0);
    expect(await entriesLeft()).toHaveLength(6);
    // Freed seats keep going to the line in order, through the tickets, past the three served.
    await rsvp(waiting[0]!, id, "not_attending");
    expect(await statusesOf(event._id, waiting.slice(3))).toEqual(["attending", "waitlisted", "waitlisted"]);
    expect((await read(event._id)).line_head ?? 0).toBe(0);
    await expectConsistent(event._id);
  });

  it("20 seats freed at once go to the first 20 in line, in order, by the leavers' own requests", async () => {
    // Each guest who leaves hands their seat to the line and runs a fill; the 20 fills read the same
    // line and race for the same head. A fill whose guest was just seated by another goes on to the
    // next guest it read, without reading the line again; right after the requests, every seat is
    // taken by the first 20 in line.
    const { event, id, seated, waiting } = await fullWithLine(20, 20, 30);
    // The line's reads: a window of entries each (waitlist.find by _id $in).
    const lineReads = vi.spyOn(await collections.waitlist(), "find");
    const results = await Promise.allSettled(seated.map((g) => rsvp(g, id, "maybe")));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await statusesOf(event._id, waiting)).toEqual([...Array(20).fill("attending"), ...Array(10).fill("waitlisted")]);
    // About one read of the line per fill (a second when the guests it read were all seated by others):
    // 28 here; re-reading the line after each guest lost to another fill took 104–111.
    expect(lineReads.mock.calls.length).toBeLessThanOrEqual(2 * seated.length);
    const { recount } = await expectConsistent(event._id);
    expect(recount).toMatchObject({ attending: 20, waitlisted: 10, maybe: 20 });
  });

  it("a guest first in line who changes their party while a fill seats them keeps their place", async () => {
    // The fill reads the line, then its guarded move of the first guest misses because that guest
    // has just asked for two plus-ones. They still wait with their ticket: the fill tries them again
    // as they are now (three seats do not fit the one free), and seats nobody behind them.
    const { event, id, seated, waiting } = await fullWithLine(2, 2, 2, { plus_ones_max: 2 });
    const [leaving] = seated as [AuthUser];
    const [first, second] = waiting as [AuthUser, AuthUser];
    const attendances = await collections.attendances();
    const original = attendances.updateOne.bind(attendances);
    const firstId = membershipId(event._id, first.id);
    let raced = 0;
    vi.spyOn(attendances, "updateOne").mockImplementation(async (filter, update, options) => {
      if (!raced && (filter as { _id?: unknown })._id === firstId && (filter as { status?: unknown }).status === "waitlisted") {
        raced++;
        await original({ _id: firstId }, { $set: { guests: 2 } });
      }
      return original(filter, update, options);
    });
    await rsvp(leaving, id, "maybe");
    expect(raced).toBe(1);
    expect(await membershipOf(event._id, first)).toMatchObject({ status: "waitlisted", guests: 2 });
    expect((await membershipOf(event._id, second)).status).toBe("waitlisted");
    expect(await read(event._id)).toMatchObject({ seats_left: 1, counts: { attending: 1, waitlisted: 2, maybe: 1 } });
  });

  it("drops the entries of those who left the line once a fill has walked past 8 of them", async () => {
    const { event, id, seated: [seated], waiting } = await fullWithLine(1, 1, 11);
    // Nine leave the line (no seat is free, so nobody walks it yet), then the seat frees up.
    for (const g of waiting.slice(0, 9)) await rsvp(g, id, "maybe");
    const stale = await read(event._id);
    await rsvp(seated!, id, "not_attending");
    expect(await statusesOf(event._id, waiting.slice(8))).toEqual(["maybe", "attending", "waitlisted"]);
    // The fill walked past tickets 0–8: the head stands at the promoted guest's ticket, the nine entries are gone.
    expect((await read(event._id)).line_head).toBe(9);
    const entries = (await (await collections.waitlist()).find({}).toArray()).filter((e) => e._id.startsWith(`${id}:`));
    expect(entries.map((e) => Number(e._id.split(":")[1]))).toEqual([9, 10]);
    await expectConsistent(event._id);

    // A fill that read the event before that head moved finds ticket 0's entry gone: it goes on from the
    // head as stored now, through the tickets, instead of asking the waitlist query. The witness: a guest
    // waiting from before tickets (no line_ticket, waiting since 1970), whom that query would put first.
    const [early] = await makeUsers(1, "legacy");
    await insertWaiterWithoutTicket(event._id, early!);
    // A second seat, and the legacy guest counted as waiting.
    await (await collections.events()).updateOne({ _id: event._id }, { $inc: { max_people: 1, seats_left: 1, "counts.waitlisted": 1 } });
    await fillFromWaitlist(event._id, { ...stale, seats_left: 1 });
    expect((await membershipOf(event._id, waiting[10]!)).status).toBe("attending");
    expect((await membershipOf(event._id, early!)).status).toBe("waitlisted");
    await (await collections.attendances()).deleteOne({ _id: membershipId(event._id, early!.id) });
    await (await collections.events()).updateOne({ _id: event._id }, { $inc: { "counts.waitlisted": -1 } });
    await expectConsistent(event._id);
  });

  it("a fill never moves the head past a guest still on their way into the line: they keep their place", async () => {
    const { event, id, seated: [seated], waiting: [leaver] } = await fullWithLine(1, 1, 1);
    const [guest, late] = (await makeUsers(2, "inflight")) as [AuthUser, AuthUser];
    const attendances = await collections.attendances();
    const events = await collections.events();
    // The guest waited once (ticket 1) and left; now their RSVP "attending" on the full event is
    // under way: it has taken ticket 2, and not yet written their membership.
    expect((await joinEvent(guest, id, event.invite_token)).status).toBe("waitlisted");
    await rsvp(guest, id, "maybe");
    await new Promise((resolve) => setTimeout(resolve, 5)); // the ticket is taken after the membership's last write
    const ticket = await takeTicket(event._id, membershipId(event._id, guest.id));
    expect(ticket).toBe(2);
    // The one guest waiting (ticket 0) is leaving too: their membership has flipped, their request has not yet moved the counters.
    await attendances.updateOne({ _id: membershipId(event._id, leaver!.id) }, { $set: { status: "not_attending", waitlisted_at: null, line_ticket: null, updated_at: new Date() } });

    // The seat frees up. Its fill finds nobody waiting in the line, or by the query.
    await rsvp(seated!, id, "not_attending");
    expect((await read(event._id)).seats_left).toBe(1);

    // Both requests finish their writes; before the guest's own fill runs, a newcomer joins.
    await events.updateOne({ _id: event._id }, { $inc: countsMove("waitlisted", "not_attending") });
    const now = new Date();
    await attendances.updateOne({ _id: membershipId(event._id, guest.id) }, { $set: { status: "waitlisted", waitlisted_at: now, line_ticket: ticket, updated_at: now } });
    await events.updateOne({ _id: event._id }, { $inc: countsMove("maybe", "waitlisted") });
    expect((await joinEvent(late, id, event.invite_token)).status).toBe("waitlisted");

    // The seat went to the guest whose ticket came first, not to the newcomer.
    expect((await membershipOf(event._id, guest)).status).toBe("attending");
    expect((await membershipOf(event._id, late)).status).toBe("waitlisted");
    await expectConsistent(event._id);
  });

  it("a newcomer does not take a freed seat from someone in line", async () => {
    const event = await createEvent(owner, { ...base, max_people: 1 });
    const id = event._id.toHexString();
    const [first, second, late] = (await makeUsers(3, "line")) as [AuthUser, AuthUser, AuthUser];
    await joinEvent(first, id, event.invite_token);
    expect((await joinEvent(second, id, event.invite_token)).status).toBe("waitlisted");
    await Promise.all([rsvp(first, id, "maybe"), joinEvent(late, id, event.invite_token)]);
    expect((await membershipOf(event._id, second)).status).toBe("attending");
    expect((await membershipOf(event._id, late)).status).toBe("waitlisted");
    await expectConsistent(event._id);
  });

  it("newcomers who saw the event full while a seat freed up: nobody waits beside a free seat", async () => {
    // A join whose read shows no free seat goes straight to the line, and skips the fill when its
    // counter update shows none free either; a seat freed meanwhile must still reach the line.
    // One join racing one leave on a one-seat event, many times: each interleaving must end with
    // the newcomer seated.
    const events = await Promise.all(Array.from({ length: 12 }, () => createEvent(owner, { ...base, max_people: 1 })));
    const [seated, newcomers] = [await makeUsers(events.length, "seated"), await makeUsers(events.length, "newcomer")];
    await Promise.all(events.map((e, i) => joinEvent(seated[i]!, e._id.toHexString(), e.invite_token)));
    await Promise.all(
      events.map((e, i) => Promise.all([joinEvent(newcomers[i]!, e._id.toHexString(), e.invite_token), rsvp(seated[i]!, e._id.toHexString(), "not_attending")])),
    );
    for (const e of events) {
      const { recount } = await expectConsistent(e._id);
      expect(recount).toMatchObject({ attending: 1, waitlisted: 0, not_attending: 1 });
    }
  });

  it("30 guests toggling their RSVP at once on a 10-seat event keep every counter exact", async () => {
    const event = await createEvent(owner, base);
    const id = event._id.toHexString();
    const guests = await makeUsers(30, "toggle");
    await Promise.all(guests.map((g) => joinEvent(g, id, event.invite_token)));
    const answers = ["attending", "maybe", "not_attending"] as const;
    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled(guests.map((g, i) => rsvp(g, id, answers[(i + round) % 3]!)));
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      await expectConsistent(event._id);
    }
  });

  it("the same guest sending different answers at once ends consistent", async () => {
    const event = await createEvent(owner, { ...base, max_people: 2 });
    const id = event._id.toHexString();
    const guests = await makeUsers(4, "flip");
    for (const g of guests) await joinEvent(g, id, event.invite_token);
    const answers = ["attending", "maybe", "not_attending", "attending", "maybe", "attending"] as const;
    await Promise.allSettled(guests.flatMap((g) => answers.map((a) => rsvp(g, id, a))));
    await expectConsistent(event._id);
  });

  it("capacity changes racing joins: never above the limit, the line moves up when it grows", async () => {
    const event = await createEvent(owner, { ...base, max_people: 5 });
    const id = event._id.toHexString();
    const guests = await makeUsers(25, "grow");
    await Promise.all([
      ...guests.map((g) => joinEvent(g, id, event.invite_token)),
      updateEvent(owner, id, { max_people: 15 }),
    ]);
    const { recount } = await expectConsistent(event._id);
    expect(recount.attending).toBe(15);
    expect(recount.waitlisted).toBe(10);
    await updateEvent(owner, id, { max_people: null });
    const { recount: open } = await expectConsistent(event._id);
    expect(open.attending).toBe(25);
  });

  it("approve-all on a private event while guests keep joining", async () => {
    const event = await createEvent(owner, { ...base, is_private: true, max_people: 8 });
    const id = event._id.toHexString();
    const early = await makeUsers(12, "early");
    await Promise.all(early.map((g) => joinEvent(g, id, event.invite_token)));
    const late = await makeUsers(6, "late");
    const [decided] = await Promise.all([decideAllRequests(owner, id, "approve"), ...late.map((g) => joinEvent(g, id, event.invite_token))]);
    expect(decided.decided).toBeGreaterThanOrEqual(12);
    const { recount } = await expectConsistent(event._id);
    expect(recount.attending).toBe(8);
    expect(recount.attending + recount.waitlisted + recount.pending).toBe(18);
  });
});

describe("a user's attended events, kept for recommendations", () => {
  it("follows the guest into and out of attending once the list exists, never twice", async () => {
    const event = await createEvent(owner, { ...base, max_people: 1 });
    const id = event._id.toHexString();
    const [guest, second] = (await makeUsers(2, "attended")) as [AuthUser, AuthUser];
    const users = await collections.users();
    const attendedOf = async (u: AuthUser) => ((await users.findOne({ _id: new ObjectId(u.id) }))?.attended_events ?? []).map((e) => e.toHexString());
    await users.updateMany({ _id: { $in: [new ObjectId(guest.id), new ObjectId(second.id)] } }, { $set: { attended_events: [] } });
    await Promise.all([joinEvent(guest, id, event.invite_token), joinEvent(guest, id, event.invite_token)]);
    expect(await attendedOf(guest)).toEqual([id]);
    expect((await joinEvent(second, id, event.invite_token)).status).toBe("waitlisted");
    expect(await attendedOf(second)).toEqual([]);
    // The guest leaves: out of their list; the second is promoted: into theirs.
    await rsvp(guest, id, "not_attending");
    expect(await attendedOf(guest)).toEqual([]);
    expect(await attendedOf(second)).toEqual([id]);
  });
});
