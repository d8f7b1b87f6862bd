import "server-only";
import { ObjectId, type Filter, type Sort } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, objectIdOrNull, type EventDoc } from "@/lib/db";
import { Invalid, NotFound } from "@/lib/errors";
import { queryTerms } from "@/lib/events/text";
import { favoriteTags, rankPopular, rankRecommendations, topTags, type Exclusions, type Ranked } from "./ranking";
import { DISCOVER_LIMIT_MAX, NO_FAVORITES_MESSAGE, RECOMMENDATIONS_LIMIT, type DiscoverQuery } from "./schema";

// Discover (public upcoming events: tags, search, two orders, keyset pages) and recommendations.
// Every query here is index-backed on MongoDB (see each comment) and bounded by a limit; private
// events never leave this module, whoever asks — discover filters them in the query, recommendations
// in the ranking (and private events are never popular either).

/** Upcoming candidates per recommendation query: the soonest this many, then ranked in memory. */
export const CANDIDATE_LIMIT = 500;
/** Candidates matched through implicit (attended) tags only; explicit matches keep their own budget. */
export const IMPLICIT_CANDIDATE_LIMIT = 250;
/** The popular fallback ranks among this many next upcoming public events. */
export const POPULAR_WINDOW = 200;
/** A user's memberships read to exclude joined events (newest first); more than this is unheard of. */
export const MEMBERSHIP_LIMIT = 2000;
/** Attended events whose tags feed the implicit favorites (newest first). */
export const ATTENDED_SAMPLE = 100;
export const IMPLICIT_TAGS_MAX = 20;

export type Recommendation = Ranked<EventDoc>;
export type Recommendations =
  | { kind: "matches"; favorites: string[]; items: Recommendation[] }
  | { kind: "no_favorites"; message: typeof NO_FAVORITES_MESSAGE; popular: Recommendation[] };

// ---- recommendations --------------------------------------------------------------------------

/** The candidate query: uses the (tags, starts_at) index; private events are dropped by the ranking. */
export function candidateQuery(tags: string[], now: Date): { filter: Filter<EventDoc>; sort: Sort } {
  return { filter: { tags: { $in: tags }, starts_at: { $gte: now } }, sort: { starts_at: 1 } };
}

/**
 * The popular fallback's query: the next POPULAR_WINDOW upcoming public events through the
 * (is_private, starts_at) index, then sorted by counts.attending in memory (rankPopular). There is
 * no index on counts.attending: "popular" means popular among the events coming up soonest, which
 * keeps the read bounded however many events exist.
 */
export function popularQuery(now: Date): { filter: Filter<EventDoc>; sort: Sort } {
  return { filter: { is_private: false, starts_at: { $gte: now } }, sort: { starts_at: 1 } };
}

type Memberships = { joined: Set<string>; attended: ObjectId[] };

/** The user's memberships through the (user_id, status) index: all of them exclude, "attending" ones teach. */
async function membershipsOf(userId: ObjectId): Promise<Memberships> {
  const rows = await (await collections.attendances())
    .find({ user_id: userId }, { projection: { event_id: 1, status: 1 } })
    .sort({ _id: -1 })
    .limit(MEMBERSHIP_LIMIT)
    .toArray();
  return {
    joined: new Set(rows.map((r) => r.event_id.toHexString())),
    attended: rows.filter((r) => r.status === "attending").slice(0, ATTENDED_SAMPLE).map((r) => r.event_id),
  };
}

/** Tags of the events the user went to, most frequent first (by _id: the primary key). */
async function attendedTags(eventIds: ObjectId[]): Promise<string[]> {
  if (eventIds.length === 0) return [];
  const rows = await (await collections.events()).find({ _id: { $in: eventIds } }, { projection: { tags: 1 } }).toArray();
  return topTags(
    rows.map((r) => r.tags ?? []),
    IMPLICIT_TAGS_MAX,
  );
}

async function upcoming(query: { filter: Filter<EventDoc>; sort: Sort }, limit: number): Promise<EventDoc[]> {
  return (await collections.events()).find(query.filter).sort(query.sort).limit(limit).toArray();
}

/**
 * Events for the user, from their favorite categories (explicit) and the tags of events they went
 * to (implicit, weaker). Without favorites: the original API's message, and popular upcoming events.
 * Own events, joined events (any status), private and past events are never recommended.
 */
