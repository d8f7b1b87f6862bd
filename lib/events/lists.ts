import "server-only";
import type { Filter, ObjectId } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, findByIds, objectIdOrNull } from "@/lib/db/collections";
import type { AnswerDoc, AttendanceDoc, AttendanceStatus, EventDoc } from "@/lib/db/types";
import { afterKey, compositeKey, decodeCursor, objectIdKey, pageOf, pageSize, type PageOpts } from "@/lib/db/paging";
import { Forbidden, NotFound } from "@/lib/errors";
import { DEFAULT_LENGTH_MS, GUEST_LIST_STATUSES, getEventForViewer, getHostedEvent, userObjectId, type EventView, type Viewer } from "./access";
import { answersById } from "./question-rules";
import { GUESTS_LIMIT_DEFAULT, GUESTS_LIMIT_MAX, MY_EVENTS_PAGE, USER_EVENTS_LIMIT_MAX } from "./schema";

// Lists that grow (guests, requests, a user's events), a page at a time by keyset (lib/db/paging).

export type { PageOpts };
/** `guests`: the extra people (plus-ones) they bring, when any. */
export type Guest = { user_id: string; display_name: string | null; username: string | null; status: AttendanceStatus; joined_at: Date; email?: string; answers?: GuestAnswers; guests?: number };
/** A guest's answers by question id: the hosts' lists only, never another guest's. */
export type GuestAnswers = Record<string, AnswerDoc["value"]>;
export type GuestPage = { guests: Guest[]; next_cursor: string | null };

const HOST_LIST_STATUSES: AttendanceStatus[] = ["attending", "maybe", "waitlisted", "not_attending"];
const EVERY_STATUS: AttendanceStatus[] = [...HOST_LIST_STATUSES, "pending"];

/** A page of the event's memberships with these statuses, oldest first (_id breaking ties). */
async function guestPage(event: EventDoc, statuses: AttendanceStatus[], withEmail: boolean, opts: PageOpts): Promise<GuestPage> {
  const limit = pageSize(opts.limit, GUESTS_LIMIT_DEFAULT, GUESTS_LIMIT_MAX);
  const after = decodeCursor(opts.cursor, compositeKey);
  const filter: Filter<AttendanceDoc> = { event_id: event._id, status: { $in: statuses }, ...(after ? afterKey<AttendanceDoc>("created_at", after, 1) : {}) };
  const rows = await (await collections.attendances()).find(filter).sort({ created_at: 1, _id: 1 }).limit(limit + 1).toArray();
  const { items, next_cursor } = pageOf(rows, limit, (r) => r.created_at);
  const users = await findByIds(await collections.users(), items.map((r) => r.user_id), { name: 1, username: 1, email: 1 });
  const byId = new Map(users.map((u) => [u._id.toHexString(), u]));
  const guests = items.map((r) => {
    const u = byId.get(r.user_id.toHexString());
    const guest: Guest = { user_id: r.user_id.toHexString(), display_name: u?.name || null, username: u?.username ?? null, status: r.status, joined_at: r.created_at };
    if (withEmail && u) guest.email = u.email;
    if (r.guests) guest.guests = r.guests;
    // `withEmail` is the hosts' list: they see answers too.
    if (withEmail && r.answers?.length) guest.answers = answersById(r.answers);
    return guest;
  });
  return { guests, next_cursor };
}

/**
 * Owner: everyone (with emails). Attending or maybe guests: who is coming. Others: 403. A page at a
 * time, oldest first; `coming` narrows the host's list to attending and maybe as well.
 */
export async function listGuests(viewer: AuthUser, eventId: string, opts: PageOpts & { coming?: boolean } = {}): Promise<GuestPage> {
  return listGuestsOf(await getEventForViewer(eventId, viewer), opts);
}

/** listGuests for an event the viewer can see, already read (getEventForViewer): no second read of it. */
export async function listGuestsOf({ event, membership, isHost: host }: EventView, opts: PageOpts & { coming?: boolean } = {}): Promise<GuestPage> {
  if (host) return guestPage(event, opts.coming ? GUEST_LIST_STATUSES : HOST_LIST_STATUSES, true, opts);
  if (membership && GUEST_LIST_STATUSES.includes(membership.status)) return guestPage(event, GUEST_LIST_STATUSES, false, opts);
  throw new Forbidden("Only the host and confirmed guests can see the guest list.");
}

