import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { ObjectId, type Filter } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import {
  collections,
  findByIds,
  isDuplicateKey,
  objectIdOrNull,
  withLock,
  type AttendanceDoc,
  type AttendanceStatus,
  type EventCounts,
  type EventDoc,
} from "@/lib/db";
import { env } from "@/lib/env";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import {
  GUESTS_LIMIT_DEFAULT,
  GUESTS_LIMIT_MAX,
  MY_EVENTS_PAGE,
  USER_EVENTS_LIMIT_MAX,
  type EventInput,
  type EventPatch,
  type RsvpStatus,
} from "./schema";
import { isFull } from "./capacity";
import { searchTerms } from "./text";

// Events and memberships. Authorization is decided here: ownership goes into the query filter,
// visibility through canSee(). Capacity is kept by conditional single-document updates on
// `seats_left` (no transactions on FerretDB), so attending never exceeds max_people.

const EMPTY_COUNTS: EventCounts = { pending: 0, waitlisted: 0, attending: 0, maybe: 0, not_attending: 0 };
export const GUEST_LIST_STATUSES: AttendanceStatus[] = ["attending", "maybe"];

export type Viewer = AuthUser | null;

function newInviteToken(): string {
  return randomBytes(24).toString("base64url");
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function inviteLink(event: Pick<EventDoc, "_id" | "invite_token">): string {
  const url = new URL("/events/join", env().APP_URL);
  url.searchParams.set("event_id", event._id.toHexString());
  url.searchParams.set("token", event.invite_token);
  return url.toString();
}

function termsOf(e: Pick<EventInput, "title" | "description" | "location" | "tags">): string[] {
  return searchTerms(e.title, e.description, e.location, e.tags.join(" "));
}

function mustBeFuture(startsAt: Date) {
  if (startsAt.getTime() < Date.now() - 60_000) {
    throw new Invalid("The event cannot start in the past.", { starts_at: ["The event cannot start in the past."] });
  }
}

export async function createEvent(owner: AuthUser, input: EventInput): Promise<EventDoc> {
  mustBeFuture(input.starts_at);
  const now = new Date();
  const doc: EventDoc = {
    _id: new ObjectId(),
    owner_id: new ObjectId(owner.id),
    title: input.title,
    description: input.description,
    starts_at: input.starts_at,
    ends_at: input.ends_at,
    timezone: input.timezone,
    location: input.location,
    max_people: input.max_people,
    seats_left: input.max_people,
    is_private: input.is_private,
    tags: input.tags,
    search_terms: termsOf(input),
    invite_token: newInviteToken(),
    invite_expires_at: null,
    invite_max_uses: null,
    invite_uses_left: null,
    invite_uses: 0,
    counts: { ...EMPTY_COUNTS },
    created_at: now,
    updated_at: now,
  };
  await (await collections.events()).insertOne(doc);
  return doc;
}

async function findEvent(eventId: string): Promise<EventDoc | null> {
  const _id = objectIdOrNull(eventId);
  return _id ? (await collections.events()).findOne({ _id }) : null;
}

export async function membershipOf(event: Pick<EventDoc, "_id">, user: Viewer): Promise<AttendanceDoc | null> {
  if (!user) return null;
  return (await collections.attendances()).findOne({ event_id: event._id, user_id: new ObjectId(user.id) });
}

export function isOwner(event: Pick<EventDoc, "owner_id">, user: Viewer): boolean {
  return !!user && event.owner_id.toHexString() === user.id;
}

/** A token that opens this event's join page right now (not rotated, expired or used up). */
export function tokenIsValid(event: EventDoc, token: string | null | undefined, now = new Date()): boolean {
  if (!token || !sameToken(token, event.invite_token)) return false;
  if (event.invite_expires_at && event.invite_expires_at.getTime() <= now.getTime()) return false;
  if (event.invite_uses_left !== null && event.invite_uses_left !== undefined && event.invite_uses_left <= 0) return false;
  return true;
}

export type EventView = { event: EventDoc; membership: AttendanceDoc | null; isOwner: boolean };

/**
 * The event as `viewer` may see it. A private event exists only for its owner, its guests, and a
 * holder of a valid invite token; for everyone else it is a 404, exactly like a missing id.
 */
export async function getEventForViewer(eventId: string, viewer: Viewer, token?: string | null): Promise<EventView> {
  const event = await findEvent(eventId);
  if (!event) throw new NotFound("No such event.");
  const owner = isOwner(event, viewer);
  const membership = owner ? null : await membershipOf(event, viewer);
  if (event.is_private && !owner && !membership && !tokenIsValid(event, token)) throw new NotFound("No such event.");
  return { event, membership, isOwner: owner };
}

/**
 * The join page: the event behind an invite link, for anyone holding a valid token (signed in or
 * not). An invalid, rotated, expired or used-up token is a 404 that says nothing about the event.
 */
export async function previewInvite(eventId: string, token: string, viewer: Viewer): Promise<EventView> {
  const event = await findEvent(eventId);
  if (!event || !tokenIsValid(event, token)) throw new NotFound("This invite link is not valid. Ask the host for a new one.");
  const owner = isOwner(event, viewer);
  return { event, membership: owner ? null : await membershipOf(event, viewer), isOwner: owner };
}

/** The owner's own event, or 404 (a stranger learns nothing) / 403 (a guest is told it is not theirs). */
export async function getOwnedEvent(eventId: string, user: AuthUser): Promise<EventDoc> {
  const _id = objectIdOrNull(eventId);
  const event = _id ? await (await collections.events()).findOne({ _id, owner_id: new ObjectId(user.id) }) : null;
  if (event) return event;
  await getEventForViewer(eventId, user); // 404 unless the user may see it
  throw new Forbidden("Only the host can do that.");
}

/**
 * Every write to an event document or its memberships runs under the event's lock: FerretDB v1
 * rewrites whole documents without isolation, so even a plain `$inc` can be lost to a concurrent
 * write there. Inside the lock, the read-check-write sequences below are exact on any backend.
 * Guests promoted from the waitlist are emailed after the lock is released.
 */
async function mutateEvent<T>(eventId: ObjectId, run: (ctx: { promoted: ObjectId[] }) => Promise<T>): Promise<T> {
  const ctx = { promoted: [] as ObjectId[] };
  const result = await withLock(`event:${eventId.toHexString()}`, () => run(ctx));
  if (ctx.promoted.length) {
    const event = await (await collections.events()).findOne({ _id: eventId });
    for (const userId of event ? ctx.promoted : []) {
      await notifyPromoted(event!, userId).catch((err) => console.error("[invyta] waitlist email failed:", err));
    }
  }
  return result;
}

/** Re-reads the owner's event inside the lock (it may have changed or gone while waiting). */
async function lockedOwnedEvent(event: EventDoc): Promise<EventDoc> {
  const fresh = await (await collections.events()).findOne({ _id: event._id, owner_id: event.owner_id });
  if (!fresh) throw new NotFound("No such event.");
  return fresh;
}

export async function updateEvent(user: AuthUser, eventId: string, patch: EventPatch): Promise<EventDoc> {
  const owned = await getOwnedEvent(eventId, user);
  return mutateEvent(owned._id, async (ctx) => {
    const event = await lockedOwnedEvent(owned);
    if (patch.starts_at && patch.starts_at.getTime() !== event.starts_at.getTime()) mustBeFuture(patch.starts_at);
    const starts = patch.starts_at ?? event.starts_at;
    const ends = patch.ends_at === undefined ? event.ends_at : patch.ends_at;
    if (ends && ends.getTime() <= starts.getTime()) {
      throw new Invalid("The event must end after it starts.", { ends_at: ["The event must end after it starts."] });
    }
    const set: Partial<EventDoc> = { ...patch, updated_at: new Date() };
    if (patch.max_people !== undefined) {
      const attending = event.counts.attending;
      if (patch.max_people !== null && patch.max_people < attending) {
        throw new Conflict(`${attending} guests are attending: capacity cannot go below that.`);
      }
      set.seats_left = patch.max_people === null ? null : patch.max_people - attending;
    }
    set.search_terms = termsOf({ ...event, ...set } as EventDoc);
    const updated = await (await collections.events()).findOneAndUpdate({ _id: event._id, owner_id: event.owner_id }, { $set: set }, { returnDocument: "after" });
    if (!updated) throw new NotFound("No such event.");
    if (patch.max_people !== undefined) await fillFromWaitlist(event._id, ctx);
    return (await (await collections.events()).findOne({ _id: event._id })) ?? updated;
  });
}

export async function deleteEvent(user: AuthUser, eventId: string): Promise<void> {
  const owned = await getOwnedEvent(eventId, user);
  await mutateEvent(owned._id, async () => {
    const event = await lockedOwnedEvent(owned);
    await (await collections.events()).deleteOne({ _id: event._id, owner_id: event.owner_id });
    await (await collections.attendances()).deleteMany({ event_id: event._id });
  });
  await deleteEventMedia(owned._id);
}

/** Media (files and previews, in GridFS layout) is removed with its event. */
async function deleteEventMedia(eventId: ObjectId): Promise<void> {
  const { deleteFile, filesCollection } = await import("@/lib/media/gridfs");
  const files = await (await filesCollection()).find({ "metadata.event_id": eventId }, { projection: { _id: 1 } }).toArray();
  for (const file of files) await deleteFile(file._id).catch(() => {});
}

// ---- invite link ---------------------------------------------------------------------------

export async function rotateInvite(user: AuthUser, eventId: string): Promise<EventDoc> {
  const owned = await getOwnedEvent(eventId, user);
  return mutateEvent(owned._id, async () => {
    const event = await lockedOwnedEvent(owned);
    const updated = await (await collections.events()).findOneAndUpdate(
      { _id: event._id, owner_id: event.owner_id },
      { $set: { invite_token: newInviteToken(), invite_uses: 0, invite_uses_left: event.invite_max_uses ?? null, updated_at: new Date() } },
      { returnDocument: "after" },
    );
    if (!updated) throw new NotFound("No such event.");
    return updated;
  });
}

export async function setInviteSettings(
  user: AuthUser,
  eventId: string,
  settings: { expires_at?: string | null; max_uses?: number | null },
): Promise<EventDoc> {
  const owned = await getOwnedEvent(eventId, user);
  return mutateEvent(owned._id, async () => {
    const event = await lockedOwnedEvent(owned);
    const set: Partial<EventDoc> = { updated_at: new Date() };
    if (settings.expires_at !== undefined) {
      const at = settings.expires_at === null ? null : new Date(settings.expires_at);
      if (at && at.getTime() <= Date.now()) {
        throw new Invalid("The link expiry must be in the future.", { expires_at: ["The link expiry must be in the future."] });
      }
      set.invite_expires_at = at;
    }
    if (settings.max_uses !== undefined) {
      set.invite_max_uses = settings.max_uses;
      set.invite_uses_left = settings.max_uses === null ? null : Math.max(0, settings.max_uses - event.invite_uses);
    }
    const updated = await (await collections.events()).findOneAndUpdate(
      { _id: event._id, owner_id: event.owner_id },
      { $set: set },
      { returnDocument: "after" },
    );
    if (!updated) throw new NotFound("No such event.");
    return updated;
  });
}

/** The invite link as a PNG QR code (owner only, like the link itself). */
export async function inviteQrPng(user: AuthUser, eventId: string): Promise<Buffer> {
  const event = await getOwnedEvent(eventId, user);
  const QRCode = (await import("qrcode")).default;
  return QRCode.toBuffer(inviteLink(event), { type: "png", width: 512, margin: 2, errorCorrectionLevel: "M" });
}

/** Emails the invite link and its QR code to each address. */
export async function inviteByEmail(user: AuthUser, eventId: string, emails: string[]): Promise<{ sent: number; failed: string[] }> {
  const event = await getOwnedEvent(eventId, user);
  const [{ sendMail }, { eventInvite }, QRCode, host] = await Promise.all([
    import("@/lib/mail/service"),
    import("@/lib/mail/templates"),
    import("qrcode").then((m) => m.default),
    collections.users().then((users) => users.findOne({ _id: event.owner_id }, { projection: { username: 1 } })),
  ]);
  const link = inviteLink(event);
  const qrPngDataUrl = await QRCode.toDataURL(link, { width: 300, margin: 2 });
  const { formatEventTime } = await import("./time");
  const message = eventInvite({
    eventTitle: event.title,
    startsAtText: formatEventTime(event.starts_at, event.ends_at, event.timezone),
    location: event.location,
    inviteLink: link,
    qrPngDataUrl,
    inviterName: host?.username ?? undefined,
  });
  const failed: string[] = [];
  let sent = 0;
  for (const to of emails) {
    await sendMail({ to, ...message }).then(
      () => sent++,
      () => failed.push(to),
    );
  }
  return { sent, failed };
}

// ---- membership transitions (callers hold the event's lock) --------------------------------

async function freshEvent(eventId: ObjectId): Promise<EventDoc> {
  const event = await (await collections.events()).findOne({ _id: eventId });
  if (!event) throw new NotFound("No such event.");
  return event;
}

async function takeSeat(event: EventDoc): Promise<boolean> {
  if (event.seats_left === null || event.seats_left === undefined) return true;
  if (event.seats_left <= 0) return false;
  await (await collections.events()).updateOne({ _id: event._id }, { $inc: { seats_left: -1 } });
  event.seats_left -= 1;
  return true;
}

async function releaseSeat(event: EventDoc): Promise<void> {
  if (event.seats_left === null || event.seats_left === undefined) return;
  await (await collections.events()).updateOne({ _id: event._id }, { $inc: { seats_left: 1 } });
  event.seats_left += 1;
}

async function bumpCounts(event: EventDoc, from: AttendanceStatus | null, to: AttendanceStatus | null): Promise<void> {
  const inc: Record<string, number> = {};
  if (from) inc[`counts.${from}`] = -1;
  if (to) inc[`counts.${to}`] = (inc[`counts.${to}`] ?? 0) + 1;
  if (Object.keys(inc).length === 0) return;
  await (await collections.events()).updateOne({ _id: event._id }, { $inc: inc });
  if (from) event.counts[from] -= 1;
  if (to) event.counts[to] += 1;
}

/** Moves a membership to `wanted`; "attending" needs a seat, and without one the guest waits. */
async function move(event: EventDoc, membership: AttendanceDoc, wanted: AttendanceStatus, ctx: { promoted: ObjectId[] }): Promise<AttendanceStatus> {
  const from = membership.status;
  if (from === wanted) return from;
  const to = wanted === "attending" && !(await takeSeat(event)) ? "waitlisted" : wanted;
  if (to === from) return from;
  const now = new Date();
  await (await collections.attendances()).updateOne(
    { _id: membership._id },
    { $set: { status: to, updated_at: now, waitlisted_at: to === "waitlisted" ? now : null } },
  );
  await bumpCounts(event, from, to);
  if (from === "attending") {
    await releaseSeat(event);
    await fillFromWaitlist(event._id, ctx);
  }
  return to;
}

/** Creates a membership; a second join by the same user changes nothing (unique index). */
async function addMember(event: EventDoc, userId: ObjectId, wanted: AttendanceStatus): Promise<{ status: AttendanceStatus; created: boolean }> {
  const attendances = await collections.attendances();
  const existing = await attendances.findOne({ event_id: event._id, user_id: userId });
  if (existing) return { status: existing.status, created: false };
  const status = wanted === "attending" && !(await takeSeat(event)) ? "waitlisted" : wanted;
  const now = new Date();
  try {
    await attendances.insertOne({
      _id: new ObjectId(),
      event_id: event._id,
      user_id: userId,
      status,
      waitlisted_at: status === "waitlisted" ? now : null,
      created_at: now,
      updated_at: now,
    });
  } catch (err) {
    if (status === "attending") await releaseSeat(event);
    if (!isDuplicateKey(err)) throw err;
    const again = await attendances.findOne({ event_id: event._id, user_id: userId });
    return { status: again?.status ?? wanted, created: false };
  }
  await bumpCounts(event, null, status);
  return { status, created: true };
}

/** Fills free seats from the waitlist, oldest first. */
async function fillFromWaitlist(eventId: ObjectId, ctx: { promoted: ObjectId[] }): Promise<void> {
  const attendances = await collections.attendances();
  const event = await freshEvent(eventId);
  // Unlimited (seats_left null): everyone waiting gets in.
  while (event.seats_left === null || event.seats_left > 0) {
    const next = await attendances.find({ event_id: event._id, status: "waitlisted" }).sort({ waitlisted_at: 1, _id: 1 }).limit(1).next();
    if (!next) break;
    if ((await move(event, next, "attending", ctx)) !== "attending") break;
    ctx.promoted.push(next.user_id);
  }
}

/** Fills free seats from the waitlist and emails each promoted guest. */
export async function promoteWaitlist(eventRef: Pick<EventDoc, "_id">): Promise<number> {
  return mutateEvent(eventRef._id, async (ctx) => {
    await fillFromWaitlist(eventRef._id, ctx);
    return ctx.promoted.length;
  });
}

async function notifyPromoted(event: EventDoc, userId: ObjectId): Promise<void> {
  const user = await (await collections.users()).findOne({ _id: userId }, { projection: { email: 1 } });
  if (!user) return;
  const [{ sendMail }, { waitlistPromoted }] = await Promise.all([import("@/lib/mail/service"), import("@/lib/mail/templates")]);
  const eventUrl = new URL(`/events/${event._id.toHexString()}`, env().APP_URL).toString();
  await sendMail({ to: user.email, ...waitlistPromoted({ eventTitle: event.title, eventUrl }) });
}

/** An event without an end time counts as lasting this long. */
const DEFAULT_LENGTH_MS = 12 * 3600_000;

/** Over once it has ended (see overFilter() for the same rule as a query). */
export function isOver(event: Pick<EventDoc, "starts_at" | "ends_at">, now = new Date()): boolean {
  const end = event.ends_at ?? new Date(event.starts_at.getTime() + DEFAULT_LENGTH_MS);
  return end.getTime() < now.getTime();
}

export type JoinResult = { status: AttendanceStatus; message: string };

const JOIN_MESSAGES: Record<AttendanceStatus, string> = {
  attending: "Successfully joined the event",
  pending: "Your request to join the event is pending approval",
  waitlisted: "The event is full: you are on the waitlist and will be emailed if a seat frees up",
  maybe: "You are on the guest list as maybe",
  not_attending: "You are on the guest list as not attending",
};

const INVALID_LINK = "This invite link is not valid. Ask the host for a new one.";

/** Joining with an invite link: public → attending (or waitlisted when full), private → pending. */
export async function joinEvent(user: AuthUser, eventId: string, token: string): Promise<JoinResult> {
  const found = await findEvent(eventId);
  if (!found) throw new NotFound(INVALID_LINK);
  // The host and existing guests may see the event anyway: they get their status back even from a
  // link that has since been rotated or used up.
  if (isOwner(found, user)) return { status: "attending", message: "You are the host of this event" };
  const userId = new ObjectId(user.id);
  const existing = await (await collections.attendances()).findOne({ event_id: found._id, user_id: userId });
  if (existing) return { status: existing.status, message: JOIN_MESSAGES[existing.status] };
  // For everyone else, invalid, rotated, expired or used-up tokens look exactly like a missing event.
  if (!tokenIsValid(found, token)) throw new NotFound(INVALID_LINK);

  return mutateEvent(found._id, async () => {
    const event = await freshEvent(found._id);
    if (!tokenIsValid(event, token)) throw new NotFound(INVALID_LINK);
    const { status, created } = await addMember(event, userId, event.is_private ? "pending" : "attending");
    if (created) {
      const inc: Record<string, number> = { invite_uses: 1 };
      if (event.invite_uses_left !== null) inc.invite_uses_left = -1;
      await (await collections.events()).updateOne({ _id: event._id }, { $inc: inc });
    }
    return { status, message: JOIN_MESSAGES[status] };
  });
}

/** RSVP. A public event needs no invite; a private one needs an approved membership. */
export async function rsvp(user: AuthUser, eventId: string, wanted: RsvpStatus): Promise<JoinResult> {
  const { event: seen, isOwner: owner } = await getEventForViewer(eventId, user);
  if (owner) throw new Conflict("You are the host: hosts do not RSVP to their own event.");
  if (isOver(seen)) throw new Conflict("This event is over.");
  const userId = new ObjectId(user.id);
  return mutateEvent(seen._id, async (ctx) => {
    const event = await freshEvent(seen._id);
    const membership = await (await collections.attendances()).findOne({ event_id: event._id, user_id: userId });
    if (!membership) {
      if (event.is_private) throw new Forbidden("Join with the invite link first.");
      const { status } = await addMember(event, userId, wanted);
      return { status, message: JOIN_MESSAGES[status] };
    }
    if (membership.status === "pending") throw new Forbidden("Your request is waiting for the host's approval.");
    // Asking for a seat again while waitlisted keeps the place in line.
    if (wanted === "attending" && membership.status === "waitlisted") return { status: "waitlisted", message: JOIN_MESSAGES.waitlisted };
    const status = await move(event, membership, wanted, ctx);
    return { status, message: status === "attending" ? "RSVP status updated successfully" : JOIN_MESSAGES[status] };
  });
}

// ---- requests (private events) ----------------------------------------------------------------

export async function decideRequest(owner: AuthUser, eventId: string, guestId: string, action: "approve" | "deny"): Promise<JoinResult> {
  const owned = await getOwnedEvent(eventId, owner);
  const userId = objectIdOrNull(guestId);
  if (!userId) throw new NotFound("No pending request from that user.");
  return mutateEvent(owned._id, async (ctx) => {
    const event = await lockedOwnedEvent(owned);
    const attendances = await collections.attendances();
    const request = await attendances.findOne({ event_id: event._id, user_id: userId });
    if (!request || request.status !== "pending") throw new NotFound("No pending request from that user.");
    if (action === "deny") {
      await attendances.deleteOne({ _id: request._id });
      await bumpCounts(event, "pending", null);
      return { status: "not_attending" as AttendanceStatus, message: "Request denied" };
    }
    const status = await move(event, request, "attending", ctx);
    return { status, message: status === "attending" ? "Request approved" : "Approved: the event is full, so the guest is on the waitlist" };
  });
}

/**
 * Requests decided per hold of the event's lock. A batch must end well inside the lock's 15 s lease
 * even on a slow, loaded database (an approval is several writes: ~60 ms each on FerretDB when
 * idle, in bench/events-load.mjs), and joins to the event wait at most one batch.
 */
const DECIDE_BATCH = 25;

/**
 * Every request waiting when the host asked, a batch at a time, oldest first. Requests that arrive
 * meanwhile are left for the host to see (and so the loop ends however fast people keep joining).
 */
export async function decideAllRequests(owner: AuthUser, eventId: string, action: "approve" | "deny"): Promise<{ decided: number }> {
  const owned = await getOwnedEvent(eventId, owner);
  const askedBy = new Date();
  let decided = 0;
  for (;;) {
    const n = await mutateEvent(owned._id, async (ctx) => {
      const event = await lockedOwnedEvent(owned);
      const attendances = await collections.attendances();
      // Inside the lock nothing else changes memberships: each request read here is still pending.
      const batch = await attendances
        .find({ event_id: event._id, status: "pending", created_at: { $lte: askedBy } })
        .sort({ created_at: 1, _id: 1 })
        .limit(DECIDE_BATCH)
        .toArray();
      if (batch.length === 0) return 0;
      if (action === "deny") {
        const { deletedCount } = await attendances.deleteMany({ _id: { $in: batch.map((r) => r._id) }, status: "pending" });
        await (await collections.events()).updateOne({ _id: event._id }, { $inc: { "counts.pending": -deletedCount } });
        return deletedCount;
      }
      for (const request of batch) await move(event, request, "attending", ctx);
      return batch.length;
    });
    decided += n;
    if (n < DECIDE_BATCH) return { decided };
  }
}

/** 1 for the first in line; null when the membership is not waitlisted. */
export async function waitlistPosition(membership: AttendanceDoc | null): Promise<number | null> {
  if (!membership || membership.status !== "waitlisted" || !membership.waitlisted_at) return null;
  const ahead = await (await collections.attendances()).countDocuments({
    event_id: membership.event_id,
    status: "waitlisted",
    $or: [{ waitlisted_at: { $lt: membership.waitlisted_at } }, { waitlisted_at: membership.waitlisted_at, _id: { $lt: membership._id } }],
  });
  return ahead + 1;
}

// ---- lists --------------------------------------------------------------------------------------

// Every list is read a page at a time by keyset: sorted by (a date, _id), a page is the rows after
// the previous page's last one, so pages stay stable under inserts, with no skip and no row twice.
// Cursor: base64url of "<ms>.<24-hex id>", the sort key of that last row.

type PageKey = { at: Date; id: ObjectId };
export type PageOpts = { limit?: number; cursor?: string };

function encodeCursor(at: Date, id: ObjectId): string {
  return Buffer.from(`${at.getTime()}.${id.toHexString()}`).toString("base64url");
}

function decodeCursor(cursor: string | undefined): PageKey | null {
  if (!cursor) return null;
  const m = /^(\d{1,15})\.([0-9a-f]{24})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw new Invalid("That page cursor is not valid.", { cursor: ["That page cursor is not valid."] });
  return { at: new Date(Number(m[1])), id: new ObjectId(m[2]) };
}

function pageSize(limit: number | undefined, fallback: number, max: number): number {
  return Math.min(Math.max(1, Math.trunc(limit ?? fallback) || 1), max);
}

/**
 * Rows after `key` in (`field`, _id) order, ascending (1) or descending (-1). The plain range on
 * `field` bounds the index scan; the $or only settles ties within one millisecond.
 */
function afterKey<T>(field: keyof T & string, key: PageKey, dir: 1 | -1): Filter<T> {
  const [from, beyond] = dir === 1 ? ["$gte", "$gt"] : ["$lte", "$lt"];
  return { [field]: { [from]: key.at }, $or: [{ [field]: { [beyond]: key.at } }, { _id: { [beyond]: key.id } }] } as Filter<T>;
}

/** Of the `limit + 1` rows read: the page, and the cursor to the next one when there is one. */
function pageOf<T extends { _id: ObjectId }>(rows: T[], limit: number, keyOf: (row: T) => Date): { items: T[]; next_cursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > limit && last ? encodeCursor(keyOf(last), last._id) : null };
}

