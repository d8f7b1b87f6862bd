import "server-only";
import type { ObjectId } from "mongodb";
import { collections, objectIdOrNull } from "@/lib/db/collections";
import type { AttendanceDoc, EventDoc, WaitlistEntryDoc } from "@/lib/db/types";
import { enqueue, type JobHandler } from "@/lib/jobs/queue";
import { enteredAttending } from "./attending";
import { countsMove, giveSeats, guestsOf, isLimited, partyIs, plusOnesMove, releaseSeat, RETRIES, takeSeats, type EventChange, type Seat } from "./seats";

// The waitlist: strictly first come, first served. A seat goes to a newcomer only while nobody waits
// (`counts.waitlisted` is 0, in the seat update's guard, lib/events/seats.ts); seats that free up
// while people wait go to the first in line (fillFromWaitlist), by party: when the party at the head
// does not fit the seats free, nobody behind them is seated until enough seats free up. A guest's
// document flips before the counters move, so whoever moves a counter to "someone waits" finds that
// someone.

// ---- the line: who waits, in order, found by `_id` ------------------------------------------------
// A guest who starts waiting takes a ticket (`$inc line_seq` on the event) and writes a line entry
// `_id` "<event>:<ticket>" before their membership says "waitlisted" with that ticket. Whoever fills
// a seat reads the entries from `line_head` a window at a time by `_id: {$in}` and takes the lowest
// ticket whose membership still waits with it. Entries of guests who left are passed, and once a
// fill has passed PASS_AT_LEAST of them the head moves past them and they are dropped. The head
// never moves past an entry whose guest may still be on their way into the line (their membership
// not written since the entry was, for less than IN_FLIGHT_MS): a fill may seat someone behind
// them meanwhile, but they keep their place for the next one. An entry missing below the head as
// stored was dropped by another fill: the walk goes on from that head.
// If the line shows nobody (an entry still being written, or a membership from before tickets),
// the waitlist query decides: slower on FerretDB (it reads every membership), never wrong.

const LINE_WINDOW = 16;
/** Entries passed (guests who left the line) are dropped, and the head moved, once there are this many. */
const PASS_AT_LEAST = LINE_WINDOW / 2;
/** Longer than any request takes from its ticket to its membership's write: an entry this old whose guest does not wait with it never will. */
const IN_FLIGHT_MS = 60_000;

function lineEntryId(eventId: ObjectId, ticket: number): string {
  return `${eventId.toHexString()}:${String(ticket).padStart(10, "0")}`;
}

/**
 * A ticket in the event's line, and its entry; the membership then waits with `line_ticket`. With
 * `also` (a newcomer's use of the invite link), the ticket is taken only when its guard holds, and
 * its counters move in the same update: null when it does not.
 */
export async function takeTicket(eventId: ObjectId, membership: string, also?: EventChange): Promise<number | null> {
  const before = await (await collections.events()).findOneAndUpdate(
    { _id: eventId, ...also?.guard },
    { $inc: { line_seq: 1, ...also?.inc } },
    { returnDocument: "before" },
  );
  if (!before) return null;
  const ticket = before.line_seq ?? 0;
  await (await collections.waitlist()).insertOne({ _id: lineEntryId(eventId, ticket), membership_id: membership, created_at: new Date() });
  return ticket;
}

/** Whether `member`, as read, waits in the line with `ticket` (null: from before tickets). */
const waitsWith = (member: AttendanceDoc | undefined, ticket: number | null): member is AttendanceDoc => member?.status === "waitlisted" && (member.line_ticket ?? null) === ticket;

/**
 * Whether the guest of `entry`, not waiting with its ticket as read, never will: their membership
 * was written after the entry (they left, were seated, or took another ticket), or the entry is too
 * old for its request to be under way. Otherwise the request that took the ticket may not have
 * written the membership yet, and the entry is not passed.
 */
const settled = (entry: WaitlistEntryDoc, member: AttendanceDoc | undefined): boolean =>
  (!!member && member.updated_at >= entry.created_at) || Date.now() - entry.created_at.getTime() >= IN_FLIGHT_MS;

/**
 * Moves the line's head forward to `to` ($max: it never goes back, whichever fill passes first)
 * and drops the entries it moved past, each seen to belong to nobody still waiting. The update
 * returns the head it replaced, so each range of entries is dropped once, by the fill that moved
 * the head past it.
 */
