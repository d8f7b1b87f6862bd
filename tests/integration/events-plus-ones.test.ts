import { ObjectId } from "mongodb";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import { db } from "@/lib/db/client";
import { collections } from "@/lib/db/collections";
import { CATALOG_COLLECTION, CATALOG_VERSION_ID } from "@/lib/db/version-ring";
import type { AttendanceDoc, EventDoc } from "@/lib/db/types";
import { membershipId } from "@/lib/events/access";
import { createEvent, duplicateEvent, updateEvent } from "@/lib/events/details";
import { joinEvent, recountEvent, recountGuests, rsvp } from "@/lib/events/membership";
import { handOverSeat } from "@/lib/events/seats";
import type { EventInput } from "@/lib/events/schema";
import { makeUsers } from "./events-support";

// Plus-ones (lib/events/membership.ts, seats.ts, waitlist.ts): capacity counts people (each guest and the extra people
// they bring), and the waitlist is strictly first come, first served: a party at the head of the
// line that does not fit the free seats blocks everyone behind it until enough seats free up.

const base: EventInput = {
  title: "Plus-ones",
  description: "",
  starts_at: new Date(Date.now() + 7 * 24 * 3600_000),
  ends_at: null,
  timezone: "UTC",
  location: "Hall",
  max_people: 10,
  plus_ones_max: 5,
  is_private: false,
  tags: ["test"],
};

async function read(eventId: ObjectId): Promise<EventDoc> {
  return (await (await collections.events()).findOne({ _id: eventId }))!;
}

async function memberOf(event: EventDoc, user: AuthUser): Promise<AttendanceDoc | null> {
  return (await collections.attendances()).findOne({ _id: membershipId(event._id, new ObjectId(user.id)) });
}

async function waiting(eventId: ObjectId): Promise<AttendanceDoc[]> {
  return (await collections.attendances()).find({ event_id: eventId, status: "waitlisted" }).sort({ line_ticket: 1 }).toArray();
}

/** Counters equal a recount; seats_left = max − people attending; and the line is settled: its head does not fit. */
async function expectConsistent(eventId: ObjectId) {
  const event = await read(eventId);
  const id = eventId.toHexString();
  const recount = await recountEvent(id);
  const plusOnes = await recountGuests(id);
  expect(event.counts).toEqual(recount);
  expect(event.guests_attending ?? 0).toBe(plusOnes);
  const people = recount.attending + plusOnes;
  const line = await waiting(eventId);
  if (event.max_people !== null && event.max_people !== undefined) {
    expect(people).toBeLessThanOrEqual(event.max_people);
    expect(event.seats_left).toBe(event.max_people - people);
    if (line.length > 0) expect(event.seats_left).toBeLessThan(1 + (line[0]!.guests ?? 0));
  } else {
    expect(event.seats_left).toBeNull();
    expect(line).toEqual([]);
  }
  return { event, recount, people, line };
}

let owner: AuthUser;
beforeAll(async () => {
  [owner] = (await makeUsers(1, "owner")) as [AuthUser];
});

