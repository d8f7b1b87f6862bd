import "server-only";
import { ObjectId, type Filter } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, objectIdOrNull } from "@/lib/db/collections";
import { isDuplicateKey } from "@/lib/db/errors";
import { ATTENDED_KEEP, type AttendanceDoc, type AttendanceStatus, type EventCounts, type EventDoc, type FaceDoc } from "@/lib/db/types";
import { noteCatalogChange } from "@/lib/discover/catalog";
import { env } from "@/lib/env";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { sendMail } from "@/lib/mail/service";
import { waitlistPromoted } from "@/lib/mail/templates";
import { findEvent, getEventForViewer, getHostedEvent, hostRoleOf, INVALID_LINK, isOver, membershipId, tokenIsValid, userObjectId } from "./access";
import { clearCheckIn, mailTicketLater } from "./check-in-changes";
import { parseAnswers } from "./questions";
import type { RsvpStatus } from "./schema";

// Memberships and capacity, the MongoDB way: no locks and no transactions. The event document keeps
// `seats_left` (max_people − attending; null when unlimited) and `counts`, changed together by one
// conditional update, so attending never exceeds max_people. A membership's status changes by an
// update guarded on its current status, so two concurrent changes cannot both apply. Each change is
// two single-document writes — the membership, then the event's counters — and where the second
// must not happen after all (a duplicate join, a lost race) it is undone by an opposite $inc.
//
// First come, first served: a seat goes to a newcomer only while nobody waits (`counts.waitlisted`
// is 0, in the same guard); a seat that frees up while people wait goes to the oldest of them
// (fillFromWaitlist). A guest's document flips before the counters move, so whoever moves a
// counter to "someone waits" finds that someone.
//
// Plus-ones: a membership brings `guests` extra people (0..plus_ones_max), so capacity counts
// people: joining takes 1 + guests seats in one guarded update (`seats_left: {$gte: n}`), which also
// moves `guests_attending`. The line stays strictly first come, first served: when the party at its
// head does not fit the seats free, nobody behind them is seated until enough seats free up.

export const FACES_MAX = 12;
/** Attempts at one compare-and-set or guarded change before answering 409. */
const RETRIES = 10;

const EMPTY_COUNTS: EventCounts = { pending: 0, waitlisted: 0, attending: 0, maybe: 0, not_attending: 0 };

export function emptyCounts(): EventCounts {
  return { ...EMPTY_COUNTS };
}

function countsMove(from: AttendanceStatus | null, to: AttendanceStatus | null): Record<string, number> {
  const inc: Record<string, number> = {};
  if (from) inc[`counts.${from}`] = -1;
  if (to) inc[`counts.${to}`] = (inc[`counts.${to}`] ?? 0) + 1;
  return inc;
}

/** Extra people a membership brings (plus-ones); absent means 0. */
export const guestsOf = (membership: Pick<AttendanceDoc, "guests"> | null | undefined): number => membership?.guests ?? 0;

/** A membership's party as read, for a guard: absent counts as 0 (`null` matches a missing field; the driver's types do not allow it). */
function partyIs(guests: number): Filter<AttendanceDoc> {
  return guests === 0 ? ({ guests: { $in: [0, null] } } as Filter<AttendanceDoc>) : { guests };
}

/** The event's plus-ones counter moving by `guests`; nothing when 0, so events without plus-ones keep their shape. */
function plusOnesMove(guests: number): Record<string, number> {
  return guests === 0 ? {} : { guests_attending: guests };
}

/**
 * `seats` seats taken by one conditional update with the counters in `inc`, when `guard` holds;
 * null when they are not free. `limitedFirst` (from the caller's read) says which guard to try
 * first: seats_left is a number, or null when unlimited (and $inc cannot touch null); the other
 * follows in case capacity just changed.
 */
async function takeSeats(eventId: ObjectId, limitedFirst: boolean, seats: number, inc: Record<string, number>, guard: Record<string, unknown>): Promise<Seat | null> {
  const events = await collections.events();
  // No projection: FerretDB v1's findAndModify does not take one (`fields`).
  const options = { returnDocument: "after" } as const;
  const tries = [
    async () => fullNow(await events.findOneAndUpdate({ _id: eventId, ...guard, seats_left: { $gte: seats } }, { $inc: { ...inc, seats_left: -seats } }, options)),
    async () => events.findOneAndUpdate({ _id: eventId, ...guard, seats_left: null }, { $inc: inc }, options),
  ];
  for (const attempt of limitedFirst ? tries : tries.reverse()) {
    const seat = await attempt();
    if (seat) return seat;
  }
  return null;
}

const isLimited = (event: Pick<EventDoc, "seats_left">) => event.seats_left !== null && event.seats_left !== undefined;

/**
 * Seats for someone moving from `from` (null: a newcomer) to attending with `guests` plus-ones
 * (1 + guests seats), when they are free and nobody waits for them. `event` is the caller's fresh
 * read: when it shows too few seats, or people waiting, no update is tried (on a full event most
 * joins cost two writes less); the guest then joins the line, and the fill that follows hands any
 * seat freed meanwhile to whoever is first.
 */
