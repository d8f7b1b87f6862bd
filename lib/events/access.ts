import "server-only";
import { timingSafeEqual } from "node:crypto";
import { ObjectId } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, objectIdOrNull, onEventWrite } from "@/lib/db/collections";
import type { AttendanceDoc, AttendanceStatus, EventDoc } from "@/lib/db/types";
import { CATALOG_VERSION_ID, VersionFollower } from "@/lib/db/version-ring";
import { readVersion } from "@/lib/db/version-store";
import { Forbidden, NotFound } from "@/lib/errors";
import { EventDocCache } from "./doc-cache";

// Who may see and change an event. Every read here is by `_id` (the event, and the membership,
// whose _id is "<event>:<user>"), so an event page costs point reads however large the data.

export type Viewer = AuthUser | null;
/**
 * `isOwner`: the event's owner (edits its details, deletes it, names co-hosts). `isHost`: the owner
 * or a co-host (manages guests, media, announcements and check-ins).
 */
export type EventView = { event: EventDoc; membership: AttendanceDoc | null; isOwner: boolean; isHost: boolean };
export type HostRole = "owner" | "cohost";

/** Statuses that put a guest on the visible guest list (they may see it, and upload media). */
export const GUEST_LIST_STATUSES: AttendanceStatus[] = ["attending", "maybe"];

/** A membership's _id: one per (event, user), so "am I in this event" is a point read. */
export function membershipId(eventId: ObjectId, userId: ObjectId | string): string {
  return `${eventId.toHexString()}:${typeof userId === "string" ? userId : userId.toHexString()}`;
}

export async function findEvent(eventId: string): Promise<EventDoc | null> {
  const _id = objectIdOrNull(eventId);
  return _id ? (await collections.events()).findOne({ _id }) : null;
}

/**
 * What signed-out visitors see of an event (its page, its JSON, a join page) comes from a read cache
 * in this process: the many reads of a shared link cost a database read per event and process only
 * now and then. A write in this process drops the document at once (onEventWrite). Other processes'
 * changes to what a visitor sees (details, privacy, deletion, the invite link, the cover, the
 * media preview, a full event) are noted in the catalog's version document, which this cache
 * follows: it reads that document by `_id` at most once per ANONYMOUS_CHECK_MS per process, so
 * such a change shows within about a second; anything else (the attendance counts, a link's
 * remaining uses) within ANONYMOUS_TTL_MS, as on discover's cards. Signed-in viewers, and every
 * write, read the database.
 */
export const ANONYMOUS_TTL_MS = 10_000;
export const ANONYMOUS_CHECK_MS = 1_000;
const anonymousViews = new EventDocCache(Date.now, ANONYMOUS_TTL_MS, 5_000).followWrites(onEventWrite);
const droppedListeners = new Set<(ids: string[] | "all") => void>();
const noted = new VersionFollower(Date.now, ANONYMOUS_CHECK_MS, () => readVersion(CATALOG_VERSION_ID), (ids) => {
  anonymousViews.drop(ids);
  for (const listener of droppedListeners) listener(ids);
});

/** What is kept of the signed-out views, for pages kept with them (lib/http/shared-pages/): */
export const signedOutViews = {
  /** When the kept data of this event was read (null: none kept). */
  dataAt: (eventId: string): number | null => anonymousViews.keptAt(eventId),
  /** Catches up with the changes other processes noted (at most one point read a second). */
  fresh: (): Promise<void> => noted.fresh(),
  /** Hears the events dropped for other processes' noted changes (this process's writes: onEventWrite). */
  onDropped: (listener: (ids: string[] | "all") => void): void => void droppedListeners.add(listener),
};

async function findEventFor(eventId: string, viewer: Viewer): Promise<EventDoc | null> {
  if (viewer) return findEvent(eventId);
  await noted.fresh();
  return (await anonymousViews.read([eventId])).get(eventId) ?? null;
}

export async function membershipOf(event: Pick<EventDoc, "_id">, user: Viewer): Promise<AttendanceDoc | null> {
  if (!user) return null;
  return (await collections.attendances()).findOne({ _id: membershipId(event._id, user.id) });
}

export function isOwner(event: Pick<EventDoc, "owner_id">, user: Viewer): boolean {
  return !!user && event.owner_id.toHexString() === user.id;
}