/** Pending requests to join (host only), a page at a time, oldest first. */
export async function listRequests(host: AuthUser, eventId: string, opts: PageOpts = {}): Promise<GuestPage> {
  const { event } = await getHostedEvent(eventId, host);
  return guestPage(event, ["pending"], true, opts);
}

/**
 * The host's whole list, guests and requests, oldest first, for the CSV export. Ownership is
 * checked before this returns (a refusal is still a 403/404, not a broken download); the pages are
 * read as the caller consumes them, so memory stays flat however many guests there are.
 */
export async function exportGuestList(host: AuthUser, eventId: string): Promise<{ event: EventDoc; pages: AsyncGenerator<Guest[]> }> {
  const { event } = await getHostedEvent(eventId, host);
  async function* pages(): AsyncGenerator<Guest[]> {
    let cursor: string | undefined;
    do {
      const page = await guestPage(event, EVERY_STATUS, true, { limit: GUESTS_LIMIT_MAX, cursor });
      if (page.guests.length > 0) yield page.guests;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }
  return { event, pages: pages() };
}

/** A request to join one of the host's events, as the inbox lists it. */
export type PendingRequest = Guest & { event_id: string; email?: string };
export const INBOX_PAGE_DEFAULT = 50;
export const INBOX_PAGE_MAX = 200;

/**
 * Requests waiting on these events, newest first, a page at a time: the host's inbox. The caller
 * has decided that the events are the viewer's to manage (lib/inbox/service.ts).
 */
export async function pendingRequestsOf(eventIds: ObjectId[], opts: PageOpts = {}): Promise<{ items: PendingRequest[]; next_cursor: string | null }> {
  if (eventIds.length === 0) return { items: [], next_cursor: null };
  const limit = pageSize(opts.limit, INBOX_PAGE_DEFAULT, INBOX_PAGE_MAX);
  const after = decodeCursor(opts.cursor, compositeKey);
  const filter: Filter<AttendanceDoc> = {
    event_id: eventIds.length === 1 ? eventIds[0]! : { $in: eventIds },
    status: "pending",
    ...(after ? afterKey<AttendanceDoc>("created_at", after, -1) : {}),
  };
  const rows = await (await collections.attendances()).find(filter).sort({ created_at: -1, _id: -1 }).limit(limit + 1).toArray();
  const { items, next_cursor } = pageOf(rows, limit, (r) => r.created_at);
  const users = await findByIds(await collections.users(), items.map((r) => r.user_id), { name: 1, username: 1, email: 1 });
  const byId = new Map(users.map((u) => [u._id.toHexString(), u]));
  return {
    items: items.map((r) => {
      const u = byId.get(r.user_id.toHexString());
      return { event_id: r.event_id.toHexString(), user_id: r.user_id.toHexString(), display_name: u?.name || null, username: u?.username ?? null, email: u?.email, status: r.status, joined_at: r.created_at };
    }),
    next_cursor,
  };
}

export type EventPage = { events: EventDoc[]; next_cursor: string | null };

/** The query twin of isOver(): the events over at `now`, or (over = false) those not over yet. */
function overFilter(over: boolean, now: Date): Filter<EventDoc> {
  const cutoff = new Date(now.getTime() - DEFAULT_LENGTH_MS);
  return over
    ? { $or: [{ ends_at: { $lt: now } }, { ends_at: null, starts_at: { $lt: cutoff } }] }
    : { $or: [{ ends_at: { $gte: now } }, { ends_at: null, starts_at: { $gte: cutoff } }] };
}

/**
 * The events a user hosts, a page at a time through the (owner_id, starts_at) index: those not
 * over yet soonest first, or with `past` those that are over, most recent first.
 */
export async function listHostedEvents(user: AuthUser, opts: PageOpts & { past?: boolean; now?: Date } = {}): Promise<EventPage> {
  const limit = pageSize(opts.limit, MY_EVENTS_PAGE, USER_EVENTS_LIMIT_MAX);
  const after = decodeCursor(opts.cursor, objectIdKey);
  const dir = opts.past ? -1 : 1;
  const filter: Filter<EventDoc> = {
    owner_id: userObjectId(user),
    $and: [overFilter(!!opts.past, opts.now ?? new Date()), ...(after ? [afterKey<EventDoc>("starts_at", after, dir)] : [])],
  };
  const rows = await (await collections.events()).find(filter).sort({ starts_at: dir, _id: dir }).limit(limit + 1).toArray();
  const { items, next_cursor } = pageOf(rows, limit, (e) => e.starts_at);
  return { events: items, next_cursor };
}

/** At most how many co-hosted events My events shows (soonest first). */
export const COHOSTED_SHOWN = 50;

/**
 * The events a user co-hosts that are not over yet, soonest first: from the hosted list on their
 * user document, by `_id`, and the co-host list in the filter (an event they stepped down from drops out).
 */
export async function listCohostedEvents(user: AuthUser, now = new Date()): Promise<EventDoc[]> {
  const userId = userObjectId(user);
  const me = await (await collections.users()).findOne({ _id: userId }, { projection: { hosted_events: 1 } });
  const ids = me?.hosted_events ?? [];
  if (ids.length === 0) return [];
  return (await collections.events())
    .find({ _id: { $in: ids }, cohost_ids: userId, $and: [overFilter(false, now)] })
    .sort({ starts_at: 1, _id: 1 })
    .limit(COHOSTED_SHOWN)
    .toArray();
}

export type MyEvent = { event: EventDoc; status: AttendanceStatus };
export type MyEventPage = { events: MyEvent[]; next_cursor: string | null };

/**
 * The events a user has joined, whatever their answer, a page at a time: memberships most recently
 * joined first (there is no event date on a membership to page by), each page soonest first.
 */
export async function listJoinedEvents(user: AuthUser, opts: PageOpts = {}): Promise<MyEventPage> {
  const limit = pageSize(opts.limit, MY_EVENTS_PAGE, USER_EVENTS_LIMIT_MAX);
  const after = decodeCursor(opts.cursor, compositeKey);
  const filter: Filter<AttendanceDoc> = {
    user_id: userObjectId(user),
    status: { $in: EVERY_STATUS },
    ...(after ? afterKey<AttendanceDoc>("created_at", after, -1) : {}),
  };
  const rows = await (await collections.attendances()).find(filter).sort({ created_at: -1, _id: -1 }).limit(limit + 1).toArray();
  const { items: memberships, next_cursor } = pageOf(rows, limit, (m) => m.created_at);
  const events = await findByIds(await collections.events(), memberships.map((m) => m.event_id));
  const byId = new Map(events.map((e) => [e._id.toHexString(), e]));
  const page = memberships
    .map((m) => ({ event: byId.get(m.event_id.toHexString()), status: m.status }))
    .filter((x): x is MyEvent => x.event !== undefined)
    .sort((a, b) => a.event.starts_at.getTime() - b.event.starts_at.getTime());
  return { events: page, next_cursor };
}

export type UserEventsPage = { events: EventDoc[]; next_cursor: string | null };

/**
 * A user's events as someone else sees them (public only, unless the viewer is that user), soonest
 * first with _id breaking ties, a page at a time; read through the (owner_id, starts_at) index.
 */
export async function listUserEvents(viewer: Viewer, userId: string, opts: PageOpts = {}): Promise<UserEventsPage> {
  const _id = objectIdOrNull(userId);
  if (!_id) throw new NotFound("No such user.");
  const limit = pageSize(opts.limit, USER_EVENTS_LIMIT_MAX, USER_EVENTS_LIMIT_MAX);
  const after = decodeCursor(opts.cursor, objectIdKey);
  const filter: Filter<EventDoc> = { owner_id: _id, ...(after ? afterKey<EventDoc>("starts_at", after, 1) : {}) };
  if (viewer?.id !== userId) filter.is_private = false;
  const rows = await (await collections.events()).find(filter).sort({ starts_at: 1, _id: 1 }).limit(limit + 1).toArray();
  const { items, next_cursor } = pageOf(rows, limit, (e) => e.starts_at);
  return { events: items, next_cursor };
}

