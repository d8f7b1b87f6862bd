import "server-only";
import type { ObjectId } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections } from "@/lib/db/collections";
import type { EventDoc } from "@/lib/db/types";
import { AppError, NotFound } from "@/lib/errors";
import { userObjectId } from "@/lib/events/access";
import { pendingRequestsOf, type PendingRequest } from "@/lib/events/lists";
import { decideRequest } from "@/lib/events/requests";
import { moderateMedia, pendingMediaOf, type MediaItem } from "@/lib/media/service";
import type { InboxDecision, InboxQuery } from "./schema";

// The host's inbox: what waits on them across every event they manage — join requests and media
// to review — in one place. It reads the events' own counters (kept by single-document $inc) by
// `_id`, from the list of hosted events on the user document, and lists only events with something
// waiting. Decisions are the same service calls as the per-event queues make.

export type InboxCounts = { requests: number; media: number };

type ManagedEvent = Pick<EventDoc, "_id" | "title" | "counts" | "media_counts" | "starts_at" | "timezone">;

/** The events whose queues are this user's: the ones they own or co-host. */
async function managedEvents(user: AuthUser): Promise<ManagedEvent[]> {
  const userId = userObjectId(user);
  const me = await (await collections.users()).findOne({ _id: userId }, { projection: { hosted_events: 1 } });
  const ids = me?.hosted_events ?? [];
  if (ids.length === 0) return [];
  // The hosts in the filter too: the list can never show an event the user does not (or no longer) host.
  return (await collections.events())
    .find({ _id: { $in: ids }, $or: [{ owner_id: userId }, { cohost_ids: userId }] }, { projection: { title: 1, counts: 1, media_counts: 1, starts_at: 1, timezone: 1 } })
    .toArray();
}

function countsOf(events: ManagedEvent[]): InboxCounts {
  return {
    requests: events.reduce((n, e) => n + (e.counts?.pending ?? 0), 0),
    media: events.reduce((n, e) => n + (e.media_counts?.pending ?? 0), 0),
  };
}

/** What waits on the user as a host (the header's count): from the events' counters, no list read. */
export async function inboxCounts(user: AuthUser): Promise<InboxCounts> {
  return countsOf(await managedEvents(user));
}

export type InboxEvent = { id: string; title: string; starts_at: Date; timezone: string; requests: number; media: number };

export type Inbox = {
  /** Every event the user manages with something waiting, soonest first (the event filter's choices). */
  events: InboxEvent[];
  requests: (PendingRequest & { event_title: string })[];
  media: (MediaItem & { event_title: string })[];
  /** Within the event filter, whatever `kind` asks for. */
  counts: InboxCounts;
  /** Null when nothing more of either kind; LAST_PAGE for a kind that is done while the other is not. */
  next_cursors: { requests: string | null; media: string | null };
};

const ids = (events: ManagedEvent[]): ObjectId[] => events.map((e) => e._id);

/** A cursor that says "this kind is done": the next page of the other kind shows it no more. */
export const LAST_PAGE = "end";

/**
 * The inbox, newest first, a page of each kind. `event_id` narrows it to one event the user manages
 * (any other id is a 404, exactly like a missing one); `kind` to requests or media.
 */
export async function getInbox(user: AuthUser, query: InboxQuery = {}): Promise<Inbox> {
  const managed = await managedEvents(user);
  const scope = query.event_id ? managed.filter((e) => e._id.toHexString() === query.event_id) : managed;
  if (query.event_id && scope.length === 0) throw new NotFound("No such event.");
  // Only events whose counters say something waits are queried. An event whose media counter is
  // not kept yet (from before counters) is queried anyway.
  const withRequests = scope.filter((e) => (e.counts?.pending ?? 0) > 0);
  const withMedia = scope.filter((e) => (e.media_counts ? e.media_counts.pending > 0 : true));
  const none = { items: [], next_cursor: null };
  const [requests, media]: [{ items: PendingRequest[]; next_cursor: string | null }, { items: MediaItem[]; next_cursor: string | null }] = await Promise.all([
    query.kind === "media" || query.requests_cursor === LAST_PAGE ? none : pendingRequestsOf(ids(withRequests), { limit: query.limit, cursor: query.requests_cursor }),
    query.kind === "requests" || query.media_cursor === LAST_PAGE ? none : pendingMediaOf(ids(withMedia), { limit: query.limit, cursor: query.media_cursor }),
  ]);
  const waiting = managed
    .filter((e) => (e.counts?.pending ?? 0) + (e.media_counts?.pending ?? 0) > 0)
    .sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime())
    .map((e) => ({ id: e._id.toHexString(), title: e.title, starts_at: e.starts_at, timezone: e.timezone, requests: e.counts?.pending ?? 0, media: e.media_counts?.pending ?? 0 }));
  const titles = new Map(managed.map((e) => [e._id.toHexString(), e.title]));
  const titled = <T extends { event_id: string }>(item: T) => ({ ...item, event_title: titles.get(item.event_id) ?? "" });
  return {
    events: waiting,
    requests: requests.items.map(titled),
    media: media.items.map(titled),
    counts: countsOf(scope),
    next_cursors: {
      requests: requests.next_cursor ?? (media.next_cursor ? LAST_PAGE : null),
      media: media.next_cursor ?? (requests.next_cursor ? LAST_PAGE : null),
    },
  };
}

export type InboxOutcome = { decided: number; failed: { item: InboxDecision["items"][number]; message: string }[] };

/**
 * Decides the chosen items: each request approved or denied, each item of media approved or
 * rejected, by the same calls the event's own queues make (which check that the user hosts it).
 * An item someone else decided meanwhile, or that is not theirs, is reported, not fatal.
 */
export async function decideInbox(user: AuthUser, { items, decision }: InboxDecision): Promise<InboxOutcome> {
  const outcome: InboxOutcome = { decided: 0, failed: [] };
  const mediaByEvent = new Map<string, { file_ids: string[]; items: InboxDecision["items"] }>();
  for (const item of items) {
    if (item.kind === "request") {
      try {
        await decideRequest(user, item.event_id, item.user_id, decision === "approve" ? "approve" : "deny");
        outcome.decided++;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        outcome.failed.push({ item, message: err.message });
      }
    } else {
      const group = mediaByEvent.get(item.event_id) ?? { file_ids: [], items: [] };
      group.file_ids.push(item.file_id);
      group.items.push(item);
      mediaByEvent.set(item.event_id, group);
    }
  }
  for (const [eventId, group] of mediaByEvent) {
    try {
      const { updated } = await moderateMedia(user, eventId, group.file_ids, decision === "approve" ? "approved" : "rejected");
      outcome.decided += updated;
      if (updated < group.file_ids.length) {
        for (const item of group.items.slice(updated)) outcome.failed.push({ item, message: "Already decided or removed." });
      }
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      for (const item of group.items) outcome.failed.push({ item, message: err.message });
    }
  }
  return outcome;
}
