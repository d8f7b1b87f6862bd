import "server-only";
import { ObjectId } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, objectIdOrNull } from "@/lib/db/collections";
import { isDuplicateKey } from "@/lib/db/errors";
import type { AttendanceDoc, AttendanceStatus, EventCounts, EventDoc } from "@/lib/db/types";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { findEvent, getEventForViewer, hostRoleOf, INVALID_LINK, isOver, membershipId, tokenIsValid, userObjectId } from "./access";
import { dropNewcomerFace, enteredAttending, faceWithSeat, leftAttending, noteMaybe } from "./attending";
import { parseAnswers } from "./questions";
import type { RsvpStatus } from "./schema";
import {
  bothChanges,
  countsMove,
  emptyCounts,
  giveSeats,
  guestsOf,
  handOverSeat,
  isLimited,
  NO_CHANGE,
  partyIs,
  plusOnesMove,
  releaseSeat,
  RETRIES,
  seatIsGone,
  seatMayBeFree,
  takeSeat,
  takeSeats,
  type EventChange,
} from "./seats";
import { fillFromWaitlist, takeTicket } from "./waitlist";

// Memberships: joining with an invite link, RSVPs, and a guest's party and answers. A membership has
// a deterministic `_id` ("<event>:<user>"), so "am I in this event" is a point read and a second
// join meets the unique key. Its status changes by an update guarded on the status (and party) it
// was read with, so two concurrent changes cannot both apply; the seats and counters follow in
// lib/events/seats.ts, the line in lib/events/waitlist.ts, and where a second write must not happen
// after all (a duplicate join, a lost race) it is undone by an opposite $inc.

// ---- membership changes ------------------------------------------------------------------------------

/** Where a change left the membership; whoever it moved off the waitlist is mailed by a job. */
export type Change = { status: AttendanceStatus };

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
  if (more < 0 && (attending || status === "waitlisted")) await fillFromWaitlist(event._id);
  return { status };
}

/**
 * Moves a membership to `wanted` with `guests` plus-ones (absent: the party it has); "attending"
 * needs 1 + guests seats, and without them the guest waits (a guest already waiting keeps their
 * place). Guarded on the status and party it was read with: when another request changed either
 * first, the seats taken are given back and the move is tried again from there.
 */