async function passTickets(eventId: ObjectId, to: number): Promise<void> {
  const before = await (await collections.events()).findOneAndUpdate({ _id: eventId }, { $max: { line_head: to } }, { returnDocument: "before" });
  const from = before?.line_head ?? 0;
  if (!before || from >= to) return;
  const passed = Array.from({ length: to - from }, (_, i) => lineEntryId(eventId, from + i));
  await (await collections.waitlist()).deleteMany({ _id: { $in: passed } });
}

/** The line as stored now (a point read): where a fill goes on from when another one moved its head. */
async function lineNow(eventId: ObjectId): Promise<Pick<EventDoc, "line_head" | "line_seq"> | null> {
  return (await collections.events()).findOne({ _id: eventId }, { projection: { line_head: 1, line_seq: 1 } });
}

/**
 * The memberships first in line, by tickets, from the line as `event` (the seat update's result)
 * shows it: those waiting in the first window of tickets that holds anyone waiting, in ticket order
 * (the first is the head; the others are who follows when the head is taken meanwhile). Empty when
 * the line cannot tell (the query decides then). An entry missing below the head as stored now was
 * passed by another fill meanwhile: the search goes on from that head instead of asking the query
 * (which reads every membership on FerretDB).
 */
async function firstInLine(eventId: ObjectId, event: Pick<EventDoc, "line_head" | "line_seq">): Promise<AttendanceDoc[]> {
  let seq = event.line_seq ?? 0;
  // The head as last read from the event: moving it is a write, done once a window's worth is passed.
  let stored = event.line_head ?? 0;
  // Where the search goes on from, and how far the head may move: up to the first entry whose
  // guest may still be on their way into the line.
  let head = stored;
  let passTo = stored;
  let looks = 0;
  try {
    while (head < seq) {
      const tickets = Array.from({ length: Math.min(LINE_WINDOW, seq - head) }, (_, i) => head + i);
      const entries = await (await collections.waitlist()).find({ _id: { $in: tickets.map((t) => lineEntryId(eventId, t)) } }).toArray();
      const entryOf = new Map(entries.map((e) => [e._id, e]));
      const members = await (await collections.attendances()).find({ _id: { $in: entries.map((e) => e.membership_id) } }).toArray();
      const memberOf = new Map(members.map((m) => [m._id, m]));
      const waiting: AttendanceDoc[] = [];
      for (const ticket of tickets) {
        const entry = entryOf.get(lineEntryId(eventId, ticket));
        if (!entry) {
          // Those found before it come first; whoever is after it waits for the next read.
          if (waiting.length > 0) break;
          // Passed by another fill since `event` was read, or still being written (the query decides).
          const now = looks++ < RETRIES ? await lineNow(eventId) : null;
          if (!now || (now.line_head ?? 0) <= ticket) return [];
          head = stored = passTo = now.line_head ?? 0;
          seq = Math.max(seq, now.line_seq ?? 0);
          break; // the next window starts at that head
        }
        const member = memberOf.get(entry.membership_id);
        if (waitsWith(member, ticket)) waiting.push(member);
        else if (waiting.length === 0) {
          if (passTo === ticket && settled(entry, member)) passTo = ticket + 1;
          head = ticket + 1;
        }
      }
      if (waiting.length > 0) return waiting;
    }
    return [];
  } finally {
    // Passing costs a write (that every fill waits for): the entries passed are read again by the
    // next fills until a window's worth has gathered.
    if (passTo - stored >= PASS_AT_LEAST || (passTo >= seq && passTo > stored)) await passTickets(eventId, passTo);
  }
}

/** Who is first in line and who follows them (firstInLine), else the first the waitlist query finds. */
async function nextInLine(eventId: ObjectId, line: Pick<EventDoc, "line_head" | "line_seq">): Promise<AttendanceDoc[]> {
  const waiting = await firstInLine(eventId, line);
  if (waiting.length > 0) return waiting;
  const first = await (await collections.attendances()).find({ event_id: eventId, status: "waitlisted" }).sort({ line_ticket: 1, waitlisted_at: 1, _id: 1 }).limit(1).next();
  return first ? [first] : [];
}

/** Of `members` (in line order), those still waiting with the ticket they were read with, as they are now. */
async function stillWaiting(members: AttendanceDoc[]): Promise<AttendanceDoc[]> {
  const now = await (await collections.attendances()).find({ _id: { $in: members.map((m) => m._id) } }).toArray();
  const nowOf = new Map(now.map((m) => [m._id, m]));
  return members.flatMap((m) => {
    const fresh = nowOf.get(m._id);
    return waitsWith(fresh, m.line_ticket ?? null) ? [fresh] : [];
  });
}