async function takeSeat(event: EventDoc, from: AttendanceStatus | null, guests = 0): Promise<Seat | null> {
  const seats = 1 + guests;
  if ((isLimited(event) && event.seats_left! < seats) || (event.counts?.waitlisted ?? 0) > 0) return null;
  return takeSeats(event._id, isLimited(event), seats, { ...countsMove(from, "attending"), ...plusOnesMove(guests) }, { "counts.waitlisted": 0 });
}

/**
 * The event as a seat update left it: its faces, so the new guest's face needs no second read, and
 * its line, so a fill starts from there.
 */
type Seat = Pick<EventDoc, "_id" | "seats_left" | "faces" | "line_head" | "line_seq">;

/**
 * Whether a guest who has just been counted as waiting (or has just left the line) must run the
 * fill: not when the counter update shows a limited event with no seat free, since whoever frees a
 * seat later fills it and finds them (their membership was written before the counter moved).
 */
const seatMayBeFree = (after: Pick<EventDoc, "seats_left"> | null) => after?.seats_left !== 0;

/**
 * Whether a seat was taken (the update matched), telling discover when that filled the event:
 * "Full" shows on its cards at once, while other counter changes may wait for its refresh.
 */
async function fullNow(after: Seat | null): Promise<Seat | null> {
  if (after && after.seats_left === 0) await noteCatalogChange(after._id);
  return after;
}

/** `seats` seats back to the event with the counters in `inc`; the event as it is after. */
async function giveSeats(eventId: ObjectId, seats: number, inc: Record<string, number>): Promise<Seat | null> {
  const events = await collections.events();
  const after = { returnDocument: "after" } as const;
  const limited = await events.findOneAndUpdate({ _id: eventId, seats_left: { $ne: null } }, { $inc: { ...inc, seats_left: seats } }, after);
  if (!limited) return events.findOneAndUpdate({ _id: eventId }, { $inc: inc }, after);
  // The event was full until now: discover shows it open again at once.
  if (limited.seats_left === seats) await noteCatalogChange(eventId);
  return limited;
}

/**
 * The seats of someone leaving attending (for `to`) with `guests` plus-ones, back to the event; the
 * event as it is after (its faces tell whether the guest's face must go). Callers then fill the
 * seats from the waitlist.
 */
async function releaseSeat(eventId: ObjectId, to: AttendanceStatus | null, guests = 0): Promise<Seat | null> {
  return giveSeats(eventId, 1 + guests, { ...countsMove("attending", to), ...plusOnesMove(-guests) });
}

// ---- the line: who waits, in order, found by `_id` ------------------------------------------------
// A guest who starts waiting takes a ticket (`$inc line_seq` on the event) and writes a line entry
// `_id` "<event>:<ticket>" before their membership says "waitlisted" with that ticket. Whoever fills
// a seat reads the entries from `line_head` a window at a time by `_id: {$in}` and takes the lowest
// ticket whose membership still waits with it. Entries of guests who left are passed, and the head
// moves past them. If the window shows nobody (an entry still being written, or a membership from
// before tickets), the waitlist query decides: slower on FerretDB, never wrong.

const LINE_WINDOW = 16;

function lineEntryId(eventId: ObjectId, ticket: number): string {
  return `${eventId.toHexString()}:${String(ticket).padStart(10, "0")}`;
}

/** A ticket in the event's line, and its entry; the membership then waits with `line_ticket`. */
async function takeTicket(eventId: ObjectId, membership: string): Promise<number | null> {
  const before = await (await collections.events()).findOneAndUpdate({ _id: eventId }, { $inc: { line_seq: 1 } }, { returnDocument: "before" });
  if (!before) return null;
  const ticket = before.line_seq ?? 0;
  await (await collections.waitlist()).insertOne({ _id: lineEntryId(eventId, ticket), membership_id: membership, created_at: new Date() });
  return ticket;
}

/** Moves the line's head from `from` to `to` (if nobody moved it meanwhile) and drops the entries passed. */
async function passTickets(eventId: ObjectId, from: number, to: number, stored: number | undefined): Promise<void> {
  if (to <= from) return;
  const moved = await (await collections.events()).updateOne({ _id: eventId, line_head: (stored ?? null) as number }, { $set: { line_head: to } });
  if (moved.matchedCount === 0) return;
  const passed = Array.from({ length: to - from }, (_, i) => lineEntryId(eventId, from + i));
  await (await collections.waitlist()).deleteMany({ _id: { $in: passed } });
}

/**
 * The membership first in line, by tickets, from the line as `event` (the seat update's result)
 * shows it; null when the line cannot tell (the query decides then).
 */