describe("plus-ones and capacity", () => {
  it("counts people, not RSVPs: a party takes 1 + guests seats", async () => {
    const event = await createEvent(owner, { ...base, max_people: 6 });
    expect(event.plus_ones_max).toBe(5);
    const [a, b, c] = (await makeUsers(3, "party")) as [AuthUser, AuthUser, AuthUser];
    expect((await joinEvent(a, event._id.toHexString(), event.invite_token, { guests: 2 })).status).toBe("attending");
    expect((await joinEvent(b, event._id.toHexString(), event.invite_token, { guests: 1 })).status).toBe("attending");
    const { event: after, people } = await expectConsistent(event._id);
    expect(people).toBe(5);
    expect(after.seats_left).toBe(1);
    expect(after.counts.attending).toBe(2);
    expect(after.guests_attending).toBe(3);
    expect((await memberOf(event, a))?.guests).toBe(2);
    // One seat left: a party of two waits.
    expect((await rsvp(c, event._id.toHexString(), "attending", { guests: 1 })).status).toBe("waitlisted");
    await expectConsistent(event._id);
  });

  it("refuses more plus-ones than the host allows, and keeps a party when the host lowers the limit", async () => {
    const event = await createEvent(owner, { ...base, plus_ones_max: 2 });
    const id = event._id.toHexString();
    const [a, b] = (await makeUsers(2, "limit")) as [AuthUser, AuthUser];
    await expect(joinEvent(a, id, event.invite_token, { guests: 3 })).rejects.toMatchObject({
      status: 400,
      fieldErrors: { guests: ["You can bring up to 2 extra people."] },
    });
    expect(await memberOf(event, a)).toBeNull();
    expect((await read(event._id)).invite_uses).toBe(0);
    await joinEvent(a, id, event.invite_token, { guests: 2 });
    await updateEvent(owner, id, { plus_ones_max: 0 });
    // A's party stands; answering again with the same party is fine, a new one must fit the new limit.
    expect((await rsvp(a, id, "maybe", { guests: 2 })).status).toBe("maybe");
    expect((await memberOf(event, a))?.guests).toBe(2);
    await expect(rsvp(a, id, "attending", { guests: 1 })).rejects.toMatchObject({ status: 400, message: "This event does not allow plus-ones." });
    expect((await rsvp(a, id, "attending")).status).toBe("attending");
    await expect(rsvp(b, id, "attending", { guests: 1 })).rejects.toMatchObject({ status: 400 });
    const { people } = await expectConsistent(event._id);
    expect(people).toBe(3);
  });

  it("keeps the line first come, first served: a party that does not fit blocks smaller ones behind it", async () => {
    const event = await createEvent(owner, { ...base, max_people: 4 });
    const id = event._id.toHexString();
    const [a, b, big, small] = (await makeUsers(4, "fcfs")) as [AuthUser, AuthUser, AuthUser, AuthUser];
    await joinEvent(a, id, event.invite_token, { guests: 1 }); // 2 people
    await joinEvent(b, id, event.invite_token, { guests: 1 }); // 4: full
    expect((await joinEvent(big, id, event.invite_token, { guests: 2 })).status).toBe("waitlisted"); // 3 people wait
    expect((await joinEvent(small, id, event.invite_token)).status).toBe("waitlisted"); // 1 person waits behind them
    // Two seats free up: not enough for the party of three at the head, and the single guest behind them does not jump the line.
    await rsvp(a, id, "not_attending");
    let state = await expectConsistent(event._id);
    expect(state.event.seats_left).toBe(2);
    expect(state.line.map((m) => m.user_id.toHexString())).toEqual([big.id, small.id]);
    expect((await memberOf(event, small))?.status).toBe("waitlisted");
    // B shrinks their party by one: three seats, the head's party fits and goes in; the next one waits for a seat.
    expect((await rsvp(b, id, "attending", { guests: 0 })).status).toBe("attending");
    state = await expectConsistent(event._id);
    expect((await memberOf(event, big))?.status).toBe("attending");
    expect((await memberOf(event, small))?.status).toBe("waitlisted");
    expect(state.event.seats_left).toBe(0);
    expect(state.people).toBe(4);
  });

  it("moves the line when the head leaves it or makes their party small enough to fit", async () => {
    const event = await createEvent(owner, { ...base, max_people: 3 });
    const id = event._id.toHexString();
    const [a, big, next, last] = (await makeUsers(4, "head")) as [AuthUser, AuthUser, AuthUser, AuthUser];
    await joinEvent(a, id, event.invite_token, { guests: 1 }); // 2 of 3
    expect((await joinEvent(big, id, event.invite_token, { guests: 3 })).status).toBe("waitlisted");
    expect((await joinEvent(next, id, event.invite_token)).status).toBe("waitlisted");
    expect((await joinEvent(last, id, event.invite_token)).status).toBe("waitlisted");
    // The head waits with their place kept while they make their party smaller, and goes in once it fits.
    expect((await rsvp(big, id, "attending", { guests: 1 })).status).toBe("waitlisted");
    expect((await memberOf(event, big))?.status).toBe("waitlisted");
    await rsvp(big, id, "attending", { guests: 0 });
    expect((await memberOf(event, big))?.status).toBe("attending");
    expect((await memberOf(event, next))?.status).toBe("waitlisted");
    // A waiting guest at the head who leaves the line lets the next one in when a seat is free.
    await rsvp(a, id, "attending", { guests: 0 }); // one seat frees up: `next` is first, and fits
    expect((await memberOf(event, next))?.status).toBe("attending");
    await expectConsistent(event._id);
  });

  it("a party leaving while people wait hands its seats to the line in one update, and the fill seats who fits", async () => {
    const event = await createEvent(owner, { ...base, max_people: 4 });
    const id = event._id.toHexString();
    const [big, solo, first, second, pair] = await makeUsers(5, "handover");
    await joinEvent(big!, id, event.invite_token, { guests: 2 });
    await joinEvent(solo!, id, event.invite_token);
    for (const [g, guests] of [[first!, 0], [second!, 0], [pair!, 1]] as const) {
      expect((await joinEvent(g, id, event.invite_token, { guests })).status).toBe("waitlisted");
    }
    // The seats and the line's counter move together: the party's 3 seats are held for the line
    // (attending, seats_left and plus-ones as they were; one more "maybe", one fewer waiting).
    const before = await read(event._id);
    const handed = await handOverSeat(event._id, "maybe");
    expect(handed!.counts).toEqual({ ...before.counts, maybe: before.counts.maybe + 1, waitlisted: before.counts.waitlisted - 1 });
    expect(handed!.seats_left).toBe(0);
    expect((await read(event._id)).guests_attending).toBe(before.guests_attending);
    // Given back as nobody took them: the counters are as they were.
    await (await collections.events()).updateOne({ _id: event._id }, { $inc: { "counts.maybe": -1, "counts.waitlisted": 1 } });

    // The party of 3 leaves: the first two in line (1 seat each) are seated on its seats, the pair
    // behind them does not fit the one seat left, and nobody else was ever offered it.
    await rsvp(big!, id, "not_attending");
    expect((await memberOf(event, first!))?.status).toBe("attending");
    expect((await memberOf(event, second!))?.status).toBe("attending");
    expect((await memberOf(event, pair!))?.status).toBe("waitlisted");
    const { event: after } = await expectConsistent(event._id);
    expect(after.seats_left).toBe(1);
  });

  it("a seat handed over never shows as free: discover is not told the full event opened and filled again", async () => {
    const event = await createEvent(owner, { ...base, max_people: 1 });
    const id = event._id.toHexString();
    const [going, next] = await makeUsers(2, "handover-one");
    await joinEvent(going!, id, event.invite_token);
    expect((await joinEvent(next!, id, event.invite_token)).status).toBe("waitlisted");
    // The catalog's change log (lib/db/version-ring.ts): each opening or filling of the event is one entry.
    const noted = async () => ((await (await db()).collection<{ _id: string; recent?: string[] }>(CATALOG_COLLECTION).findOne({ _id: CATALOG_VERSION_ID }))?.recent ?? []).filter((e) => e === id).length;
    const before = await noted();
    await rsvp(going!, id, "maybe");
    expect((await memberOf(event, next!))?.status).toBe("attending");
    expect(await noted()).toBe(before);
    await expectConsistent(event._id);
  });

  it("hands nothing over when nobody waits", async () => {
    const event = await createEvent(owner, { ...base, max_people: 2 });
    const [a] = await makeUsers(1, "nohandover");
    await joinEvent(a!, event._id.toHexString(), event.invite_token);
    const before = await read(event._id);
    expect(await handOverSeat(event._id, "maybe")).toBeNull();
    expect((await read(event._id)).counts).toEqual(before.counts);
  });

  it("changes a party while attending: more needs free seats (else 409, the party stays), fewer fills the line", async () => {
    const event = await createEvent(owner, { ...base, max_people: 5 });
    const id = event._id.toHexString();
    const [a, b, c] = (await makeUsers(3, "resize")) as [AuthUser, AuthUser, AuthUser];
    await joinEvent(a, id, event.invite_token, { guests: 1 });
    await joinEvent(b, id, event.invite_token, { guests: 1 }); // 4 of 5
    expect((await rsvp(a, id, "attending", { guests: 2 })).status).toBe("attending"); // 5 of 5
    expect((await memberOf(event, a))?.guests).toBe(2);
    await expect(rsvp(a, id, "attending", { guests: 3 })).rejects.toMatchObject({
      status: 409,
      message: "There is no room for 1 person more: you are still going with 2 guests.",
    });
    expect((await memberOf(event, a))?.guests).toBe(2);
    let state = await expectConsistent(event._id);
    expect(state.people).toBe(5);
    expect((await rsvp(c, id, "attending", { guests: 1 })).status).toBe("waitlisted");
    await rsvp(a, id, "attending", { guests: 0 }); // two seats free: c's party of two goes in
    expect((await memberOf(event, c))?.status).toBe("attending");
    state = await expectConsistent(event._id);
    expect(state.people).toBe(5);
    // Capacity cannot go below the people attending, plus-ones included.
    await expect(updateEvent(owner, id, { max_people: 4 })).rejects.toMatchObject({ status: 409 });
    await updateEvent(owner, id, { max_people: null });
    state = await expectConsistent(event._id);
    await rsvp(b, id, "attending", { guests: 5 });
    expect((await read(event._id)).guests_attending).toBe(6);
    await updateEvent(owner, id, { max_people: 20 });
    state = await expectConsistent(event._id);
    expect(state.event.seats_left).toBe(20 - 9); // a alone, b with 5, c with 1
  });

  it("approving a request seats the whole party, or puts it in line", async () => {
    const event = await createEvent(owner, { ...base, max_people: 2, is_private: true });
    const id = event._id.toHexString();
    const [a] = (await makeUsers(1, "private")) as [AuthUser];
    expect((await joinEvent(a, id, event.invite_token, { guests: 2 })).status).toBe("pending");
    const { decideRequest } = await import("@/lib/events/requests");
    expect((await decideRequest(owner, id, a.id, "approve")).status).toBe("waitlisted");
    await updateEvent(owner, id, { max_people: 3 });
    expect((await memberOf(event, a))?.status).toBe("attending");
    const { people } = await expectConsistent(event._id);
    expect(people).toBe(3);
  });

  it("duplicating an event copies its plus-ones allowance", async () => {
    const event = await createEvent(owner, { ...base, plus_ones_max: 3 });
    const copy = await duplicateEvent(owner, event._id.toHexString(), { starts_at: "2031-05-01T19:00" });
    expect(copy.plus_ones_max).toBe(3);
    expect(copy.guests_attending ?? 0).toBe(0);
  });
});

