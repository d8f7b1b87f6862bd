import "server-only";
import type { AuthUser } from "@/lib/auth/service";
import { eventCatalog } from "./catalog";
import type { CatalogSnapshot } from "./catalog-snapshot";
import { decodeCursor } from "./cursor";
import { discoverFromCatalog, recommendFromCatalog } from "./from-catalog";
import { discoverFromDatabase, recommendFromDatabase } from "./from-database";
import { recommendContext } from "./recommend-context";
import { DISCOVER_LIMIT_MAX, RECOMMENDATIONS_LIMIT, type DiscoverQuery } from "./schema";
import type { DiscoverPage, Recommendations } from "./types";

// Discover (public upcoming events: tags, search, two orders, keyset pages) and recommendations.
// Answered from the in-process catalog (catalog.ts) when it holds the events, else by the database
// (from-database.ts, index-served on MongoDB). Either way private events never leave this module,
// whoever asks: the catalog holds none and re-checks what it shows; the database path filters them
// in the query (discover) or in the ranking (recommendations).

export type { DiscoverPage, Recommendation, Recommendations } from "./types";

/** The snapshot, when it can answer for `now` (a `now` before its floor is a test's or a script's). */
async function snapshotFor(now: Date): Promise<CatalogSnapshot | null> {
  const snapshot = await eventCatalog().current();
  return snapshot && now.getTime() >= snapshot.floor.getTime() ? snapshot : null;
}

/** Upcoming public events: any of `tags`, all words of `q`, soonest or newest first, a page at a time. */
export async function discoverEvents(query: DiscoverQuery, now = new Date()): Promise<DiscoverPage> {
  const limit = Math.min(Math.max(1, Math.trunc(query.limit) || 1), DISCOVER_LIMIT_MAX);
  decodeCursor(query.sort, query.cursor); // a bad cursor is a 400 before any work
  const snapshot = await snapshotFor(now);
  return snapshot ? discoverFromCatalog(eventCatalog(), snapshot, query, limit, now) : discoverFromDatabase(query, limit, now);
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
  const [context, snapshot] = await Promise.all([recommendContext(user), snapshotFor(now)]);
  return snapshot ? recommendFromCatalog(eventCatalog(), snapshot, context, limit, now) : recommendFromDatabase(context, limit, now);
}