/** Seats counted as taken for the first in line, not placed yet: for a party of 1 + `guests`. */
type Held = { guests: number; seat: Seat };

/**
 * Fills free seats from the waitlist, strictly first come, first served, and returns who got one:
 * the first in line is found, then exactly their party's seats are taken (one conditional update),
 * then they are moved by an update guarded on "waitlisted" with the party and ticket as read; when
 * that move fails (they left, changed or were seated meanwhile) the seats go to the first of those
 * read who still waits (the same guest, as they are now, if they only changed their party), and
 * when none does, the line is read again.
 * When the first party does not fit, nobody behind them is seated: they wait until enough seats
 * free up (whoever frees seats, or shrinks or leaves the head of the line, runs this again). Safe
 * to run from any number of requests at once: a guest is promoted once and a seat used once.
 * `handed`: seats already counted as taken for the line (a guest leaving handed theirs over,
 * lib/events/seats.ts handOverSeat), placed like the fill's own or given back.
 */
export async function fillFromWaitlist(eventId: ObjectId, seen?: Seat | null, depth = 0, handed: Held | null = null): Promise<ObjectId[]> {
  const attendances = await collections.attendances();
  const events = await collections.events();
  const promoted: ObjectId[] = [];
  // The event as the caller's update has just left it, then as each seat update of this fill left
  // it (read only when neither is at hand). Any of these may be behind: seats are taken by guarded
  // updates, and a line head passed meanwhile is found again from the event as stored.
  let line: Seat | null = seen ?? null;
  // Seats taken for a guest not placed yet (counted as attending already): when the guest found
  // first has just left the line, they go to the next one, adjusted to that party, not back and
  // forth through the event document (each of those writes waits its turn in the database).
  let held: Held | null = handed;
  // Who waits next, as the line was last read: when the first is taken by another fill meanwhile
  // (several guests leaving at once each run one), the next still waiting is tried without reading
  // the line again.
  let waiting: AttendanceDoc[] = [];
  let misses = 0;
  let given: Seat | null = null;
  try {
    while (misses < RETRIES) {
      line ??= await events.findOne({ _id: eventId }, { projection: { seats_left: 1, counts: 1, faces: 1, line_head: 1, line_seq: 1 } });
      if (!line) break;
      if (!held && (line.seats_left === 0 || (line.counts?.waitlisted ?? 0) === 0)) break;
      if (waiting.length === 0) waiting = await nextInLine(eventId, line);
      const head = waiting.shift();
      if (!head) break;
      const guests = guestsOf(head);
      if (!held) {
        if (isLimited(line) && line.seats_left! < 1 + guests) break;
        const seat = await takeSeats(eventId, isLimited(line), 1 + guests, { ...countsMove("waitlisted", "attending"), ...plusOnesMove(guests) }, {
          "counts.waitlisted": { $gt: 0 },
        });
        // Taken meanwhile by another fill, which goes on from there.
        if (!seat) break;
        held = { guests, seat };
      } else if (held.guests !== guests) {
        const more: number = guests - held.guests;
        const seat: Seat | null = more > 0 ? await takeSeats(eventId, isLimited(line), more, plusOnesMove(more), {}) : await giveSeats(eventId, -more, plusOnesMove(more));
        // The new head's party does not fit: nobody behind them is seated (the held seats go back below).
        if (!seat) break;
        held = { guests, seat };
      }
      const moved = await attendances.updateOne(
        { _id: head._id, status: "waitlisted", line_ticket: head.line_ticket ?? null, ...partyIs(guests) },
        { $set: { status: "attending", waitlisted_at: null, line_ticket: null, updated_at: new Date() } },
      );
      // The event as the seat update left it: the next round needs no read when that filled it, and
      // a head passed meanwhile is found from the event as stored (firstInLine).
      line = held.seat;
      if (moved.matchedCount === 0) {
        // The guest found first has just been seated by another fill, left the line, or changed
        // their party. Those read are read again (by _id): whoever still waits with their ticket
        // is tried in order, the first again as they are now (keeping their place), and those
        // seated by other fills meanwhile are passed at once. When nobody read still waits, the
        // line is read again.
        waiting = await stillWaiting([head, ...waiting]);
        if (waiting.length === 0 || waiting[0]!._id === head._id) misses++;
        continue;
      }
      promoted.push(head.user_id);
      // Their mail (a job) says they came off the waitlist: one per place in line, however often retried.
      await enteredAttending(eventId, head.user_id, held.seat, `line-${head.line_ticket ?? head.waitlisted_at?.getTime() ?? head.updated_at.getTime()}`);
      held = null;
    }
  } finally {
    // Nobody took the seats held (the line emptied, or changed too often): they go back.
    if (held) given = await releaseSeat(eventId, "waitlisted", held.guests);
    // Every guest found first left before they could be seated, time after time: the line is still
    // moving, and a seat may be free beside it. A job tries again shortly, so nobody waits beside a
    // free seat until the next change on this event.
    if (misses >= RETRIES) await fillLater(eventId);
  }
  // Seats given back are a change like any other: another fill may have stopped because this one
  // held them (two fills holding seats for the same guest each leave the other too few for the next
  // party), so the line is looked at again, from the event as the release left it.
  if (given && misses < RETRIES) {
    if (depth < RETRIES) promoted.push(...(await fillFromWaitlist(eventId, given, depth + 1)));
    else await fillLater(eventId);
  }
  return promoted;
}

