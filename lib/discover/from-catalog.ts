import "server-only";
import type { EventDoc } from "@/lib/db";
import type { EventCatalog } from "./catalog";
import type { CatalogEvent, CatalogSnapshot } from "./catalog-snapshot";
import { decodeCursor, encodeCursor, positionOf } from "./cursor";
import { discoverFilter, matchesDiscover } from "./filter";
import { CANDIDATE_LIMIT, IMPLICIT_CANDIDATE_LIMIT, POPULAR_WINDOW } from "./queries";
import { rankPopular, rankRecommendations, type Exclusions, type Ranked } from "./ranking";
import { excludeJoined, implicitTags, type RecommendContext } from "./recommend-context";
import { NO_FAVORITES_MESSAGE, type DiscoverQuery } from "./schema";
import type { DiscoverPage, Recommendation, Recommendations } from "./types";

// Discover and recommendations answered from the catalog's snapshot: the same questions as
// from-database.ts with the same limits and orders (tests/integration/discover-catalog-parity
// compares them). The snapshot picks; the events shown are read by `_id` (through the catalog's
// short-lived document cache) and tested again, so an event that turned private, started or
// changed tags since the snapshot is not shown.

/** Rounds of reads before a page is given up as short: each extra round means the snapshot lagged. */
const HYDRATE_ROUNDS = 3;

/** What the catalog path reads besides the snapshot. */
export type CatalogReads = Pick<EventCatalog, "readDocs" | "freshenCounts">;

export async function discoverFromCatalog(reads: CatalogReads, snapshot: CatalogSnapshot, query: DiscoverQuery, limit: number, now: Date): Promise<DiscoverPage> {
  const filter = discoverFilter(query, now);
  const match = snapshot.matcher(filter);
  const events: EventDoc[] = [];
  let after = decodeCursor(query.sort, query.cursor);
  let more = false;
  for (let round = 0; round < HYDRATE_ROUNDS && events.length < limit; round++) {
    const need = limit - events.length;
    // One more than needed: whether another page follows.
    const found = snapshot.find(query.sort, now, after, match, need + 1);
    const batch = found.slice(0, need);
    more = found.length > need;
    if (batch.length === 0) break;
    const docs = await reads.readDocs(batch.map((e) => e._id));
    for (const e of batch) {
      const doc = docs.get(e._id);
      if (doc && matchesDiscover(doc, filter)) events.push(doc);
    }
    after = positionOf(query.sort, batch[batch.length - 1]!);
  }
  // The cursor is the snapshot's position of the last event looked at, so paging follows one order.
  return { events, next_cursor: more && after ? encodeCursor(query.sort, after) : null };
}

/** How many ranked items, beyond the ones shown, are checked for the user's memberships: room for ties and refills. */
const JOINED_CHECK_FACTOR = 3;

/**
 * The best-ranked items the user has no membership of, enough to show `limit` (with ties and
 * refills): memberships are read by `_id` for the head of the ranking, a batch at a time, not for
 * every candidate (up to 750). The list is cut where the checks stop, so nothing unchecked is shown.
 */
async function withoutJoined(context: RecommendContext, ranked: Ranked<CatalogEvent>[], limit: number): Promise<{ ranked: Ranked<CatalogEvent>[]; exclude: Exclusions }> {
  const want = limit * JOINED_CHECK_FACTOR;
  const joined = new Set<string>();
  let checked = 0;
  while (checked < ranked.length && checked - joined.size < want) {
    const batch = ranked.slice(checked, checked + want - (checked - joined.size)).map((r) => r.event._id);
    for (const id of (await excludeJoined(context, batch)).eventIds ?? []) joined.add(id);
    checked += batch.length;
  }
  const exclude = { ...context.exclude, eventIds: joined };
  return { ranked: ranked.slice(0, checked).filter((r) => !joined.has(r.event._id)), exclude };
}

/**
 * The shown items of `ranked`: their current documents read and ranked again (`rerank`), so reasons,
 * "full" and the order by attendance are current. The first read also takes the items tied with
 * the last shown one on everything but attendance (`tied`), whose fresh counts may reorder them.
 */
async function hydrateRanked(
  reads: CatalogReads,
  ranked: Ranked<CatalogEvent>[],
  limit: number,
  rerank: (docs: EventDoc[]) => Recommendation[],
  tied: (a: Ranked<CatalogEvent>, b: Ranked<CatalogEvent>) => boolean = () => false,
): Promise<Recommendation[]> {
  let end = Math.min(limit, ranked.length);
  const edge = ranked[end - 1];
  while (edge && end < ranked.length && end < limit * 2 && tied(edge, ranked[end]!)) end++;
  const docs: EventDoc[] = [];
  let taken = 0;
  let items: Recommendation[] = [];
  for (let round = 0; round < HYDRATE_ROUNDS && taken < end; round++) {
    const found = await reads.readDocs(ranked.slice(taken, end).map((r) => r.event._id));
    for (const r of ranked.slice(taken, end)) {
      const doc = found.get(r.event._id);
      if (doc) docs.push(doc);
    }
    taken = end;
    items = rerank(docs);
    end = Math.min(ranked.length, taken + (limit - items.length));
  }
  return items.slice(0, limit);
}

export async function recommendFromCatalog(
  reads: CatalogReads,
  snapshot: CatalogSnapshot,
  context: RecommendContext,
  limit: number,
  now: Date,
): Promise<Recommendations> {
  const { favorites, explicit } = context;
  if (explicit.length === 0) {
    await reads.freshenCounts(snapshot.upcoming(now, POPULAR_WINDOW).map((e) => e._id));
    // Taken again: a refresh replaces the entries it re-read.
    const { ranked, exclude } = await withoutJoined(context, rankPopular(snapshot.upcoming(now, POPULAR_WINDOW), { exclude: context.exclude, now }), limit);
    const popular = await hydrateRanked(reads, ranked, limit, (docs) => rankPopular(docs, { exclude, now }));
    return { kind: "no_favorites", message: NO_FAVORITES_MESSAGE, popular };
  }
  const implicit = await implicitTags(context, (id) => snapshot.get(id)?.tags);
  // Two budgets, as on the database path: favorites are never crowded out by attended tags.
  const candidates = [
    ...snapshot.upcoming(now, CANDIDATE_LIMIT, snapshot.matcher({ tags: explicit })),
    ...(implicit.length ? snapshot.upcoming(now, IMPLICIT_CANDIDATE_LIMIT, snapshot.matcher({ tags: implicit })) : []),
  ];
  const unfiltered = rankRecommendations(candidates, { favorites, attendedTags: implicit, exclude: context.exclude, now });
  const { ranked, exclude } = await withoutJoined(context, unfiltered, limit);
  const input = { favorites, attendedTags: implicit, exclude, now };
  const items = await hydrateRanked(
    reads,
    ranked,
    limit,
    (docs) => rankRecommendations(docs, input),
    (a, b) => a.score === b.score && a.event.starts_at.getTime() === b.event.starts_at.getTime(),
  );
  return { kind: "matches", favorites, items };
}