describe("plus-ones under concurrency", () => {
  it("30 concurrent joins with mixed parties on a 20-person event: at most 20 people, counters exact, line in ticket order", async () => {
    const event = await createEvent(owner, { ...base, max_people: 20, plus_ones_max: 3 });
    const id = event._id.toHexString();
    const users = await makeUsers(30, "burst");
    const partyOf = (i: number) => i % 4; // 0..3 plus-ones: 75 people ask for 20 seats
    const results = await Promise.all(users.map((u, i) => joinEvent(u, id, event.invite_token, { guests: partyOf(i) })));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(["attending", "waitlisted"]));
    const { event: after, people, line } = await expectConsistent(event._id);
    expect(people).toBeLessThanOrEqual(20);
    expect(after.invite_uses).toBe(30);
    // The line holds the waiting guests in the order of their tickets, each ticket once.
    const tickets = line.map((m) => m.line_ticket!);
    expect(tickets).toEqual([...tickets].sort((x, y) => x - y));
    expect(new Set(tickets).size).toBe(tickets.length);
    expect(line.length).toBe(results.filter((r) => r.status === "waitlisted").length);
    // Each membership's party is what its guest asked for.
    const members = await (await collections.attendances()).find({ event_id: event._id }).toArray();
    const partyByUser = new Map(users.map((u, i) => [u.id, partyOf(i)]));
    for (const m of members) expect(m.guests ?? 0).toBe(partyByUser.get(m.user_id.toHexString()));
  });

  it("promotes exactly, in order, when attending parties leave and shrink at once", async () => {
    const event = await createEvent(owner, { ...base, max_people: 12, plus_ones_max: 2 });
    const id = event._id.toHexString();
    const going = await makeUsers(4, "going");
    for (const u of going) await joinEvent(u, id, event.invite_token, { guests: 2 }); // 12 of 12
    const line = await makeUsers(10, "line");
    // Sequential: the line's order is known. Parties of 1, 2, 3, 1, 2, 3, ...
    for (const [i, u] of line.entries()) expect((await joinEvent(u, id, event.invite_token, { guests: i % 3 })).status).toBe("waitlisted");
    // Everyone going leaves or shrinks at the same time, while the line changes its mind too.
    await Promise.all([
      rsvp(going[0]!, id, "not_attending"),
      rsvp(going[1]!, id, "maybe"),
      rsvp(going[2]!, id, "attending", { guests: 0 }),
      rsvp(going[3]!, id, "attending", { guests: 1 }),
      rsvp(line[4]!, id, "not_attending"),
      rsvp(line[7]!, id, "attending", { guests: 0 }),
    ]);
    const { event: after, people, line: still } = await expectConsistent(event._id);
    expect(people).toBeLessThanOrEqual(12);
    // Promoted: a prefix of the line (those still in it), in order; whoever waits is after everyone promoted.
    const order = line.filter((_, i) => i !== 4).map((u) => u.id);
    const waitingIds = still.map((m) => m.user_id.toHexString());
    const promotedCount = order.length - waitingIds.length;
    expect(waitingIds).toEqual(order.slice(promotedCount));
    for (const u of line.filter((x) => order.slice(0, promotedCount).includes(x.id))) expect((await memberOf(after, u))?.status).toBe("attending");
  });

  it("fills racing each other and the parties leaving keep the counters exact and no seat free beside the line", async () => {
    // Several fills race for each head: the losers hold seats for the next party while the winner
    // seats the head, and a fill that finds too few seats (the others hold them) stops; whoever gives
    // held seats back looks at the line again (lib/events/waitlist.ts).
    const { fillFromWaitlist } = await import("@/lib/events/waitlist");
    for (let round = 0; round < 6; round++) {
      const event = await createEvent(owner, { ...base, max_people: 12, plus_ones_max: 2 });
      const id = event._id.toHexString();
      const going = await makeUsers(4, `hold${round}g`);
      for (const u of going) await joinEvent(u, id, event.invite_token, { guests: 2 }); // 12 of 12
      const line = await makeUsers(8, `hold${round}l`);
      for (const [i, u] of line.entries()) await joinEvent(u, id, event.invite_token, { guests: (i * 2) % 3 });
      await Promise.all([
        ...going.map((u, i) => rsvp(u, id, i % 2 ? "maybe" : "not_attending")),
        rsvp(line[1]!, id, "not_attending"),
        ...Array.from({ length: 4 }, () => fillFromWaitlist(event._id)),
      ]);
      // 12 seats freed for a line of 8 parties (16 people, one party gone): whoever still waits is behind a head that does not fit.
      await expectConsistent(event._id);
    }
  });

  it("concurrent growing and leaving never puts more people in than there are seats", async () => {
    const event = await createEvent(owner, { ...base, max_people: 10, plus_ones_max: 4 });
    const id = event._id.toHexString();
    const users = await makeUsers(5, "grow");
    for (const u of users) await joinEvent(u, id, event.invite_token, { guests: 1 }); // 10 of 10
    const late = await makeUsers(3, "late");
    for (const u of late) await joinEvent(u, id, event.invite_token, { guests: 1 });
    const settled = await Promise.allSettled([
      ...users.map((u, i) => (i % 2 ? rsvp(u, id, "attending", { guests: 3 }) : rsvp(u, id, "not_attending"))),
      ...users.map((u) => rsvp(u, id, "attending", { guests: 0 })),
      ...late.map((u) => rsvp(u, id, "attending", { guests: 2 })),
    ]);
    for (const r of settled) if (r.status === "rejected") expect((r.reason as { status?: number }).status).toBe(409);
    const { people } = await expectConsistent(event._id);
    expect(people).toBeLessThanOrEqual(10);
  });
});