export async function recommendationsFor(
  user: Pick<AuthUser, "id">,
  { limit = RECOMMENDATIONS_LIMIT, now = new Date() }: { limit?: number; now?: Date } = {},
): Promise<Recommendations> {
  const userId = objectIdOrNull(user.id);
  if (!userId) throw new NotFound("No such user.");
  const [profile, memberships] = await Promise.all([
    (await collections.users()).findOne({ _id: userId }, { projection: { favorites: 1 } }),
    membershipsOf(userId),
  ]);
  const exclude: Exclusions = { userId: user.id, eventIds: memberships.joined };
  const favorites = profile?.favorites ?? [];
  const explicit = [...favoriteTags(favorites).keys()];

  if (explicit.length === 0) {
    const rows = await upcoming(popularQuery(now), POPULAR_WINDOW);
    return { kind: "no_favorites", message: NO_FAVORITES_MESSAGE, popular: rankPopular(rows, { exclude, now, limit }) };
  }

  const implicit = (await attendedTags(memberships.attended)).filter((t) => !explicit.includes(t));
  // Two reads, so events matching a favorite are never crowded out of the candidates by events that
  // only share a tag with something the user went to.
  const [byFavorite, byAttended] = await Promise.all([
    upcoming(candidateQuery(explicit, now), CANDIDATE_LIMIT),
    implicit.length ? upcoming(candidateQuery(implicit, now), IMPLICIT_CANDIDATE_LIMIT) : Promise.resolve([]),
  ]);
  const items = rankRecommendations([...byFavorite, ...byAttended], { favorites, attendedTags: implicit, exclude, now, limit });
  return { kind: "matches", favorites, items };
}

// ---- discover -----------------------------------------------------------------------------------

export type DiscoverPage = { events: EventDoc[]; next_cursor: string | null };
type Position = { at: Date; id: ObjectId };

// Cursor: base64url of "<ms>.<id>" for soonest and "n<ms>.<id>" for newest, so a cursor of one
// order is refused by the other; keyset pages stay stable under inserts, with no skip.
function encodeCursor(sort: DiscoverQuery["sort"], e: EventDoc): string {
  const at = sort === "newest" ? `n${e.created_at.getTime()}` : String(e.starts_at.getTime());
  return Buffer.from(`${at}.${e._id.toHexString()}`).toString("base64url");
}

function decodeCursor(sort: DiscoverQuery["sort"], cursor: string | undefined): Position | null {
  if (!cursor) return null;
  const m = /^(n?)(\d{1,15})\.([0-9a-f]{24})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m || (m[1] === "n") !== (sort === "newest")) {
    throw new Invalid("That page link is not valid. Start again from the first page.", { cursor: ["That page cursor is not valid."] });
  }
  return { at: new Date(Number(m[2])), id: new ObjectId(m[3]) };
}

/**
 * The discover query. Soonest: filter and sort on starts_at, through (tags, starts_at) with a tag,
 * (search_terms, starts_at) with words, else (is_private, starts_at). Newest: sort on created_at
 * desc, which no index in lib/db.ts orders yet, so MongoDB reads the filter's index and sorts the
 * matches in memory; (is_private, created_at, _id) and (tags, created_at, _id) would stream it. The
 * _id tie-break of both orders is in no index either (an index ending in _id would stream it too).
 */
export function discoverQuery(query: Pick<DiscoverQuery, "tags" | "q" | "sort" | "cursor">, now: Date): { filter: Filter<EventDoc>; sort: Sort } {
  const filter: Filter<EventDoc> = { is_private: false, starts_at: { $gte: now } };
  if (query.tags.length === 1) filter.tags = query.tags[0];
  else if (query.tags.length > 1) filter.tags = { $in: query.tags };
  const terms = query.q ? queryTerms(query.q) : [];
  if (terms.length) filter.search_terms = { $all: terms };
  const after = decodeCursor(query.sort, query.cursor);
  if (query.sort === "newest") {
    if (after) filter.$or = [{ created_at: { $lt: after.at } }, { created_at: after.at, _id: { $lt: after.id } }];
    return { filter, sort: { created_at: -1, _id: -1 } };
  }
  if (after) filter.$or = [{ starts_at: { $gt: after.at } }, { starts_at: after.at, _id: { $gt: after.id } }];
  return { filter, sort: { starts_at: 1, _id: 1 } };
}

/** Upcoming public events: any of `tags`, all words of `q`, soonest or newest first, a page at a time. */
export async function discoverEvents(query: DiscoverQuery, now = new Date()): Promise<DiscoverPage> {
  const limit = Math.min(Math.max(1, Math.trunc(query.limit) || 1), DISCOVER_LIMIT_MAX);
  const { filter, sort } = discoverQuery(query, now);
  const rows = await (await collections.events()).find(filter).sort(sort).limit(limit + 1).toArray();
  const events = rows.slice(0, limit);
  return { events, next_cursor: rows.length > limit ? encodeCursor(query.sort, events[events.length - 1]!) : null };
}
