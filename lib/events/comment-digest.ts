import "server-only";
import type { Filter } from "mongodb";
import { collections, objectIdOrNull } from "@/lib/db/collections";
import type { CommentDoc } from "@/lib/db/types";
import { env } from "@/lib/env";
import type { JobHandler } from "@/lib/jobs/queue";
import { sendMail } from "@/lib/mail/service";
import { commentsDigest } from "@/lib/mail/templates";
import { authorNames, COMMENT_DIGEST_JOB, DIGEST_SETTLE_MS, NAMELESS_AUTHOR } from "./comments";
import { formatEventTime } from "./time";

// The host's digest of guests' comments (scheduled by lib/events/comments.ts): everything guests
// wrote since the last digest, in one email. The event keeps how far digests have got
// (`comments_digest_through`); a run moves that mark with an update guarded on the value it read
// before it mails, so of two workers on the same event exactly one sends. A failed send puts the
// mark back (unless a later digest moved it) and fails the job, which BullMQ retries.

/** At most this many comments are quoted; the email says how many more the page has. */
export const DIGEST_QUOTED = 25;

/** Sends the event's digest as of `now`; returns how many comments it told of (0: nothing new, or another run sent them). */
export async function handleDigest(data: Record<string, unknown>, now = new Date()): Promise<number> {
  const eventId = objectIdOrNull(data.event_id);
  if (!eventId) return 0;
  const events = await collections.events();
  const event = await events.findOne({ _id: eventId });
  if (!event) return 0; // deleted since: its comments went with it
  const since = event.comments_digest_through ?? null;
  const through = new Date(now.getTime() - DIGEST_SETTLE_MS);
  if (since && through.getTime() <= since.getTime()) return 0;

  const comments = await collections.comments();
  const filter: Filter<CommentDoc> = {
    event_id: event._id,
    author_id: { $ne: event.owner_id },
    created_at: since ? { $gt: since, $lte: through } : { $lte: through },
  };
  const quoted = await comments.find(filter).sort({ created_at: 1, _id: 1 }).limit(DIGEST_QUOTED).toArray();
  if (quoted.length === 0) return 0;
  const total = quoted.length < DIGEST_QUOTED ? quoted.length : await comments.countDocuments(filter);

  const claimed = await events.updateOne(
    { _id: event._id, comments_digest_through: since ?? { $exists: false } },
    { $set: { comments_digest_through: through } },
  );
  if (claimed.matchedCount === 0) return 0;

  try {
    const host = await (await collections.users()).findOne({ _id: event.owner_id }, { projection: { email: 1 } });
    if (!host) return 0;
    const names = await authorNames(quoted.map((c) => c.author_id));
    const content = await commentsDigest({
      eventTitle: event.title,
      eventUrl: new URL(`/events/${event._id.toHexString()}#comments`, env().APP_URL).toString(),
      comments: quoted.map((c) => ({
        authorName: names.get(c.author_id.toHexString()) ?? NAMELESS_AUTHOR,
        body: c.body,
        postedAtText: formatEventTime(c.created_at, null, event.timezone),
      })),
      more: total - quoted.length,
    });
    await sendMail({ to: host.email, ...content });
  } catch (err) {
    await events.updateOne(
      { _id: event._id, comments_digest_through: through },
      since ? { $set: { comments_digest_through: since } } : { $unset: { comments_digest_through: "" } },
    );
    throw err;
  }
  return total;
}

export const commentJobs: Record<string, JobHandler> = {
  [COMMENT_DIGEST_JOB]: async (data) => {
    await handleDigest(data);
  },
};
