import "server-only";
import type { Filter, ObjectId } from "mongodb";
import { collections } from "@/lib/db/collections";
import type { AttendanceDoc, AttendanceStatus, EventCounts, EventDoc, FaceDoc } from "@/lib/db/types";
import { noteCatalogChange } from "@/lib/discover/catalog";

// Seats and counters, the MongoDB way: no locks and no transactions. The event document keeps
// `seats_left` (max_people − people attending; null when unlimited), `counts` by status and
// `guests_attending` (the plus-ones of the guests going), changed together by one conditional
// update, so the people attending never exceed max_people. Plus-ones: a membership brings `guests`
// extra people (0..plus_ones_max), so joining takes 1 + guests seats (`seats_left: {$gte: n}`).
// Callers (lib/events/membership.ts, lib/events/waitlist.ts) write the membership by a guarded
// update and give seats back with an opposite $inc when that loses a race.

/** Attempts at one compare-and-set or guarded change before answering 409. */
export const RETRIES = 10;

const EMPTY_COUNTS: EventCounts = { pending: 0, waitlisted: 0, attending: 0, maybe: 0, not_attending: 0 };

export function emptyCounts(): EventCounts {
  return { ...EMPTY_COUNTS };
}

export function countsMove(from: AttendanceStatus | null, to: AttendanceStatus | null): Record<string, number> {
  const inc: Record<string, number> = {};
  if (from) inc[`counts.${from}`] = -1;
  if (to) inc[`counts.${to}`] = (inc[`counts.${to}`] ?? 0) + 1;
  return inc;
}

/** Extra people a membership brings (plus-ones); absent means 0. */
export const guestsOf = (membership: Pick<AttendanceDoc, "guests"> | null | undefined): number => membership?.guests ?? 0;

/** A membership's party as read, for a guard: absent counts as 0 (`null` matches a missing field; the driver's types do not allow it). */
export function partyIs(guests: number): Filter<AttendanceDoc> {
  return guests === 0 ? ({ guests: { $in: [0, null] } } as Filter<AttendanceDoc>) : { guests };
}

/** The event's plus-ones counter moving by `guests`; nothing when 0, so events without plus-ones keep their shape. */
export function plusOnesMove(guests: number): Record<string, number> {
  return guests === 0 ? {} : { guests_attending: guests };
}

/**
 * `seats` seats taken by one conditional update with the counters in `inc`, when `guard` holds;
 * null when they are not free. `limitedFirst` (from the caller's read) says which guard to try
 * first: seats_left is a number, or null when unlimited (and $inc cannot touch null); the other
 * follows in case capacity just changed.
 */
export async function takeSeats(
  eventId: ObjectId,
  limitedFirst: boolean,
  seats: number,
  inc: Record<string, number>,
  guard: Record<string, unknown>,
  push: EventChange["push"] = undefined,
): Promise<Seat | null> {
  const events = await collections.events();
  // No projection: FerretDB v1's findAndModify does not take one (`fields`).
  const options = { returnDocument: "after" } as const;
  const pushed = push ? { $push: push } : {};
  const take = async (limited: boolean) =>
    limited
      ? fullNow(await events.findOneAndUpdate({ _id: eventId, ...guard, seats_left: { $gte: seats } }, { $inc: { ...inc, seats_left: -seats }, ...pushed }, options))
      : events.findOneAndUpdate({ _id: eventId, ...guard, seats_left: null }, { $inc: inc, ...pushed }, options);
  const seat = await take(limitedFirst);
  if (seat) return seat;
  // Refused: the seats are gone or the guard no longer holds, or (rarely) the host has just switched
  // between a limit and none. A read tells which: a second update would wait its turn behind every write.
  const now = await events.findOne({ _id: eventId }, { projection: { seats_left: 1 } });
  return now && isLimited(now) !== limitedFirst ? take(!limitedFirst) : null;
}

export const isLimited = (event: Pick<EventDoc, "seats_left">) => event.seats_left !== null && event.seats_left !== undefined;

/** Whether the caller's read of the event shows too few seats for 1 + `guests`, or people waiting for them. */
export const seatIsGone = (event: Pick<EventDoc, "seats_left" | "counts">, guests: number) =>
  (isLimited(event) && event.seats_left! < 1 + guests) || (event.counts?.waitlisted ?? 0) > 0;

