import "server-only";
import { ObjectId } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, objectIdOrNull } from "@/lib/db/collections";
import { isDuplicateKey } from "@/lib/db/errors";
import { ATTENDED_KEEP, type AttendanceDoc, type AttendanceStatus, type EventCounts, type EventDoc, type FaceDoc } from "@/lib/db/types";
import { noteCatalogChange } from "@/lib/discover/catalog";
import { env } from "@/lib/env";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { sendMail } from "@/lib/mail/service";
import { waitlistPromoted } from "@/lib/mail/templates";
import { findEvent, getEventForViewer, getOwnedEvent, INVALID_LINK, isOver, membershipId, tokenIsValid, userObjectId } from "./access";
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

/**
 * A seat for someone moving from `from` (null: a newcomer) to attending, when one is free and
 * nobody waits for it. `event` is the caller's fresh read: when it shows no free seat, or people
 * waiting, no update is tried (on a full event most joins cost two writes less); the guest then
 * joins the line, and the fill that follows hands any seat freed meanwhile to whoever is first.
 * Otherwise its capacity says which guard to try first (seats_left is a number, or null when
 * unlimited, and $inc cannot touch null); the other follows in case capacity just changed.
 */
async function takeSeat(event: EventDoc, from: AttendanceStatus | null): Promise<Seat | null> {
  if (event.seats_left === 0 || (event.counts?.waitlisted ?? 0) > 0) return null;
  const eventId = event._id;
  const limited = event.seats_left !== null && event.seats_left !== undefined;
  const events = await collections.events();
  const inc = countsMove(from, "attending");
  // No projection: FerretDB v1's findAndModify does not take one (`fields`).
  const options = { returnDocument: "after" } as const;
  const tries = [
    async () => fullNow(await events.findOneAndUpdate({ _id: eventId, seats_left: { $gt: 0 }, "counts.waitlisted": 0 }, { $inc: { ...inc, seats_left: -1 } }, options)),
    async () => events.findOneAndUpdate({ _id: eventId, seats_left: null, "counts.waitlisted": 0 }, { $inc: inc }, options),
  ];
  for (const attempt of limited ? tries : tries.reverse()) {
    const seat = await attempt();
    if (seat) return seat;
  }
  return null;
}

/**
 * The event as a seat update left it: its faces, so the new guest's face needs no second read, and
 * its line, so a fill starts from there.
 */
type Seat = Pick<EventDoc, "_id" | "seats_left" | "faces" | "line_head" | "line_seq">;

/**
 * Whether a guest who has just been counted as waiting must run the fill: not when the counter
 * update shows a limited event with no seat free, since whoever frees a seat later fills it and
 * finds them (their membership was written before the counter moved).
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

/**
 * The seat of someone leaving attending (for `to`), back to the event; the event as it is after
 * (its faces tell whether the guest's face must go). Callers then fill the seat from the waitlist.
 */
async function releaseSeat(eventId: ObjectId, to: AttendanceStatus | null): Promise<Seat | null> {
  const events = await collections.events();
  const inc = countsMove("attending", to);
  const after = { returnDocument: "after" } as const;
  const limited = await events.findOneAndUpdate({ _id: eventId, seats_left: { $ne: null } }, { $inc: { ...inc, seats_left: 1 } }, after);
  if (!limited) return events.findOneAndUpdate({ _id: eventId }, { $inc: inc }, after);
  // The event was full until now: discover shows it open again at once.
  if (limited.seats_left === 1) await noteCatalogChange(eventId);
  return limited;
}

