import "server-only";
import type { Filter, Sort } from "mongodb";
import { collections, type EventDoc } from "@/lib/db";
import { encodeCursor, positionOf } from "./cursor";
import { CANDIDATE_LIMIT, IMPLICIT_CANDIDATE_LIMIT, POPULAR_WINDOW, candidateQuery, discoverQuery, popularQuery } from "./queries";
import { rankPopular, rankRecommendations } from "./ranking";
import { implicitTags, type RecommendContext, excludeJoined } from "./recommend-context";
import { NO_FAVORITES_MESSAGE, type DiscoverQuery } from "./schema";
import type { DiscoverPage, Recommendations } from "./types";

// Discover and recommendations answered by the database: the path when the catalog stands aside.

async function upcoming(query: { filter: Filter<EventDoc>; sort: Sort }, limit: number): Promise<EventDoc[]> {
  return (await collections.events()).find(query.filter).sort(query.sort).limit(limit).toArray();
}

export async function discoverFromDatabase(query: DiscoverQuery, limit: number, now: Date): Promise<DiscoverPage> {
  const rows = await upcoming(discoverQuery(query, now), limit + 1);
  const events = rows.slice(0, limit);
  const last = events[events.length - 1];
  return { events, next_cursor: rows.length > limit && last ? encodeCursor(query.sort, positionOf(query.sort, last)) : null };
}

export async function recommendFromDatabase(context: RecommendContext, limit: number, now: Date): Promise<Recommendations> {
  const { favorites, explicit } = context;
  if (explicit.length === 0) {
    const rows = await upcoming(popularQuery(now), POPULAR_WINDOW);
    const exclude = await excludeJoined(context, rows.map((e) => e._id.toHexString()));
    return { kind: "no_favorites", message: NO_FAVORITES_MESSAGE, popular: rankPopular(rows, { exclude, now, limit }) };
  }
  const implicit = await implicitTags(context);
  // Two reads, so events matching a favorite are never crowded out of the candidates by events that
  // only share a tag with something the user went to.
  const [byFavorite, byAttended] = await Promise.all([
    upcoming(candidateQuery(explicit, now), CANDIDATE_LIMIT),
    implicit.length ? upcoming(candidateQuery(implicit, now), IMPLICIT_CANDIDATE_LIMIT) : Promise.resolve([]),
  ]);
  const exclude = await excludeJoined(context, [...byFavorite, ...byAttended].map((e) => e._id.toHexString()));
  const items = rankRecommendations([...byFavorite, ...byAttended], { favorites, attendedTags: implicit, exclude, now, limit });
  return { kind: "matches", favorites, items };
}
