import "server-only";
import { ObjectId, type Filter, type Sort } from "mongodb";
import type { EventDoc } from "@/lib/db";
import { queryTerms } from "@/lib/events/text";
import { decodeCursor } from "./cursor";
import type { DiscoverQuery } from "./schema";

// The database path's queries: what MongoDB answers when the catalog stands aside (more upcoming
// events than it holds, or a `now` before its floor). Each is index-backed on MongoDB, which
// tests/integration/discover-indexes.test.ts checks with explain; the catalog path (from-catalog.ts)
// answers the same questions with the same limits.

/** Upcoming candidates per recommendation query: the soonest this many, then ranked in memory. */
export const CANDIDATE_LIMIT = 500;
/** Candidates matched through implicit (attended) tags only; explicit matches keep their own budget. */
export const IMPLICIT_CANDIDATE_LIMIT = 250;
/** The popular fallback ranks among this many next upcoming public events. */
export const POPULAR_WINDOW = 200;

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

/**
 * The discover query. Soonest: filter and sort on starts_at, through (tags, starts_at) with a tag,
 * (search_terms, starts_at) with words, else (is_private, starts_at). Newest: sort on created_at
 * desc through (is_private, created_at, _id) or (tags, created_at, _id).
 */
export function discoverQuery(query: Pick<DiscoverQuery, "tags" | "q" | "sort" | "cursor">, now: Date): { filter: Filter<EventDoc>; sort: Sort } {
  const filter: Filter<EventDoc> = { is_private: false, starts_at: { $gte: now } };
  if (query.tags.length === 1) filter.tags = query.tags[0];
  else if (query.tags.length > 1) filter.tags = { $in: query.tags };
  const terms = query.q ? queryTerms(query.q) : [];
  if (terms.length) filter.search_terms = { $all: terms };
  const after = decodeCursor(query.sort, query.cursor);
  const afterId = after && new ObjectId(after.id);
  if (query.sort === "newest") {
    if (after) filter.$or = [{ created_at: { $lt: after.at } }, { created_at: after.at, _id: { $lt: afterId! } }];
    return { filter, sort: { created_at: -1, _id: -1 } };
  }
  if (after) filter.$or = [{ starts_at: { $gt: after.at } }, { starts_at: after.at, _id: { $gt: afterId! } }];
  return { filter, sort: { starts_at: 1, _id: 1 } };
}
