import "server-only";
import type { Filter, ObjectId } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, findByIds, objectIdOrNull } from "@/lib/db/collections";
import { afterKey, compositeKey, decodeCursor, pageSize, encodeCursor, type PageOpts } from "@/lib/db/paging";
import type { AnswerDoc, AttendanceDoc, EventDoc, QuestionDoc, UserDoc } from "@/lib/db/types";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { getHostedEvent, membershipId, userObjectId } from "./access";
import { CHECK_INS_LIMIT_DEFAULT, CHECK_INS_LIMIT_MAX } from "./check-in-schema";
import { ticketCode, verifyTicket } from "./tickets";

// Door check-in (issue 15 item 4). A guest is checked in by one guarded single-document update of
// their membership — attending and not checked in yet → checked in, by whom and when — so however
// many hosts scan the same ticket at once, exactly one update matches; only that one moves the
// event's `checked_in` counters ($inc). A refusal says why: not a ticket, another event's ticket,
// checked in already (by whom, when), or no longer attending.

export type CheckInAnswer = { question: string; answer: string };
export type CheckInGuest = {
  user_id: string;
  name: string;
  email: string | null;
  /** The guest and their plus-ones. */
  party_size: number;
  answers: CheckInAnswer[];
  ticket_code: string;
  /** ISO instant. */
  checked_in_at: string | null;
  checked_in_by: { user_id: string; name: string } | null;
};
export type CheckInCounts = {
  /** Memberships (`guests`) and people (each guest and their plus-ones) checked in. */
  checked_in: { guests: number; people: number };
  /** The same for everyone attending. */
  expected: { guests: number; people: number };
};
export type CheckInResult = { guest: CheckInGuest; counts: CheckInCounts };
export type CheckInPage = { guests: CheckInGuest[]; next_cursor: string | null; counts: CheckInCounts };

export const NOT_A_TICKET = "Not a ticket: this code is not an Invyta ticket.";
export const OTHER_EVENT = "This ticket is for another event.";
const NO_GUEST = "No guest with this ticket on this event.";
/** Tries of the guarded update when the membership changed between it and the read that explains it. */
const RETRIES = 3;

type UserBits = Pick<UserDoc, "_id" | "name" | "username" | "email">;

export function checkInCountsOf(event: Pick<EventDoc, "counts" | "guests_attending" | "checked_in">): CheckInCounts {
  const attending = event.counts?.attending ?? 0;
  return {
    checked_in: { guests: event.checked_in?.guests ?? 0, people: event.checked_in?.people ?? 0 },
    expected: { guests: attending, people: attending + (event.guests_attending ?? 0) },
  };
}

/** Checks in the guest whose ticket the host scanned. */
export async function checkIn(host: AuthUser, eventId: string, ticket: string): Promise<CheckInResult> {
  const ids = verifyTicket(ticket);
  if (!ids) throw new Invalid(NOT_A_TICKET);
  const { event } = await getHostedEvent(eventId, host);
  if (ids.eventId !== event._id.toHexString()) throw new Conflict(OTHER_EVENT);
  return admit(event, host, membershipId(event._id, ids.userId));
}

/** Checks in a guest the host picked from the list (no ticket: a lost phone, a camera that fails). */
export async function checkInByMember(host: AuthUser, eventId: string, userId: string): Promise<CheckInResult> {
  const { event } = await getHostedEvent(eventId, host);
  const user = objectIdOrNull(userId);
  if (!user) throw new NotFound("No such guest on this event.");
  return admit(event, host, membershipId(event._id, user));
}