export function isCohost(event: Pick<EventDoc, "cohost_ids">, user: Viewer): boolean {
  return !!user && !!event.cohost_ids?.some((id) => id.toHexString() === user.id);
}

export function hostRoleOf(event: Pick<EventDoc, "owner_id" | "cohost_ids">, user: Viewer): HostRole | null {
  return isOwner(event, user) ? "owner" : isCohost(event, user) ? "cohost" : null;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A token that opens this event's join page right now (not rotated, expired or used up). */
export function tokenIsValid(event: EventDoc, token: string | null | undefined, now = new Date()): boolean {
  if (!token || !sameToken(token, event.invite_token)) return false;
  if (event.invite_expires_at && event.invite_expires_at.getTime() <= now.getTime()) return false;
  if (event.invite_uses_left !== null && event.invite_uses_left !== undefined && event.invite_uses_left <= 0) return false;
  return true;
}

/**
 * The event as `viewer` may see it. A private event exists only for its owner, its guests, and a
 * holder of a valid invite token; for everyone else it is a 404, exactly like a missing id.
 */
export async function getEventForViewer(eventId: string, viewer: Viewer, token?: string | null): Promise<EventView> {
  const event = await findEventFor(eventId, viewer);
  if (!event) throw new NotFound("No such event.");
  const owner = isOwner(event, viewer);
  const host = owner || isCohost(event, viewer);
  const membership = owner ? null : await membershipOf(event, viewer);
  if (event.is_private && !host && !membership && !tokenIsValid(event, token)) throw new NotFound("No such event.");
  return { event, membership, isOwner: owner, isHost: host };
}

export const INVALID_LINK = "This invite link is not valid. Ask the host for a new one.";

/**
 * The join page: the event behind an invite link, for anyone holding a valid token (signed in or
 * not). An invalid, rotated, expired or used-up token is a 404 that says nothing about the event.
 */
export async function previewInvite(eventId: string, token: string, viewer: Viewer): Promise<EventView> {
  const event = await findEventFor(eventId, viewer);
  if (!event || !tokenIsValid(event, token)) throw new NotFound(INVALID_LINK);
  const owner = isOwner(event, viewer);
  return { event, membership: owner ? null : await membershipOf(event, viewer), isOwner: owner, isHost: owner || isCohost(event, viewer) };
}

/** The owner's own event, or 404 (a stranger learns nothing) / 403 (a guest is told it is not theirs). */
export async function getOwnedEvent(eventId: string, user: AuthUser): Promise<EventDoc> {
  const _id = objectIdOrNull(eventId);
  // Ownership in the filter; the `_id` part is still a point read (FerretDB patch 02 on the local server).
  const event = _id ? await (await collections.events()).findOne({ _id, owner_id: userObjectId(user) }) : null;
  if (event) return event;
  await getEventForViewer(eventId, user); // 404 unless the user may see it
  throw new Forbidden("Only the host can do that.");
}

/**
 * An event the user hosts, as owner or co-host, and their role; or 404 (a stranger learns nothing) /
 * 403 (a guest is told it is not theirs). For managing guests, media, announcements and check-ins.
 */
export async function getHostedEvent(eventId: string, user: AuthUser): Promise<{ event: EventDoc; role: HostRole }> {
  const _id = objectIdOrNull(eventId);
  const userId = userObjectId(user);
  // The hosts in the filter; the `_id` part is still a point read (FerretDB patch 02 on the local server).
  const event = _id ? await (await collections.events()).findOne({ _id, $or: [{ owner_id: userId }, { cohost_ids: userId }] }) : null;
  if (event) return { event, role: isOwner(event, user) ? "owner" : "cohost" };
  await getEventForViewer(eventId, user); // 404 unless the user may see it
  throw new Forbidden("Only the event's hosts can do that.");
}

/** An event without an end time counts as lasting this long. */
export const DEFAULT_LENGTH_MS = 12 * 3600_000;

/** Over once it has ended (see overFilter() in lists.ts for the same rule as a query). */
export function isOver(event: Pick<EventDoc, "starts_at" | "ends_at">, now = new Date()): boolean {
  const end = event.ends_at ?? new Date(event.starts_at.getTime() + DEFAULT_LENGTH_MS);
  return end.getTime() < now.getTime();
}

export function userObjectId(user: AuthUser): ObjectId {
  return new ObjectId(user.id);
}
