import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { ObjectId } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, findByIds } from "@/lib/db/collections";
import type { EventDoc } from "@/lib/db/types";
import { env } from "@/lib/env";
import { NotFound } from "@/lib/errors";
import { GUEST_LIST_STATUSES, membershipId, userObjectId } from "./access";
import { calendarEventOf } from "./calendar";
import { buildCalendar, effectiveEnd } from "./ics";

// A person's own calendar feed: a secret URL (webcal://…/calendar/<token>.ics) that calendar apps
// subscribe to, listing the events they host and those they are going or maybe to. The token is
// 24 random bytes shown once; only its sha256 is stored, on the user (`calendar_feed_hash`) and as
// the `_id` of a `calendar_feeds` document naming the user, so a request finds its feed by `_id`
// (on FerretDB only `_id` filters use an index). A new token replaces the old one, which stops
// working at once. The route is rate-limited per IP (lib/limits.ts calendarFeed).

const TOKEN = /^[A-Za-z0-9_-]{32}$/;
/** Past events stay in the feed this long after they end, so last week's still shows. */
const RECENT_MS = 30 * 86_400_000;

export type CalendarFeedLink = { url: string; webcal_url: string };
export type CalendarFeedStatus = { active: boolean; created_at: string | null };

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

function linkOf(token: string): CalendarFeedLink {
  const url = new URL(`/calendar/${token}.ics`, env().APP_URL).toString();
  return { url, webcal_url: url.replace(/^https?:/, "webcal:") };
}

/**
 * A new feed link for `user`, replacing any earlier one. The feed document is written before the
 * user names it, and the one it replaced is removed after: a feed counts only while its user names
 * its hash, so a crash in between leaves at worst an unused document, never a working old link.
 */
export async function createCalendarFeed(user: AuthUser): Promise<CalendarFeedLink> {
  const userId = userObjectId(user);
  const token = randomBytes(24).toString("base64url");
  const hash = hashOf(token);
  const now = new Date();
  const feeds = await collections.calendarFeeds();
  await feeds.insertOne({ _id: hash, user_id: userId, created_at: now });
  const before = await (await collections.users()).findOneAndUpdate(
    { _id: userId },
    { $set: { calendar_feed_hash: hash, calendar_feed_created_at: now } },
    { returnDocument: "before" },
  );
  if (!before) {
    await feeds.deleteOne({ _id: hash });
    throw new NotFound("No such user.");
  }
  if (before.calendar_feed_hash && before.calendar_feed_hash !== hash) await feeds.deleteOne({ _id: before.calendar_feed_hash });
  return linkOf(token);
}

/** Turns the feed off: its link answers 404 from now on. */
export async function revokeCalendarFeed(user: AuthUser): Promise<void> {
  const before = await (await collections.users()).findOneAndUpdate(
    { _id: userObjectId(user) },
    { $unset: { calendar_feed_hash: "", calendar_feed_created_at: "" } },
    { returnDocument: "before" },
  );
  if (before?.calendar_feed_hash) await (await collections.calendarFeeds()).deleteOne({ _id: before.calendar_feed_hash });
}

/** Whether the user has a feed link (the link itself cannot be shown again). */
export async function calendarFeedStatus(user: AuthUser): Promise<CalendarFeedStatus> {
  const doc = await (await collections.users()).findOne({ _id: userObjectId(user) }, { projection: { calendar_feed_hash: 1, calendar_feed_created_at: 1 } });
  return { active: Boolean(doc?.calendar_feed_hash), created_at: doc?.calendar_feed_created_at?.toISOString() ?? null };
}

const FEED_FIELDS = { owner_id: 1, title: 1, description: 1, location: 1, starts_at: 1, ends_at: 1, timezone: 1, updated_at: 1, ics_sequence: 1 } as const;

/** The events the user hosts, and those their membership says they are going or maybe to. */
async function eventsOf(userId: ObjectId, lists: { hosted: ObjectId[]; joined: ObjectId[] }): Promise<EventDoc[]> {
  const hosted = new Set(lists.hosted.map((id) => id.toHexString()));
  const joined = [...new Map(lists.joined.filter((id) => !hosted.has(id.toHexString())).map((id) => [id.toHexString(), id])).values()];
  // The lists on the user are kept after each change; the memberships (read by `_id`) are the word.
  const memberships = joined.length ? await (await collections.attendances()).find({ _id: { $in: joined.map((id) => membershipId(id, userId)) } }, { projection: { event_id: 1, status: 1 } }).toArray() : [];
  const going = new Set(memberships.filter((m) => GUEST_LIST_STATUSES.includes(m.status)).map((m) => m.event_id.toHexString()));
  const ids = [...lists.hosted, ...joined.filter((id) => going.has(id.toHexString()))];
  const events = await findByIds(await collections.events(), ids, FEED_FIELDS);
  return events.filter((e) => going.has(e._id.toHexString()) || e.owner_id.equals(userId)) as EventDoc[];
}

/**
 * The feed a token opens: the user's upcoming events and those of the last 30 days, soonest
 * first. A malformed, unknown, replaced or revoked token is a 404, the same for all.
 */
export async function calendarFeedIcs(token: string, now: Date = new Date()): Promise<string> {
  if (!TOKEN.test(token)) throw new NotFound("No such calendar.");
  const hash = hashOf(token);
  const feed = await (await collections.calendarFeeds()).findOne({ _id: hash });
  const user = feed
    ? await (await collections.users()).findOne(
        { _id: feed.user_id },
        { projection: { calendar_feed_hash: 1, hosted_events: 1, attended_events: 1, maybe_events: 1, name: 1, username: 1 } },
      )
    : null;
  if (!user || user.calendar_feed_hash !== hash) throw new NotFound("No such calendar.");
  const events = await eventsOf(user._id, { hosted: user.hosted_events ?? [], joined: [...(user.attended_events ?? []), ...(user.maybe_events ?? [])] });
  const shown = events
    .filter((e) => effectiveEnd(e.starts_at, e.ends_at).getTime() >= now.getTime() - RECENT_MS)
    .sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime() || a._id.toHexString().localeCompare(b._id.toHexString()));
  const who = user.name || user.username;
  return buildCalendar(shown.map(calendarEventOf), now, { calendarName: who ? `Invyta: ${who}` : "Invyta" });
}