async function admit(event: EventDoc, host: AuthUser, _id: string): Promise<CheckInResult> {
  const attendances = await collections.attendances();
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    const now = new Date();
    // `checked_in_at: null` also matches a membership from before check-ins (no field at all).
    const admitted = await attendances.findOneAndUpdate(
      { _id, status: "attending", checked_in_at: null },
      { $set: { checked_in_at: now, checked_in_by: userObjectId(host), updated_at: now } },
      { returnDocument: "after" },
    );
    if (admitted) {
      const people = partySize(admitted);
      const after = await (await collections.events()).findOneAndUpdate(
        { _id: event._id },
        { $inc: { "checked_in.guests": 1, "checked_in.people": people } },
        { returnDocument: "after" },
      );
      const [guest] = await guestsOf(after ?? event, [admitted]);
      return { guest: guest!, counts: checkInCountsOf(after ?? event) };
    }
    const membership = await attendances.findOne({ _id });
    if (!membership) throw new NotFound(NO_GUEST);
    const [guest] = await guestsOf(event, [membership]);
    if (membership.status !== "attending") throw new Conflict(`${guest!.name} is not attending any more: their ticket does not admit them.`);
    if (membership.checked_in_at) throw new Conflict(alreadyIn(guest!, event, host));
    // Changed between the update and the read (they left and came back): try again.
  }
  throw new Conflict("This guest's RSVP is changing right now. Scan again in a moment.");
}

function alreadyIn(guest: CheckInGuest, event: EventDoc, host: AuthUser): string {
  const at = new Intl.DateTimeFormat("en-US", { timeZone: event.timezone, hour: "numeric", minute: "2-digit" }).format(new Date(guest.checked_in_at!));
  const by = guest.checked_in_by ? (guest.checked_in_by.user_id === host.id ? " by you" : ` by ${guest.checked_in_by.name}`) : "";
  return `Already checked in: ${guest.name} came in at ${at}${by}.`;
}

/** Takes back a check-in made by mistake; the counters move back once, whoever asks at the same time. */
export async function undoCheckIn(host: AuthUser, eventId: string, userId: string): Promise<CheckInResult> {
  const { event } = await getHostedEvent(eventId, host);
  const user = objectIdOrNull(userId);
  const _id = user ? membershipId(event._id, user) : null;
  const undone = _id
    ? await (await collections.attendances()).findOneAndUpdate(
        { _id, checked_in_at: { $ne: null } },
        { $set: { checked_in_at: null, checked_in_by: null, updated_at: new Date() } },
        { returnDocument: "after" },
      )
    : null;
  if (!undone) throw new NotFound("That guest is not checked in.");
  const after = await (await collections.events()).findOneAndUpdate(
    { _id: event._id },
    { $inc: { "checked_in.guests": -1, "checked_in.people": -partySize(undone) } },
    { returnDocument: "after" },
  );
  const [guest] = await guestsOf(after ?? event, [undone]);
  return { guest: guest!, counts: checkInCountsOf(after ?? event) };
}

/** Memberships read per round of a search: each round is one index range and one read of their users. */
const SEARCH_BATCH = 200;
/** At most this many memberships are looked at per request; the cursor then says where to go on. */
const SEARCH_SCAN_MAX = 2_000;

/**
 * The guests attending, oldest first, a page at a time, each with their check-in, and the counts.
 * `q` narrows the page to names, usernames, emails or ticket codes containing it. Names live on the
 * users, so a search reads the event's memberships in index order a batch at a time and keeps the
 * matches (no scan of the users collection, which FerretDB would do in full for a regex): a page may
 * then hold fewer than `limit` guests and still have a next cursor.
 */