async function firstInLine(eventId: ObjectId, event: Pick<EventDoc, "line_head" | "line_seq">): Promise<AttendanceDoc | null> {
  const seq = event.line_seq ?? 0;
  const start = event.line_head ?? 0;
  let head = start;
  try {
    while (head < seq) {
      const tickets = Array.from({ length: Math.min(LINE_WINDOW, seq - head) }, (_, i) => head + i);
      const entries = await (await collections.waitlist()).find({ _id: { $in: tickets.map((t) => lineEntryId(eventId, t)) } }).toArray();
      const entryOf = new Map(entries.map((e) => [e._id, e]));
      const members = await (await collections.attendances()).find({ _id: { $in: entries.map((e) => e.membership_id) } }).toArray();
      const memberOf = new Map(members.map((m) => [m._id, m]));
      for (const ticket of tickets) {
        const entry = entryOf.get(lineEntryId(eventId, ticket));
        if (!entry) return null;
        const member = memberOf.get(entry.membership_id);
        if (member?.status === "waitlisted" && member.line_ticket === ticket) return member;
        head = ticket + 1;
      }
    }
    return null;
  } finally {
    await passTickets(eventId, start, head, event.line_head);
  }
}

async function nextInLine(eventId: ObjectId, line: Pick<EventDoc, "line_head" | "line_seq">): Promise<AttendanceDoc | null> {
  return (
    (await firstInLine(eventId, line)) ??
    (await (await collections.attendances()).find({ event_id: eventId, status: "waitlisted" }).sort({ line_ticket: 1, waitlisted_at: 1, _id: 1 }).limit(1).next())
  );
}

/**
 * Fills free seats from the waitlist, strictly first come, first served, and returns who got one:
 * the first in line is found, then exactly their party's seats are taken (one conditional update),
 * then they are moved by an update guarded on "waitlisted" with the party and ticket as read; when
 * that move fails (they left or changed meanwhile) the seats go back and the line is read again.
 * When the first party does not fit, nobody behind them is seated: they wait until enough seats
 * free up (whoever frees seats, or shrinks or leaves the head of the line, runs this again). Safe
 * to run from any number of requests at once: a guest is promoted once and a seat used once.
 */
export async function fillFromWaitlist(eventId: ObjectId): Promise<ObjectId[]> {
  const attendances = await collections.attendances();
  const events = await collections.events();
  const promoted: ObjectId[] = [];
  for (let misses = 0; misses < RETRIES; ) {
    const line = await events.findOne({ _id: eventId }, { projection: { seats_left: 1, counts: 1, line_head: 1, line_seq: 1 } });
    if (!line || line.seats_left === 0 || (line.counts?.waitlisted ?? 0) === 0) break;
    const head = await nextInLine(eventId, line);
    if (!head) break;
    const guests = guestsOf(head);
    if (isLimited(line) && line.seats_left! < 1 + guests) break;
    const seat = await takeSeats(eventId, isLimited(line), 1 + guests, { ...countsMove("waitlisted", "attending"), ...plusOnesMove(guests) }, {
      "counts.waitlisted": { $gt: 0 },
    });
    // Taken meanwhile by another fill, which goes on from there.
    if (!seat) break;
    const moved = await attendances.updateOne(
      { _id: head._id, status: "waitlisted", line_ticket: head.line_ticket ?? null, ...partyIs(guests) },
      { $set: { status: "attending", waitlisted_at: null, line_ticket: null, updated_at: new Date() } },
    );
    if (moved.matchedCount === 0) {
      // The guest counted as first has just left or changed (their counters follow): the seats go back.
      await releaseSeat(eventId, "waitlisted", guests);
      misses++;
      continue;
    }
    promoted.push(head.user_id);
    await enteredAttending(eventId, head.user_id, seat);
  }
  return promoted;
}

/** Fills free seats from the waitlist and emails each promoted guest. */
export async function promoteWaitlist(eventRef: Pick<EventDoc, "_id" | "title">): Promise<number> {
  const promoted = await fillFromWaitlist(eventRef._id);
  await notifyPromoted(eventRef, promoted);
  return promoted.length;
}

/** Emails each promoted guest; `event`: the caller's read of the event, for the title in the email (no second read). */
async function notifyPromoted(event: Pick<EventDoc, "_id" | "title">, userIds: ObjectId[]): Promise<void> {
  if (userIds.length === 0) return;
  const eventId = event._id;
  const users = await collections.users();
  const eventUrl = new URL(`/events/${eventId.toHexString()}`, env().APP_URL).toString();
  for (const userId of userIds) {
    const user = await users.findOne({ _id: userId }, { projection: { email: 1 } });
    if (!user) continue;
    await sendMail({ to: user.email, ...(await waitlistPromoted({ eventTitle: event.title, eventUrl })) }).catch((err) =>
      console.error("[invyta] waitlist email failed:", err),
    );
  }
}

// ---- faces: the first people going, kept in the event document ------------------------------------
// Each change is one atomic update, so any number of them may run at once: an add is a $push
// guarded by "there is room and this person is not shown", a removal $pulls the exact element.
// Events from before faces existed have none until the event page builds them (facesOf); until
// then there is nothing to keep up to date ({faces: {$exists: true}} in each guard).

