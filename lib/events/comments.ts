import "server-only";
import { ObjectId, type Filter } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, findByIds, objectIdOrNull } from "@/lib/db/collections";
import { afterKey, decodeCursor, objectIdKey, pageOf, pageSize, type PageOpts } from "@/lib/db/paging";
import type { CommentDoc } from "@/lib/db/types";
import { Forbidden, NotFound } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/queue";
import { GUEST_LIST_STATUSES, getEventForViewer, type EventView } from "./access";
import { COMMENTS_LIMIT_DEFAULT, COMMENTS_LIMIT_MAX } from "./comment-schema";

// Comments on an event's page. Whoever may see the guest list (the host, guests going or maybe) may
// read and write them; the host may delete any, an author their own. Everyone else who can see the
// event gets a 403; whoever cannot see it, a 404 (getEventForViewer).

/** A comment as the page and the API show it: ids as strings, the time as an ISO instant. */
export type CommentView = {
  comment_id: string;
  author_id: string;
  /** The author's display name, else their username. */
  author_name: string;
  body: string;
  created_at: string;
  /** The viewer is the host or the author. */
  can_delete: boolean;
};
export type CommentPage = { comments: CommentView[]; next_cursor: string | null };

export const ONLY_GUESTS_COMMENT = "Only the host and guests who are going (or maybe) can see and write comments.";
export const NAMELESS_AUTHOR = "A new member";

/** The rule of the guest list (lib/events/lists.ts listGuestsOf): the host, and guests going or maybe. */
export function mayComment({ membership, isHost }: EventView): boolean {
  return isHost || (!!membership && GUEST_LIST_STATUSES.includes(membership.status));
}

async function commentableEvent(viewer: AuthUser, eventId: string): Promise<EventView> {
  const view = await getEventForViewer(eventId, viewer);
  if (!mayComment(view)) throw new Forbidden(ONLY_GUESTS_COMMENT);
  return view;
}

/** Author names by user id: the display name, else the username. */
export async function authorNames(ids: ObjectId[]): Promise<Map<string, string>> {
  const unique = [...new Map(ids.map((id) => [id.toHexString(), id])).values()];
  const users = await findByIds(await collections.users(), unique, { name: 1, username: 1 });
  return new Map(users.map((u) => [u._id.toHexString(), u.name || u.username || NAMELESS_AUTHOR]));
}

function viewOf(doc: CommentDoc, names: Map<string, string>, viewer: AuthUser, isHost: boolean): CommentView {
  const author_id = doc.author_id.toHexString();
  return {
    comment_id: doc._id.toHexString(),
    author_id,
    author_name: names.get(author_id) ?? NAMELESS_AUTHOR,
    body: doc.body,
    created_at: doc.created_at.toISOString(),
    can_delete: isHost || author_id === viewer.id,
  };
}

// The host hears of guests' comments in a digest, at most one an hour per event: each comment asks
// for the digest of its hour, as one job per (event, hour), due when the hour is over (BullMQ keeps
// a jobId unique, so the hour's other comments add nothing). The job mails whatever is new since
// the last digest (./comment-digest.ts), so a job that was never enqueued is covered by the next.

export const COMMENT_DIGEST_JOB = "comments:digest";
export const DIGEST_WINDOW_MS = 3600_000;
/** A digest runs this long after its hour ends and takes comments up to this long before it runs, when every write of the hour has landed. */
export const DIGEST_SETTLE_MS = 10_000;

/** How long a comment waits for the queue: BullMQ waits out a Redis outage, a comment must not. */
const ENQUEUE_WAIT_MS = 3_000;

/**
 * Asks for the digest of the hour `now` is in. A failure is logged and is not the comment's: the
 * comment is stored, and the next digest of the event takes it.
 */
export async function scheduleCommentDigest(eventId: string, now: Date): Promise<void> {
  const hour = Math.floor(now.getTime() / DIGEST_WINDOW_MS);
  const delayMs = (hour + 1) * DIGEST_WINDOW_MS + DIGEST_SETTLE_MS - now.getTime();
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the job queue did not answer within ${ENQUEUE_WAIT_MS} ms`)), ENQUEUE_WAIT_MS);
  });
  try {
    await Promise.race([enqueue(COMMENT_DIGEST_JOB, { event_id: eventId }, { jobId: `comments-digest:${eventId}:${hour}`, delayMs }), gaveUp]);
  } catch (err) {
    console.error(`[invyta] comment digest for event ${eventId} not scheduled: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** A page of the event's comments, newest first (_id breaking ties within a millisecond). */
export async function listComments(viewer: AuthUser, eventId: string, opts: PageOpts = {}): Promise<CommentPage> {
  return listCommentsOf(await commentableEvent(viewer, eventId), viewer, opts);
}

/** listComments for an event the page has read already (getEventForViewer): no second read of it. */
export async function listCommentsOf(view: EventView, viewer: AuthUser, opts: PageOpts = {}): Promise<CommentPage> {
  if (!mayComment(view)) throw new Forbidden(ONLY_GUESTS_COMMENT);
  const { event, isHost } = view;
  const limit = pageSize(opts.limit, COMMENTS_LIMIT_DEFAULT, COMMENTS_LIMIT_MAX);
  const after = decodeCursor(opts.cursor, objectIdKey);
  const filter: Filter<CommentDoc> = { event_id: event._id, ...(after ? afterKey<CommentDoc>("created_at", after, -1) : {}) };
  const rows = await (await collections.comments()).find(filter).sort({ created_at: -1, _id: -1 }).limit(limit + 1).toArray();
  const { items, next_cursor } = pageOf(rows, limit, (c) => c.created_at);
  const names = await authorNames(items.map((c) => c.author_id));
  return { comments: items.map((c) => viewOf(c, names, viewer, isHost)), next_cursor };
}

/**
 * Adds the viewer's comment (`body` already validated by commentBodySchema). A guest's comment
 * also schedules the host's digest; the host is not mailed about their own.
 */
export async function postComment(author: AuthUser, eventId: string, body: string, now = new Date()): Promise<CommentView> {
  const { event, isHost } = await commentableEvent(author, eventId);
  const doc: CommentDoc = { _id: new ObjectId(), event_id: event._id, author_id: new ObjectId(author.id), body, created_at: now };
  await (await collections.comments()).insertOne(doc);
  if (!isHost) await scheduleCommentDigest(event._id.toHexString(), now);
  return viewOf(doc, await authorNames([doc.author_id]), author, isHost);
}

/** Deletes a comment: the host any of the event's, an author their own (the filter says which). Returns its id. */
export async function deleteComment(viewer: AuthUser, eventId: string, commentId: string): Promise<string> {
  const { event, isHost } = await commentableEvent(viewer, eventId);
  const _id = objectIdOrNull(commentId);
  if (!_id) throw new NotFound("No such comment.");
  const comments = await collections.comments();
  const filter: Filter<CommentDoc> = isHost ? { _id, event_id: event._id } : { _id, event_id: event._id, author_id: new ObjectId(viewer.id) };
  const { deletedCount } = await comments.deleteOne(filter);
  if (deletedCount === 1) return _id.toHexString();
  // Nothing deleted: someone else's comment (403), or none by that id here (404, also when deleted twice).
  if (await comments.findOne({ _id, event_id: event._id }, { projection: { _id: 1 } })) throw new Forbidden("Only the host and the author can delete a comment.");
  throw new NotFound("No such comment.");
}

/** An event's comments, when the event is deleted (lib/events/details.ts deleteEvent). */
export async function deleteCommentsOf(eventId: ObjectId): Promise<void> {
  await (await collections.comments()).deleteMany({ event_id: eventId });
}