export async function listCheckIns(host: AuthUser, eventId: string, opts: PageOpts & { q?: string } = {}): Promise<CheckInPage> {
  const { event } = await getHostedEvent(eventId, host);
  const limit = pageSize(opts.limit, CHECK_INS_LIMIT_DEFAULT, CHECK_INS_LIMIT_MAX);
  const q = opts.q?.trim().toLowerCase() ?? "";
  let after = decodeCursor(opts.cursor, compositeKey);
  const attendances = await collections.attendances();
  const found: CheckInGuest[] = [];
  let scanned = 0;
  let next: string | null = null;
  for (;;) {
    const batch = q ? Math.min(SEARCH_BATCH, SEARCH_SCAN_MAX - scanned) : limit + 1;
    const filter: Filter<AttendanceDoc> = { event_id: event._id, status: "attending", ...(after ? afterKey<AttendanceDoc>("created_at", after, 1) : {}) };
    const rows = await attendances.find(filter).sort({ created_at: 1, _id: 1 }).limit(batch).toArray();
    if (!q) {
      const page = rows.slice(0, limit);
      found.push(...(await guestsOf(event, page)));
      const last = page[page.length - 1];
      next = rows.length > limit && last ? encodeCursor(last.created_at, last._id) : null;
      break;
    }
    const guests = await guestsOf(event, rows);
    let stoppedAt: AttendanceDoc | null = null;
    for (const [i, guest] of guests.entries()) {
      if (!matches(guest, q)) continue;
      found.push(guest);
      if (found.length === limit) {
        stoppedAt = rows[i]!;
        break;
      }
    }
    scanned += rows.length;
    const last = stoppedAt ?? rows[rows.length - 1];
    const more = stoppedAt !== null || rows.length === batch;
    if (!more || !last) break;
    after = { at: last.created_at, id: last._id };
    if (stoppedAt || scanned >= SEARCH_SCAN_MAX) {
      next = encodeCursor(last.created_at, last._id);
      break;
    }
  }
  return { guests: found, next_cursor: next, counts: checkInCountsOf(event) };
}

function matches(guest: CheckInGuest, q: string): boolean {
  return [guest.name, guest.email ?? "", guest.ticket_code].some((text) => text.toLowerCase().includes(q)) || guest.ticket_code.replace("-", "").toLowerCase() === q.replace("-", "");
}

function partySize(membership: Pick<AttendanceDoc, "guests">): number {
  return 1 + Math.max(0, membership.guests ?? 0);
}

function nameOf(user: UserBits | undefined): string {
  return user?.name || user?.username || user?.email || "A former member";
}

function answerText(value: AnswerDoc["value"]): string {
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The guest's answers to the event's questions, in the questions' order. */
function answersOf(questions: QuestionDoc[] | undefined, answers: AnswerDoc[] | undefined): CheckInAnswer[] {
  if (!questions?.length || !answers?.length) return [];
  const byId = new Map(answers.map((a) => [a.question_id, a.value]));
  return questions.flatMap((q) => {
    const value = byId.get(q.id);
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return [];
    return [{ question: q.label, answer: answerText(value) }];
  });
}

/** The memberships as the door sees them: one read of their users and of the hosts who checked them in. */
async function guestsOf(event: Pick<EventDoc, "_id" | "questions">, rows: AttendanceDoc[]): Promise<CheckInGuest[]> {
  if (rows.length === 0) return [];
  const ids = new Map<string, ObjectId>();
  for (const r of rows) {
    ids.set(r.user_id.toHexString(), r.user_id);
    if (r.checked_in_by) ids.set(r.checked_in_by.toHexString(), r.checked_in_by);
  }
  const users = await findByIds(await collections.users(), [...ids.values()], { name: 1, username: 1, email: 1 });
  const byId = new Map(users.map((u) => [u._id.toHexString(), u as UserBits]));
  const eventHex = event._id.toHexString();
  return rows.map((r) => {
    const userHex = r.user_id.toHexString();
    const user = byId.get(userHex);
    const by = r.checked_in_by ? r.checked_in_by.toHexString() : null;
    return {
      user_id: userHex,
      name: nameOf(user),
      email: user?.email ?? null,
      party_size: partySize(r),
      answers: answersOf(event.questions, r.answers),
      ticket_code: ticketCode(eventHex, userHex),
      checked_in_at: r.checked_in_at ? r.checked_in_at.toISOString() : null,
      checked_in_by: by ? { user_id: by, name: nameOf(byId.get(by)) } : null,
    };
  });
}