async function faceOf(userId: ObjectId): Promise<FaceDoc> {
  const user = await (await collections.users()).findOne({ _id: userId }, { projection: { name: 1, username: 1, image: 1 } });
  return { user_id: userId, name: user?.name || user?.username || null, image: user?.image ?? null };
}

const hasFace = (faces: FaceDoc[], userId: ObjectId) => faces.some((f) => f.user_id.equals(userId));

/** `seen`: the event's faces as the seat update returned them (else they are read here). */
async function addFace(eventId: ObjectId, userId: ObjectId, seen?: Pick<EventDoc, "faces">): Promise<void> {
  const events = await collections.events();
  // Read the user only when there is room: on a full event most joins cost no extra write.
  const event = seen ?? (await events.findOne({ _id: eventId }, { projection: { faces: 1 } }));
  if (!event?.faces || event.faces.length >= FACES_MAX || hasFace(event.faces, userId)) return;
  await events.updateOne(
    { _id: eventId, faces: { $exists: true }, [`faces.${FACES_MAX - 1}`]: { $exists: false }, "faces.user_id": { $ne: userId } },
    { $push: { faces: await faceOf(userId) } },
  );
  // The guest may have left meanwhile, their removeFace running before this add: check, and undo.
  // (A leave after this read removes the face itself, since its status flip came first.)
  const membership = await (await collections.attendances()).findOne({ _id: membershipId(eventId, userId) }, { projection: { status: 1 } });
  if (membership?.status !== "attending") await removeFace(eventId, userId);
}

/**
 * `seen`: the event as the update of this guest's seat left it (else it is read here). A face
 * added after that update is removed by its own adder, who reads the status this guest already left.
 */
async function removeFace(eventId: ObjectId, userId: ObjectId, seen?: Pick<EventDoc, "faces"> | null): Promise<void> {
  const events = await collections.events();
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    const event = attempt === 0 && seen ? seen : await events.findOne({ _id: eventId }, { projection: { faces: 1 } });
    const face = event?.faces?.find((f) => f.user_id.equals(userId));
    if (!face) return;
    if ((await events.updateOne({ _id: eventId }, { $pull: { faces: face } })).modifiedCount > 0) return;
  }
}

// ---- what else follows a guest into and out of "attending" ---------------------------------------


/**
 * The user's attended events, kept on the user once recommendations built the list (until then
 * there is nothing to keep up to date), so recommendations never list a user's memberships.
 */
async function noteAttended(userId: ObjectId, eventId: ObjectId, attending: boolean): Promise<void> {
  const users = await collections.users();
  if (!attending) {
    await users.updateOne({ _id: userId }, { $pull: { attended_events: eventId } });
    return;
  }
  await users.updateOne(
    { _id: userId, attended_events: { $exists: true, $ne: eventId }, [`attended_events.${ATTENDED_KEEP - 1}`]: { $exists: false } },
    { $push: { attended_events: eventId } },
  );
}

/**
 * The events the user answered "maybe" to, kept on the user like attended_events (at most
 * ATTENDED_KEEP), so the calendar feed reads them by `_id` (lib/events/calendar-feed.ts checks each
 * membership again, so an entry left behind by a race shows nothing).
 */
async function noteMaybe(userId: ObjectId, eventId: ObjectId, maybe: boolean): Promise<void> {
  const users = await collections.users();
  if (!maybe) {
    await users.updateOne({ _id: userId }, { $pull: { maybe_events: eventId } });
    return;
  }
  await users.updateOne({ _id: userId, maybe_events: { $ne: eventId }, [`maybe_events.${ATTENDED_KEEP - 1}`]: { $exists: false } }, { $push: { maybe_events: eventId } });
}

async function enteredAttending(eventId: ObjectId, userId: ObjectId, seat?: Seat | null): Promise<void> {
  await Promise.all([addFace(eventId, userId, seat ?? undefined), noteAttended(userId, eventId, true), mailTicketLater(eventId, userId)]);
}

async function leftAttending(eventId: ObjectId, userId: ObjectId, seen?: Seat | null): Promise<void> {
  await Promise.all([removeFace(eventId, userId, seen), noteAttended(userId, eventId, false), clearCheckIn(eventId, userId)]);
}

/**
 * The event's faces, building them once for an event from before they were kept: the first
 * people who joined and are going, stored only if nobody stored faces meanwhile.
 */
export async function facesOf(event: EventDoc): Promise<FaceDoc[]> {
  if (event.faces) return event.faces;
  const first = await (await collections.attendances())
    .find({ event_id: event._id, status: "attending" })
    .sort({ created_at: 1, _id: 1 })
    .limit(FACES_MAX)
    .toArray();
  const faces = await Promise.all(first.map((m) => faceOf(m.user_id)));
  await (await collections.events()).updateOne({ _id: event._id, faces: { $exists: false } }, { $set: { faces } });
  return faces;
}