export type Guest = { user_id: string; username: string | null; status: AttendanceStatus; joined_at: Date; email?: string };
export type GuestPage = { guests: Guest[]; next_cursor: string | null };

const HOST_LIST_STATUSES: AttendanceStatus[] = ["attending", "maybe", "waitlisted", "not_attending"];
const EVERY_STATUS: AttendanceStatus[] = [...HOST_LIST_STATUSES, "pending"];

/** A page of the event's memberships with these statuses, oldest first (_id breaking ties). */
async function guestPage(event: EventDoc, statuses: AttendanceStatus[], withEmail: boolean, opts: PageOpts): Promise<GuestPage> {
  const limit = pageSize(opts.limit, GUESTS_LIMIT_DEFAULT, GUESTS_LIMIT_MAX);
  const after = decodeCursor(opts.cursor);
  const filter: Filter<AttendanceDoc> = { event_id: event._id, status: { $in: statuses }, ...(after ? afterKey<AttendanceDoc>("created_at", after, 1) : {}) };
  const rows = await (await collections.attendances()).find(filter).sort({ created_at: 1, _id: 1 }).limit(limit + 1).toArray();
  const { items, next_cursor } = pageOf(rows, limit, (r) => r.created_at);
  const users = await findByIds(await collections.users(), items.map((r) => r.user_id), { username: 1, email: 1 });
  const byId = new Map(users.map((u) => [u._id.toHexString(), u]));
  const guests = items.map((r) => {
    const u = byId.get(r.user_id.toHexString());
    const guest: Guest = { user_id: r.user_id.toHexString(), username: u?.username ?? null, status: r.status, joined_at: r.created_at };
    if (withEmail && u) guest.email = u.email;
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
export async function listGuestsOf({ event, membership, isOwner: owner }: EventView, opts: PageOpts & { coming?: boolean } = {}): Promise<GuestPage> {
  if (owner) return guestPage(event, opts.coming ? GUEST_LIST_STATUSES : HOST_LIST_STATUSES, true, opts);
  if (membership && GUEST_LIST_STATUSES.includes(membership.status)) return guestPage(event, GUEST_LIST_STATUSES, false, opts);
  throw new Forbidden("Only the host and confirmed guests can see the guest list.");
}

/** Pending requests to join (host only), a page at a time, oldest first. */
export async function listRequests(owner: AuthUser, eventId: string, opts: PageOpts = {}): Promise<GuestPage> {
  const event = await getOwnedEvent(eventId, owner);
  return guestPage(event, ["pending"], true, opts);
}

/**
 * The host's whole list, guests and requests, oldest first, for the CSV export. Ownership is
 * checked before this returns (a refusal is still a 403/404, not a broken download); the pages are
 * read as the caller consumes them, so memory stays flat however many guests there are.
 */
export async function exportGuestList(owner: AuthUser, eventId: string): Promise<{ event: EventDoc; pages: AsyncGenerator<Guest[]> }> {
  const event = await getOwnedEvent(eventId, owner);
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
  const after = decodeCursor(opts.cursor);
  const dir = opts.past ? -1 : 1;
  const filter: Filter<EventDoc> = {
    owner_id: new ObjectId(user.id),
    $and: [overFilter(!!opts.past, opts.now ?? new Date()), ...(after ? [afterKey<EventDoc>("starts_at", after, dir)] : [])],
  };
  const rows = await (await collections.events()).find(filter).sort({ starts_at: dir, _id: dir }).limit(limit + 1).toArray();
  const { items, next_cursor } = pageOf(rows, limit, (e) => e.starts_at);
  return { events: items, next_cursor };
}

export type MyEvent = { event: EventDoc; status: AttendanceStatus };
export type MyEventPage = { events: MyEvent[]; next_cursor: string | null };

/**
 * The events a user has joined, whatever their answer, a page at a time: memberships most recently
 * joined first (there is no event date on a membership to page by), each page soonest first.
 */
export async function listJoinedEvents(user: AuthUser, opts: PageOpts = {}): Promise<MyEventPage> {
  const limit = pageSize(opts.limit, MY_EVENTS_PAGE, USER_EVENTS_LIMIT_MAX);
  const after = decodeCursor(opts.cursor);
  const filter: Filter<AttendanceDoc> = {
    user_id: new ObjectId(user.id),
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
  const after = decodeCursor(opts.cursor);
  const filter: Filter<EventDoc> = { owner_id: _id, ...(after ? afterKey<EventDoc>("starts_at", after, 1) : {}) };
  if (viewer?.id !== userId) filter.is_private = false;
  const rows = await (await collections.events()).find(filter).sort({ starts_at: 1, _id: 1 }).limit(limit + 1).toArray();
  const { items, next_cursor } = pageOf(rows, limit, (e) => e.starts_at);
  return { events: items, next_cursor };
}

/** Recomputes an event's counters from its memberships (repair, and the check in tests). */
export async function recountEvent(eventId: string): Promise<EventCounts> {
  const _id = objectIdOrNull(eventId);
  if (!_id) throw new NotFound("No such event.");
  const groups = await (await collections.attendances())
    .aggregate<{ _id: AttendanceStatus; n: number }>([{ $match: { event_id: _id } }, { $group: { _id: "$status", n: { $sum: 1 } } }])
    .toArray();
  const counts = { ...EMPTY_COUNTS };
  for (const g of groups) counts[g._id] = g.n;
  return counts;
}

// ---- JSON shape ------------------------------------------------------------------------------------

export function eventJson(event: EventDoc, opts: { viewerIsOwner?: boolean; viewerStatus?: AttendanceStatus | null } = {}) {
  const json: Record<string, unknown> = {
    _id: event._id.toHexString(),
    event_id: event._id.toHexString(),
    title: event.title,
    description: event.description,
    date: event.starts_at.toISOString(),
    starts_at: event.starts_at.toISOString(),
    ends_at: event.ends_at ? event.ends_at.toISOString() : null,
    timezone: event.timezone,
    location: event.location,
    max_people: event.max_people ?? null,
    seats_left: event.seats_left,
    is_full: isFull(event),
    is_private: event.is_private,
    tags: event.tags,
    owner_id: event.owner_id.toHexString(),
    counts: { attending: event.counts.attending, maybe: event.counts.maybe },
    created_at: event.created_at.toISOString(),
    updated_at: event.updated_at.toISOString(),
  };
  if (opts.viewerStatus !== undefined) json.rsvp_status = opts.viewerStatus;
  if (opts.viewerIsOwner) {
    json.counts = event.counts;
    json.invite_link = inviteLink(event);
    json.invite_expires_at = event.invite_expires_at?.toISOString() ?? null;
    json.invite_max_uses = event.invite_max_uses ?? null;
    json.invite_uses = event.invite_uses;
  }
  return json;
}