export const WAITLIST_FILL_JOB = "waitlist-fill";

async function fillLater(eventId: ObjectId): Promise<void> {
  const id = eventId.toHexString();
  try {
    // One a second per event at most (an id names one job while the first is kept).
    await enqueue(WAITLIST_FILL_JOB, { event_id: id }, { jobId: `waitlist-fill:${id}:${Math.floor(Date.now() / 1000)}`, delayMs: 250 });
  } catch (err) {
    console.error(`[invyta] waitlist fill for ${id} not queued: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export const waitlistJobs: Record<string, JobHandler> = {
  [WAITLIST_FILL_JOB]: async (data) => {
    const _id = objectIdOrNull(data.event_id);
    if (_id) await fillFromWaitlist(_id);
  },
};

/** Seats whoever waits while seats are free (after the capacity grew): how many moved off the line. Each is mailed by a job. */
export async function promoteWaitlist(eventRef: Pick<EventDoc, "_id">): Promise<number> {
  return (await fillFromWaitlist(eventRef._id)).length;
}

/** Lines up to this long are counted from their tickets by `_id`, read this many at a time; longer ones by the waitlist query. */
const POSITION_BY_TICKETS_MAX = 4_096;
const POSITION_READ = 256;

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
  // In the order the line is served (nextInLine): guests from before tickets first, by when they
  // started waiting; then by ticket, which servers whose clocks differ cannot put out of order.
  const mine = membership.line_ticket ?? null;
  const ahead = await (await collections.attendances()).countDocuments({
    event_id: membership.event_id,
    status: "waitlisted",
    ...(mine === null
      ? { line_ticket: null, $or: [{ waitlisted_at: { $lt: membership.waitlisted_at } }, { waitlisted_at: membership.waitlisted_at, _id: { $lt: membership._id } }] }
      : { $or: [{ line_ticket: null }, { line_ticket: { $lt: mine } }] }),
  });
  return ahead + 1;
}

async function positionByTickets(event: EventDoc, membership: AttendanceDoc): Promise<number | null> {
  const mine = membership.line_ticket;
  const head = event.line_head ?? 0;
  const seq = event.line_seq ?? 0;
  if (typeof mine !== "number" || mine < head || mine >= seq || seq - head > POSITION_BY_TICKETS_MAX) return null;
  const ids = Array.from({ length: seq - head }, (_, i) => lineEntryId(event._id, head + i));
  const [waitlist, attendances] = await Promise.all([collections.waitlist(), collections.attendances()]);
  const entries = await readInParts(ids, (part) => waitlist.find({ _id: { $in: part } }).toArray());
  const holder = new Map(entries.map((e) => [e._id, e.membership_id]));
  const members = await readInParts([...new Set(holder.values())], (part) => attendances.find({ _id: { $in: part } }).toArray());
  const waiting = members.filter(
    (m) => m.status === "waitlisted" && typeof m.line_ticket === "number" && holder.get(lineEntryId(event._id, m.line_ticket)) === m._id,
  );
  if (waiting.length !== event.counts.waitlisted || !waiting.some((m) => m._id === membership._id)) return null;
  return waiting.filter((m) => m.line_ticket! < mine).length + 1;
}

/** Reads by `_id` POSITION_READ ids at a time, all at once. */
async function readInParts<T>(ids: string[], read: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const parts = Array.from({ length: Math.ceil(ids.length / POSITION_READ) }, (_, i) => ids.slice(i * POSITION_READ, (i + 1) * POSITION_READ));
  return (await Promise.all(parts.map(read))).flat();
}