/** A seat for whoever is first in line, counted as theirs already: the event as it is after; null when none is free or nobody waits. */
async function seatForNextInLine(eventId: ObjectId): Promise<Seat | null> {
  const events = await collections.events();
  const inc = countsMove("waitlisted", "attending");
  const after = { returnDocument: "after" } as const;
  const limited = await events.findOneAndUpdate({ _id: eventId, seats_left: { $gt: 0 }, "counts.waitlisted": { $gt: 0 } }, { $inc: { ...inc, seats_left: -1 } }, after);
  if (limited) return fullNow(limited);
  return events.findOneAndUpdate({ _id: eventId, seats_left: null, "counts.waitlisted": { $gt: 0 } }, { $inc: inc }, after);
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
 * Fills free seats from the waitlist, oldest first, and returns who got one. Safe to run from any
 * number of requests at once: each seat is taken by one conditional update, and each guest is
 * moved by an update guarded on "waitlisted", so a guest is promoted once and a seat used once.
 */
export async function fillFromWaitlist(eventId: ObjectId): Promise<ObjectId[]> {
  const attendances = await collections.attendances();
  const events = await collections.events();
  const promoted: ObjectId[] = [];
  for (let seat = await seatForNextInLine(eventId); seat; seat = await seatForNextInLine(eventId)) {
    let placed = false;
    for (let attempt = 0; attempt < RETRIES && !placed; attempt++) {
      // The line as the seat update left it; on a retry (the guest found had just left), as it is now.
      const line = attempt === 0 ? seat : ((await events.findOne({ _id: eventId }, { projection: { line_head: 1, line_seq: 1 } })) ?? {});
      const head = await nextInLine(eventId, line);
      if (!head) break;
      const moved = await attendances.updateOne({ _id: head._id, status: "waitlisted" }, { $set: { status: "attending", waitlisted_at: null, line_ticket: null, updated_at: new Date() } });
      if (moved.matchedCount > 0) {
        placed = true;
        promoted.push(head.user_id);
        await enteredAttending(eventId, head.user_id, seat);
      }
    }
    if (!placed) {
      // The guests counted as waiting have just left (their counters follow): the seat goes back.
      await releaseSeat(eventId, "waitlisted");
      break;
    }
    // That was the last free seat: whoever frees the next one fills it.
    if (seat.seats_left === 0) break;
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
  await Promise.all([addFace(eventId, userId, seat ?? undefined), noteAttended(userId, eventId, true)]);
}

async function leftAttending(eventId: ObjectId, userId: ObjectId, seen?: Seat | null): Promise<void> {
  await Promise.all([removeFace(eventId, userId, seen), noteAttended(userId, eventId, false)]);
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

/**
 * Moves a membership to `wanted`; "attending" needs a seat, and without one the guest waits (a
 * guest already waiting keeps their place). Guarded on the status it was read with: when another
 * request changed it first, the seat taken is given back and the move is tried again from there.
 */
async function move(event: EventDoc, membership: AttendanceDoc, wanted: AttendanceStatus): Promise<Change> {
  const attendances = await collections.attendances();
  const events = await collections.events();
  let current = membership;
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    const from = current.status;
    if (from === wanted || (wanted === "attending" && from === "waitlisted")) return { status: from, promoted: [] };
    const seat = wanted === "attending" ? await takeSeat(event, from) : null;
    const to: AttendanceStatus = wanted === "attending" && !seat ? "waitlisted" : wanted;
    const now = new Date();
    const ticket = to === "waitlisted" ? await takeTicket(event._id, current._id) : null;
    const moved = await attendances.updateOne(
      { _id: current._id, status: from },
      { $set: { status: to, updated_at: now, waitlisted_at: to === "waitlisted" ? now : null, line_ticket: ticket } },
    );
    if (moved.matchedCount === 0) {
      if (seat) {
        await releaseSeat(event._id, from);
        await fillFromWaitlist(event._id);
      }
      const fresh = await attendances.findOne({ _id: current._id });
      if (!fresh) throw new NotFound("That guest is no longer on this event.");
      current = fresh;
      continue;
    }
    if (from === "maybe" || to === "maybe") await noteMaybe(current.user_id, event._id, to === "maybe");
    if (from === "attending") {
      const released = await releaseSeat(event._id, to);
      await leftAttending(event._id, current.user_id, released);
      // The freed seat goes to the line.
      return { status: to, promoted: await fillFromWaitlist(event._id) };
    }
    if (to === "attending") {
      await enteredAttending(event._id, current.user_id, seat);
      return { status: to, promoted: [] };
    }
    const counted = await events.findOneAndUpdate({ _id: event._id }, { $inc: countsMove(from, to) }, { returnDocument: "after" });
    // A guest who just joined the line takes any seat freed meanwhile.
    return { status: to, promoted: to === "waitlisted" && seatMayBeFree(counted) ? await fillFromWaitlist(event._id) : [] };
  }
  throw new Conflict("Too many changes at once. Please try again in a moment.");
}

/**
 * Creates a membership; a second join by the same user changes nothing: the _id is one per
 * (event, user), and the insert's duplicate-key error gives back the seat it took.
 */
async function addMember(event: EventDoc, userId: ObjectId, wanted: AttendanceStatus): Promise<Change & { created: boolean }> {
  const attendances = await collections.attendances();
  const _id = membershipId(event._id, userId);
  // Callers have just looked for a membership; one made since then meets the unique _id below.
  const seat = wanted === "attending" ? await takeSeat(event, null) : null;
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
      created_at: now,
      updated_at: now,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    if (seat) {
      await releaseSeat(event._id, null);
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
export async function joinEvent(user: AuthUser, eventId: string, token: string): Promise<JoinResult> {
  const event = await findEvent(eventId);
  if (!event) throw new NotFound(INVALID_LINK);
  // The host and existing guests may see the event anyway: they get their status back even from a
  // link that has since been rotated or used up.
  if (event.owner_id.toHexString() === user.id) return { status: "attending", message: "You are the host of this event" };
  const userId = userObjectId(user);
  const existing = await (await collections.attendances()).findOne({ _id: membershipId(event._id, userId) });
  if (existing) return { status: existing.status, message: JOIN_MESSAGES[existing.status] };
  // For everyone else, invalid, rotated, expired or used-up tokens look exactly like a missing event.
  if (!tokenIsValid(event, token)) throw new NotFound(INVALID_LINK);
  const giveBack = await takeInviteUse(event, token);
  if (!giveBack) throw new NotFound(INVALID_LINK);
  const { status, created, promoted } = await addMember(event, userId, event.is_private ? "pending" : "attending");
  if (!created) await giveBack();
  await notifyPromoted(event, promoted);
  return { status, message: JOIN_MESSAGES[status] };
}

/** RSVP. A public event needs no invite; a private one needs an approved membership. */
export async function rsvp(user: AuthUser, eventId: string, wanted: RsvpStatus): Promise<JoinResult> {
  const { event, membership, isOwner } = await getEventForViewer(eventId, user);
  if (isOwner) throw new Conflict("You are the host: hosts do not RSVP to their own event.");
  if (isOver(event)) throw new Conflict("This event is over.");
  if (!membership) {
    if (event.is_private) throw new Forbidden("Join with the invite link first.");
    const { status, promoted } = await addMember(event, userObjectId(user), wanted);
    await notifyPromoted(event, promoted);
    return { status, message: JOIN_MESSAGES[status] };
  }
  if (membership.status === "pending") throw new Forbidden("Your request is waiting for the host's approval.");
  const { status, promoted } = await move(event, membership, wanted);
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

export async function decideRequest(owner: AuthUser, eventId: string, guestId: string, action: "approve" | "deny"): Promise<JoinResult> {
  const event = await getOwnedEvent(eventId, owner);
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
export async function decideAllRequests(owner: AuthUser, eventId: string, action: "approve" | "deny"): Promise<{ decided: number }> {
  const event = await getOwnedEvent(eventId, owner);
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