export async function move(event: EventDoc, membership: AttendanceDoc, wanted: AttendanceStatus, guests?: number): Promise<Change> {
  const attendances = await collections.attendances();
  const events = await collections.events();
  let current = membership;
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    const from = current.status;
    const had = guestsOf(current);
    const party = guests ?? had;
    if (from === wanted || (wanted === "attending" && from === "waitlisted")) {
      const resized = party === had ? { status: from } : await resizeParty(event, current, party);
      if (resized) return resized;
    } else {
      const seat = wanted === "attending" ? await takeSeat(event, from, party) : null;
      const to: AttendanceStatus = wanted === "attending" && !seat ? "waitlisted" : wanted;
      const now = new Date();
      const ticket = to === "waitlisted" ? await takeTicket(event._id, current._id) : null;
      // The membership as the flip left it: whether it was checked in at the door when it left attending.
      const moved = await attendances.findOneAndUpdate(
        { _id: current._id, status: from, ...partyIs(had) },
        { $set: { status: to, updated_at: now, waitlisted_at: to === "waitlisted" ? now : null, line_ticket: ticket, ...(party === had ? {} : { guests: party }) } },
        { returnDocument: "after" },
      );
      if (moved) {
        if (from === "maybe" || to === "maybe") await noteMaybe(current.user_id, event._id, to === "maybe");
        if (from === "attending") {
          // People were waiting (as the event was read): the seats go straight to the line, held for
          // whoever is first, and the event stays as full as it was. Else (or if the line emptied
          // meanwhile) they are released, and the fill looks at the line from there.
          const handed = (event.counts?.waitlisted ?? 0) > 0 && to !== "waitlisted" ? await handOverSeat(event._id, to) : null;
          const released = handed ?? (await releaseSeat(event._id, to, had));
          await leftAttending(event._id, current.user_id, released, !!moved.checked_in_at);
          await fillFromWaitlist(event._id, released, 0, handed ? { guests: had, seat: handed } : null);
          return { status: to };
        }
        if (to === "attending") {
          await enteredAttending(event._id, current.user_id, seat);
          return { status: to };
        }
        const counted = await events.findOneAndUpdate({ _id: event._id }, { $inc: countsMove(from, to) }, { returnDocument: "after" });
        // A guest who just joined the line takes any seat freed meanwhile; one who left it may have
        // been a party too large for the seats free, which the next in line may fit.
        const fill = (to === "waitlisted" || from === "waitlisted") && seatMayBeFree(counted);
        if (fill) await fillFromWaitlist(event._id);
        return { status: to };
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
 * back the seats it took. A join by `inviteToken` uses the link once: in the same update as the
 * seat when it gets one, else on its own first; a link no longer valid is a 404 and nothing is
 * written.
 */
async function addMember(
  event: EventDoc,
  userId: ObjectId,
  wanted: AttendanceStatus,
  fields: Partial<Pick<AttendanceDoc, "guests" | "answers">> = {},
  inviteToken: string | null = null,
): Promise<Change> {
  const attendances = await collections.attendances();
  const _id = membershipId(event._id, userId);
  const link = inviteToken === null ? null : { token: inviteToken, use: inviteUse(event, inviteToken, hasUseLimit(event)) };
  const use = link?.use ?? NO_CHANGE;
  // Callers have just looked for a membership; one made since then meets the unique _id below.
  // The seat's update takes the link's use and shows the newcomer's face when there is room; if
  // the room went meanwhile, the seat is tried again without the face (which enteredAttending adds).
  const face = wanted === "attending" && !seatIsGone(event, fields.guests ?? 0) ? await faceWithSeat(event, userId) : null;
  const withFace = wanted === "attending" ? await takeSeat(event, null, fields.guests ?? 0, bothChanges(use, face)) : null;
  const seat = withFace ?? (face ? await takeSeat(event, null, fields.guests ?? 0, use) : null);
  const faceShown = !!withFace && !!face;
  const status: AttendanceStatus = wanted === "attending" && !seat ? "waitlisted" : wanted;
  // A newcomer who waits takes the link's use with their ticket, in one update, when the link holds
  // as read; else (or without a seat or a line) the use is taken on its own, trying both kinds of
  // link, and a link no longer valid is refused before anything else is written.
  let ticket = status === "waitlisted" && link ? await takeTicket(event._id, _id, link.use) : null;
  const giveBackUse = !link ? null : seat || ticket !== null ? link.use.giveBack : await takeInviteUse(event, link.token);
  if (link && !giveBackUse) throw new NotFound(INVALID_LINK);
  if (status === "waitlisted" && ticket === null) ticket = await takeTicket(event._id, _id);
  const now = new Date();
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
    await giveBackUse?.();
    const again = await attendances.findOne({ _id });
    if (faceShown) await dropNewcomerFace(event._id, userId, again?.status);
    return { status: again?.status ?? wanted };
  }
  if (status === "maybe") await noteMaybe(userId, event._id, true);
  if (seat) {
    await enteredAttending(event._id, userId, seat);
    return { status };
  }
  const counted = await (await collections.events()).findOneAndUpdate({ _id: event._id }, { $inc: countsMove(null, status) }, { returnDocument: "after" });
  // A guest who just joined the line takes any seat freed meanwhile.
  if (status === "waitlisted" && seatMayBeFree(counted)) await fillFromWaitlist(event._id);
  return { status };
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

const hasUseLimit = (event: Pick<EventDoc, "invite_uses_left">) => event.invite_uses_left !== null && event.invite_uses_left !== undefined;

/**
 * One use of the invite link as a change to the event (EventChange, for the same update as a seat):
 * the token must still be the current one and unexpired, and a link with a use limit (`limited`,
 * from the caller's read) must have a use left. `giveBack` returns the use.
 */
function inviteUse(event: Pick<EventDoc, "_id">, token: string, limited: boolean): EventChange & { giveBack: () => Promise<unknown> } {
  const guard = { invite_token: token, $or: [{ invite_expires_at: null }, { invite_expires_at: { $gt: new Date() } }], invite_uses_left: limited ? { $gt: 0 } : null };
  const inc: Record<string, number> = limited ? { invite_uses: 1, invite_uses_left: -1 } : { invite_uses: 1 };
  const back = Object.fromEntries(Object.entries(inc).map(([field, n]) => [field, -n]));
  return { guard, inc, giveBack: async () => (await collections.events()).updateOne({ _id: event._id, invite_token: token }, { $inc: back }) };
}

/**
 * One use of the invite link on its own (a join without a seat), taken atomically; the other kind
 * of link is tried too in case the host just set or lifted the limit. Returns a function that gives the use back.
 */
async function takeInviteUse(event: EventDoc, token: string): Promise<(() => Promise<unknown>) | null> {
  const events = await collections.events();
  for (const limited of hasUseLimit(event) ? [true, false] : [false, true]) {
    const use = inviteUse(event, token, limited);
    if ((await events.updateOne({ _id: event._id, ...use.guard }, { $inc: use.inc })).matchedCount > 0) return use.giveBack;
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
  const { status } = await addMember(event, userId, event.is_private ? "pending" : "attending", { ...(answers.length ? { answers } : {}), ...partyField(guests) }, token);
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
    const { status } = await addMember(event, userObjectId(user), wanted, {
      ...(answers?.length ? { answers } : {}),
      ...partyField(partyFor(event, extras.guests, 0)),
    });
    return { status, message: JOIN_MESSAGES[status] };
  }
  if (membership.status === "pending") throw new Forbidden("Your request is waiting for the host's approval.");
  const answers = rsvpAnswers(event, membership, wanted, extras.answers);
  const { status } = await move(event, membership, wanted, partyFor(event, extras.guests, guestsOf(membership)));
  // One single-document $set after the move; no upsert, so a membership removed meanwhile stays gone.
  if (answers) await (await collections.attendances()).updateOne({ _id: membership._id }, { $set: { answers, updated_at: new Date() } });
  return { status, message: status === "attending" ? "RSVP status updated successfully" : JOIN_MESSAGES[status] };
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