// ---- membership changes ------------------------------------------------------------------------------

type Change = { status: AttendanceStatus; promoted: ObjectId[] };

/** A refusal that keeps the guest's party as it was. */
function noRoomFor(more: number, had: number): Conflict {
  const people = (n: number) => `${n} ${n === 1 ? "person" : "people"}`;
  return new Conflict(
    `There is no room for ${people(more)} more: you are still going${had === 0 ? " on your own" : ` with ${had === 1 ? "1 guest" : `${had} guests`}`}.`,
  );
}

/**
 * Changes the party of a guest who keeps their status. Attending: more people need that many more
 * seats, taken first (guarded like a join: free and nobody waiting), else 409 and the party stays;
 * fewer give seats back, and the line is filled. Waiting: the place in line is kept, and a smaller
 * party at the head may fit now. Null when the membership changed meanwhile (the caller reads it again).
 */
async function resizeParty(event: EventDoc, membership: AttendanceDoc, guests: number): Promise<Change | null> {
  const { status } = membership;
  const had = guestsOf(membership);
  const more = guests - had;
  const attending = status === "attending";
  if (attending && more > 0) {
    const seats = await takeSeats(event._id, isLimited(event), more, plusOnesMove(more), { "counts.waitlisted": 0 });
    if (!seats) throw noRoomFor(more, had);
  }
  const moved = await (await collections.attendances()).findOneAndUpdate(
    { _id: membership._id, status, ...partyIs(had) },
    { $set: { guests, updated_at: new Date() } },
    { returnDocument: "after" },
  );
  if (!moved) {
    if (attending && more > 0) {
      await giveSeats(event._id, more, plusOnesMove(-more));
      await fillFromWaitlist(event._id);
    }
    return null;
  }
  if (attending && more < 0) await giveSeats(event._id, -more, plusOnesMove(more));
  // Already in at the door: the people checked in follow the party. (A check-in after this update
  // counts the new party itself: both are single-document updates of this membership.)
  if (attending && moved.checked_in_at) await (await collections.events()).updateOne({ _id: event._id }, { $inc: { "checked_in.people": more } });
  return { status, promoted: more < 0 && (attending || status === "waitlisted") ? await fillFromWaitlist(event._id) : [] };
}

/**
 * Moves a membership to `wanted` with `guests` plus-ones (absent: the party it has); "attending"
 * needs 1 + guests seats, and without them the guest waits (a guest already waiting keeps their
 * place). Guarded on the status and party it was read with: when another request changed either
 * first, the seats taken are given back and the move is tried again from there.
 */
async function move(event: EventDoc, membership: AttendanceDoc, wanted: AttendanceStatus, guests?: number): Promise<Change> {
  const attendances = await collections.attendances();
  const events = await collections.events();
  let current = membership;
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    const from = current.status;
    const had = guestsOf(current);
    const party = guests ?? had;
    if (from === wanted || (wanted === "attending" && from === "waitlisted")) {
      const resized = party === had ? { status: from, promoted: [] } : await resizeParty(event, current, party);
      if (resized) return resized;
    } else {
      const seat = wanted === "attending" ? await takeSeat(event, from, party) : null;
      const to: AttendanceStatus = wanted === "attending" && !seat ? "waitlisted" : wanted;
      const now = new Date();
      const ticket = to === "waitlisted" ? await takeTicket(event._id, current._id) : null;
      const moved = await attendances.updateOne(
        { _id: current._id, status: from, ...partyIs(had) },
        { $set: { status: to, updated_at: now, waitlisted_at: to === "waitlisted" ? now : null, line_ticket: ticket, ...(party === had ? {} : { guests: party }) } },
      );
      if (moved.matchedCount > 0) {
        if (from === "maybe" || to === "maybe") await noteMaybe(current.user_id, event._id, to === "maybe");
        if (from === "attending") {
          const released = await releaseSeat(event._id, to, had);
          await leftAttending(event._id, current.user_id, released);
          // The freed seats go to the line.
          return { status: to, promoted: await fillFromWaitlist(event._id) };
        }
        if (to === "attending") {
          await enteredAttending(event._id, current.user_id, seat);
          return { status: to, promoted: [] };
        }
        const counted = await events.findOneAndUpdate({ _id: event._id }, { $inc: countsMove(from, to) }, { returnDocument: "after" });
        // A guest who just joined the line takes any seat freed meanwhile; one who left it may have
        // been a party too large for the seats free, which the next in line may fit.
        const fill = (to === "waitlisted" || from === "waitlisted") && seatMayBeFree(counted);
        return { status: to, promoted: fill ? await fillFromWaitlist(event._id) : [] };
      }
      if (seat) {
        await releaseSeat(event._id, from, party);
        await fillFromWaitlist(event._id);
      }
    }
    const fresh = await attendances.findOne({ _id: current._id });
    if (!fresh) throw new NotFound("That guest is no longer on this event.");
    current = fresh;
  }
  throw new Conflict("Too many changes at once. Please try again in a moment.");
}