/**
 * Seats for someone moving from `from` (null: a newcomer) to attending with `guests` plus-ones
 * (1 + guests seats), when they are free and nobody waits for them, and `also` holds (its
 * counters then move in the same update). `event` is the caller's fresh
 * read: when it shows too few seats, or people waiting, no update is tried (on a full event most
 * joins cost two writes less); the guest then joins the line, and the fill that follows hands any
 * seat freed meanwhile to whoever is first.
 */
export async function takeSeat(event: EventDoc, from: AttendanceStatus | null, guests = 0, also: EventChange = NO_CHANGE): Promise<Seat | null> {
  if (seatIsGone(event, guests)) return null;
  return takeSeats(event._id, isLimited(event), 1 + guests, { ...countsMove(from, "attending"), ...plusOnesMove(guests), ...also.inc }, { "counts.waitlisted": 0, ...also.guard }, also.push);
}

/**
 * A change made in the same update as a seat's, when it holds too (a join's use of its invite link,
 * the newcomer's face): else neither happens.
 */
export type EventChange = { guard: Record<string, unknown>; inc: Record<string, number>; push?: { faces: FaceDoc } };
export const NO_CHANGE: EventChange = { guard: {}, inc: {} };

/** Two changes in one update: both guards must hold. Their fields are distinct (the link's, the faces'); at most one pushes. */
export function bothChanges(a: EventChange, b: EventChange | null): EventChange {
  if (!b) return a;
  return { guard: { ...a.guard, ...b.guard }, inc: { ...a.inc, ...b.inc }, push: a.push ?? b.push };
}

/**
 * The event as a seat update left it: its faces, so the new guest's face needs no second read, and
 * its line, so a fill starts from there.
 */
export type Seat = Pick<EventDoc, "_id" | "seats_left" | "counts" | "faces" | "line_head" | "line_seq">;

/**
 * Whether a guest who has just been counted as waiting (or has just left the line) must run the
 * fill: not when the counter update shows a limited event with no seat free, since whoever frees a
 * seat later fills it and finds them (their membership was written before the counter moved).
 */
export const seatMayBeFree = (after: Pick<EventDoc, "seats_left"> | null) => after?.seats_left !== 0;

/**
 * Whether a seat was taken (the update matched), telling discover when that filled the event:
 * "Full" shows on its cards at once, while other counter changes may wait for its refresh.
 */
export async function fullNow(after: Seat | null): Promise<Seat | null> {
  if (after && after.seats_left === 0) await noteCatalogChange(after._id);
  return after;
}

/** `seats` seats back to the event with the counters in `inc`; the event as it is after. */
export async function giveSeats(eventId: ObjectId, seats: number, inc: Record<string, number>): Promise<Seat | null> {
  const events = await collections.events();
  const after = { returnDocument: "after" } as const;
  const limited = await events.findOneAndUpdate({ _id: eventId, seats_left: { $ne: null } }, { $inc: { ...inc, seats_left: seats } }, after);
  if (!limited) return events.findOneAndUpdate({ _id: eventId }, { $inc: inc }, after);
  // The event was full until now: discover shows it open again at once.
  if (limited.seats_left === seats) await noteCatalogChange(eventId);
  return limited;
}

/**
 * The seats of someone leaving attending (for `to`: maybe, not_attending or pending), with their plus-ones' seats,
 * handed to the line in the same update when someone waits: the counters move as a release and a
 * fill's take of those seats at once (`to` +1, waitlisted −1; attending, seats_left and the
 * plus-ones stay), so the event stays as full as it was, and the caller's fill seats the first in
 * line on them (held, as after its own take). Null when nobody waits: the caller releases them.
 */
export async function handOverSeat(eventId: ObjectId, to: AttendanceStatus): Promise<Seat | null> {
  // countsMove("attending", to) and countsMove("waitlisted", "attending") at once: the attending −1 and +1 cancel.
  const inc = { [`counts.${to}`]: 1, "counts.waitlisted": -1 };
  return (await collections.events()).findOneAndUpdate({ _id: eventId, "counts.waitlisted": { $gt: 0 } }, { $inc: inc }, { returnDocument: "after" });
}

/**
 * The seats of someone leaving attending (for `to`) with `guests` plus-ones, back to the event; the
 * event as it is after (its faces tell whether the guest's face must go). Callers then fill the
 * seats from the waitlist.
 */
export async function releaseSeat(eventId: ObjectId, to: AttendanceStatus | null, guests = 0): Promise<Seat | null> {
  return giveSeats(eventId, 1 + guests, { ...countsMove("attending", to), ...plusOnesMove(-guests) });
}