/**
 * Creates a membership (with `fields.guests` plus-ones: 1 + guests seats); a second join by the same
 * user changes nothing: the _id is one per (event, user), and the insert's duplicate-key error gives
 * back the seats it took.
 */
async function addMember(
  event: EventDoc,
  userId: ObjectId,
  wanted: AttendanceStatus,
  fields: Partial<Pick<AttendanceDoc, "guests" | "answers">> = {},
): Promise<Change & { created: boolean }> {
  const attendances = await collections.attendances();
  const _id = membershipId(event._id, userId);
  // Callers have just looked for a membership; one made since then meets the unique _id below.
  const seat = wanted === "attending" ? await takeSeat(event, null, fields.guests ?? 0) : null;
  const status: AttendanceStatus = wanted === "attending" && !seat ? "waitlisted" : wanted;
  const now = new Date();
  const ticket = status === "waitlisted" ? await takeTicket(event._id, _id) : null;
  try {
    await attendances.insertOne({
      _id,
      event_id: event._id,
      user_id: userId,
      status,
      waitlisted_at: status === "waitlisted" ? now : null,
      line_ticket: ticket,
      ...fields,
      created_at: now,
      updated_at: now,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    if (seat) {
      await releaseSeat(event._id, null, fields.guests ?? 0);
      await fillFromWaitlist(event._id);
    }
    const again = await attendances.findOne({ _id });
    return { status: again?.status ?? wanted, created: false, promoted: [] };
  }
  if (status === "maybe") await noteMaybe(userId, event._id, true);
  if (seat) {
    await enteredAttending(event._id, userId, seat);
    return { status, created: true, promoted: [] };
  }
  const counted = await (await collections.events()).findOneAndUpdate({ _id: event._id }, { $inc: countsMove(null, status) }, { returnDocument: "after" });
  // A guest who just joined the line takes any seat freed meanwhile.
  const promoted = status === "waitlisted" && seatMayBeFree(counted) ? await fillFromWaitlist(event._id) : [];
  return { status, created: true, promoted };
}

export type JoinResult = { status: AttendanceStatus; message: string };

/**
 * What a guest gives with a join or an RSVP besides their answer: how many extra people they bring
 * (plus-ones, `guests`) and their answers to the event's questions (`answers`, checked against them
 * by lib/events/questions.ts). Absent fields leave what the membership had.
 */
export type JoinExtras = { guests?: number; answers?: unknown };

/**
 * The party a guest asks for, checked against the event's allowance (0..plus_ones_max). What they
 * already bring stands even when the host has lowered the allowance since: hosts do not shrink parties.
 */
export function partyFor(event: Pick<EventDoc, "plus_ones_max">, wanted: number | undefined, had: number): number {
  if (wanted === undefined || wanted === had) return had;
  const max = event.plus_ones_max ?? 0;
  if (Number.isInteger(wanted) && wanted >= 0 && wanted <= max) return wanted;
  const message = max === 0 ? "This event does not allow plus-ones." : `You can bring up to ${max} extra ${max === 1 ? "person" : "people"}.`;
  throw new Invalid(message, { guests: [message] });
}

/** A new membership's party field: absent for a guest on their own. */
const partyField = (guests: number): { guests?: number } => (guests ? { guests } : {});

const JOIN_MESSAGES: Record<AttendanceStatus, string> = {
  attending: "Successfully joined the event",
  pending: "Your request to join the event is pending approval",
  waitlisted: "The event is full: you are on the waitlist and will be emailed if a seat frees up",
  maybe: "You are on the guest list as maybe",
  not_attending: "You are on the guest list as not attending",
};

/**
 * One use of the invite link, taken atomically: the token must still be the current one, and a
 * link with a use limit must have a use left. Returns a function that gives the use back.
 */
async function takeInviteUse(event: EventDoc, token: string): Promise<(() => Promise<unknown>) | null> {
  const events = await collections.events();
  const now = new Date();
  const current = { _id: event._id, invite_token: token, $or: [{ invite_expires_at: null }, { invite_expires_at: { $gt: now } }] };
  const limited = () => events.updateOne({ ...current, invite_uses_left: { $gt: 0 } }, { $inc: { invite_uses: 1, invite_uses_left: -1 } });
  const unlimited = () => events.updateOne({ ...current, invite_uses_left: null }, { $inc: { invite_uses: 1 } });
  const first = event.invite_uses_left === null || event.invite_uses_left === undefined ? [unlimited, limited] : [limited, unlimited];
  for (const attempt of first) {
    if ((await attempt()).matchedCount === 0) continue;
    const wasLimited = attempt === limited;
    return () =>
      events.updateOne({ _id: event._id, invite_token: token }, { $inc: wasLimited ? { invite_uses: -1, invite_uses_left: 1 } : { invite_uses: -1 } });
  }
  return null;
}

/** Joining with an invite link: public → attending (or waitlisted when full), private → pending. */
export async function joinEvent(user: AuthUser, eventId: string, token: string, extras: JoinExtras = {}): Promise<JoinResult> {
  const event = await findEvent(eventId);
  if (!event) throw new NotFound(INVALID_LINK);
  // The host and existing guests may see the event anyway: they get their status back even from a
  // link that has since been rotated or used up.
  const role = hostRoleOf(event, user);
  if (role) return { status: "attending", message: role === "owner" ? "You are the host of this event" : "You co-host this event" };
  const userId = userObjectId(user);
  const existing = await (await collections.attendances()).findOne({ _id: membershipId(event._id, userId) });
  if (existing) return { status: existing.status, message: JOIN_MESSAGES[existing.status] };
  // For everyone else, invalid, rotated, expired or used-up tokens look exactly like a missing event.
  if (!tokenIsValid(event, token)) throw new NotFound(INVALID_LINK);
  // Checked before the link's use is taken: a refused answer costs the guest nothing.
  const answers = parseAnswers(event.questions, extras.answers, { required: true });
  const guests = partyFor(event, extras.guests, 0);
  const giveBack = await takeInviteUse(event, token);
  if (!giveBack) throw new NotFound(INVALID_LINK);
  const { status, created, promoted } = await addMember(event, userId, event.is_private ? "pending" : "attending", {
    ...(answers.length ? { answers } : {}),
    ...partyField(guests),
  });
  if (!created) await giveBack();
  await notifyPromoted(event, promoted);
  return { status, message: JOIN_MESSAGES[status] };
}

/**
 * The answers an RSVP stores: those given, checked against the event's questions (the required ones
 * too, unless the guest says they are not coming). None given: undefined, so the membership keeps
 * the answers it has; a guest without any who says yes or maybe is asked for the required ones.
 */
function rsvpAnswers(event: EventDoc, membership: AttendanceDoc | null, wanted: RsvpStatus, given: unknown): AttendanceDoc["answers"] {
  const required = wanted !== "not_attending";
  if (given === undefined && (membership?.answers || !required)) return undefined;
  const answers = parseAnswers(event.questions, given, { required });
  return given === undefined && answers.length === 0 ? undefined : answers;
}

/** RSVP. A public event needs no invite; a private one needs an approved membership. */
export async function rsvp(user: AuthUser, eventId: string, wanted: RsvpStatus, extras: JoinExtras = {}): Promise<JoinResult> {
  const { event, membership, isOwner, isHost } = await getEventForViewer(eventId, user);
  if (isOwner) throw new Conflict("You are the host: hosts do not RSVP to their own event.");
  if (isHost) throw new Conflict("You co-host this event: hosts do not RSVP to it.");
  if (isOver(event)) throw new Conflict("This event is over.");
  if (!membership) {
    if (event.is_private) throw new Forbidden("Join with the invite link first.");
    const answers = rsvpAnswers(event, null, wanted, extras.answers);
    const { status, promoted } = await addMember(event, userObjectId(user), wanted, {
      ...(answers?.length ? { answers } : {}),
      ...partyField(partyFor(event, extras.guests, 0)),
    });
    await notifyPromoted(event, promoted);
    return { status, message: JOIN_MESSAGES[status] };
  }
  if (membership.status === "pending") throw new Forbidden("Your request is waiting for the host's approval.");
  const answers = rsvpAnswers(event, membership, wanted, extras.answers);
  const { status, promoted } = await move(event, membership, wanted, partyFor(event, extras.guests, guestsOf(membership)));
  // One single-document $set after the move; no upsert, so a membership removed meanwhile stays gone.
  if (answers) await (await collections.attendances()).updateOne({ _id: membership._id }, { $set: { answers, updated_at: new Date() } });
  await notifyPromoted(event, promoted);
  return { status, message: status === "attending" ? "RSVP status updated successfully" : JOIN_MESSAGES[status] };
}

// ---- requests (private events) ----------------------------------------------------------------

const NO_REQUEST = "No pending request from that user.";

async function decideOne(event: EventDoc, request: AttendanceDoc, action: "approve" | "deny"): Promise<Change | null> {
  if (action === "deny") {
    const { deletedCount } = await (await collections.attendances()).deleteOne({ _id: request._id, status: "pending" });
    if (deletedCount === 0) return null;
    await (await collections.events()).updateOne({ _id: event._id }, { $inc: countsMove("pending", null) });
    return { status: "not_attending", promoted: [] };
  }
  if (request.status !== "pending") return null;
  return move(event, request, "attending");
}

export async function decideRequest(host: AuthUser, eventId: string, guestId: string, action: "approve" | "deny"): Promise<JoinResult> {
  const { event } = await getHostedEvent(eventId, host);
  const userId = objectIdOrNull(guestId);
  const request = userId ? await (await collections.attendances()).findOne({ _id: membershipId(event._id, userId) }) : null;
  if (!request || request.status !== "pending") throw new NotFound(NO_REQUEST);
  const result = await decideOne(event, request, action);
  if (!result) throw new NotFound(NO_REQUEST);
  await notifyPromoted(event, result.promoted);
  if (action === "deny") return { status: "not_attending", message: "Request denied" };
  return {
    status: result.status,
    message: result.status === "attending" ? "Request approved" : "Approved: the event is full, so the guest is on the waitlist",
  };
}

/** Requests read per round: decided one by one, each by its own guarded update. */
const DECIDE_BATCH = 50;

/**
 * Every request waiting when the host asked, oldest first. Requests that arrive meanwhile are left
 * for the host to see (and so the loop ends however fast people keep joining).
 */
export async function decideAllRequests(host: AuthUser, eventId: string, action: "approve" | "deny"): Promise<{ decided: number }> {
  const { event } = await getHostedEvent(eventId, host);
  const askedBy = new Date();
  const attendances = await collections.attendances();
  let decided = 0;
  const promoted: ObjectId[] = [];
  for (;;) {
    const batch = await attendances
      .find({ event_id: event._id, status: "pending", created_at: { $lte: askedBy } })
      .sort({ created_at: 1, _id: 1 })
      .limit(DECIDE_BATCH)
      .toArray();
    let progressed = 0;
    for (const request of batch) {
      const result = await decideOne(event, request, action);
      if (!result) continue;
      progressed++;
      promoted.push(...result.promoted);
    }
    decided += progressed;
    // Each request in a batch is decided (or was just decided by someone else): a batch with none left means done.
    if (batch.length < DECIDE_BATCH || progressed === 0) break;
  }
  await notifyPromoted(event, promoted);
  return { decided };
}

/** Lines up to this long are counted from their tickets by `_id`; longer ones by the waitlist query. */
const POSITION_BY_TICKETS_MAX = 256;

/**
 * 1 for the first in line; null when the membership is not waitlisted. Counted from the line's
 * tickets (point reads) when the line agrees with the event's waitlisted counter; otherwise (a
 * guest from before tickets, a change under way, a very long line) by the waitlist query, which on
 * FerretDB reads every membership.
 */
export async function waitlistPosition(event: EventDoc, membership: AttendanceDoc | null): Promise<number | null> {
  if (!membership || membership.status !== "waitlisted" || !membership.waitlisted_at) return null;
  const byTickets = await positionByTickets(event, membership);
  if (byTickets !== null) return byTickets;
  const ahead = await (await collections.attendances()).countDocuments({
    event_id: membership.event_id,
    status: "waitlisted",
    $or: [{ waitlisted_at: { $lt: membership.waitlisted_at } }, { waitlisted_at: membership.waitlisted_at, _id: { $lt: membership._id } }],
  });
  return ahead + 1;
}

async function positionByTickets(event: EventDoc, membership: AttendanceDoc): Promise<number | null> {
  const mine = membership.line_ticket;
  const head = event.line_head ?? 0;
  const seq = event.line_seq ?? 0;
  if (typeof mine !== "number" || mine < head || mine >= seq || seq - head > POSITION_BY_TICKETS_MAX) return null;
  const ids = Array.from({ length: seq - head }, (_, i) => lineEntryId(event._id, head + i));
  const entries = await (await collections.waitlist()).find({ _id: { $in: ids } }).toArray();
  const holder = new Map(entries.map((e) => [e._id, e.membership_id]));
  const members = await (await collections.attendances()).find({ _id: { $in: [...new Set(holder.values())] } }).toArray();
  const waiting = members.filter(
    (m) => m.status === "waitlisted" && typeof m.line_ticket === "number" && holder.get(lineEntryId(event._id, m.line_ticket)) === m._id,
  );
  if (waiting.length !== event.counts.waitlisted || !waiting.some((m) => m._id === membership._id)) return null;
  return waiting.filter((m) => m.line_ticket! < mine).length + 1;
}

/** Recomputes an event's counters from its memberships (repair, and the check in tests). */
export async function recountEvent(eventId: string): Promise<EventCounts> {
  const _id = objectIdOrNull(eventId);
  if (!_id) throw new NotFound("No such event.");
  const groups = await (await collections.attendances())
    .aggregate<{ _id: AttendanceStatus; n: number }>([{ $match: { event_id: _id } }, { $group: { _id: "$status", n: { $sum: 1 } } }])
    .toArray();
  const counts = emptyCounts();
  for (const g of groups) counts[g._id] = g.n;
  return counts;
}

/** The plus-ones of the guests attending, from their memberships: what `guests_attending` must be (repair, and the check in tests). */
export async function recountGuests(eventId: string): Promise<number> {
  const _id = objectIdOrNull(eventId);
  if (!_id) throw new NotFound("No such event.");
  const [sum] = await (await collections.attendances())
    .aggregate<{ n: number }>([{ $match: { event_id: _id, status: "attending" } }, { $group: { _id: null, n: { $sum: "$guests" } } }])
    .toArray();
  return sum?.n ?? 0;
}
