import { z } from "zod";
import { normalizeTags } from "@/lib/events/text";

// The /discover query string and the recommendations API's query. Shared by pages, route handlers
// and tests; no server imports.

export const DISCOVER_SORTS = ["soonest", "newest"] as const;
export type DiscoverSort = (typeof DISCOVER_SORTS)[number];
export const DISCOVER_TAGS_MAX = 10;
export const DISCOVER_Q_MAX = 200;
export const DISCOVER_PAGE_SIZE = 12;
export const DISCOVER_LIMIT_MAX = 50;
export const RECOMMENDATIONS_LIMIT = 12;
export const RECOMMENDATIONS_LIMIT_MAX = 50;
export const NO_FAVORITES_MESSAGE = "No favorites found. Add some to get recommendations!";

export type DiscoverQuery = {
  /** Any of these tags (normalized like event tags); empty: every tag. */
  tags: string[];
  /** Words that must all appear in the title, description, location or tags. */
  q: string;
  sort: DiscoverSort;
  cursor?: string;
  limit: number;
};

type RawParams = Record<string, string | string[] | undefined>;

function all(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * A page's query string → a DiscoverQuery, forgiving like a URL should be: repeated `tag` params
 * (or commas) become several tags, an unknown sort is "soonest", anything too long is cut. The
 * cursor is checked by the service (a bad one is a 400 there).
 */
export function parseDiscoverQuery(params: RawParams): DiscoverQuery {
  const tags = normalizeTags(all(params.tag).map((t) => t.slice(0, 60))).slice(0, DISCOVER_TAGS_MAX);
  const q = (all(params.q)[0] ?? "").trim().replace(/\s+/g, " ").slice(0, DISCOVER_Q_MAX);
  const sortParam = all(params.sort)[0];
  const sort: DiscoverSort = sortParam === "newest" ? "newest" : "soonest";
  const cursor = all(params.cursor)[0]?.trim().slice(0, 200) || undefined;
  const limitParam = Number(all(params.limit)[0]);
  const limit = Number.isInteger(limitParam) && limitParam >= 1 ? Math.min(limitParam, DISCOVER_LIMIT_MAX) : DISCOVER_PAGE_SIZE;
  return { tags, q, sort, cursor, limit };
}

/** The URL of a discover view: only what differs from the defaults, so links stay short and shareable. */
export function discoverHref(query: Partial<DiscoverQuery>): string {
  const params = new URLSearchParams();
  for (const tag of query.tags ?? []) params.append("tag", tag);
  if (query.q) params.set("q", query.q);
  if (query.sort && query.sort !== "soonest") params.set("sort", query.sort);
  if (query.limit && query.limit !== DISCOVER_PAGE_SIZE) params.set("limit", String(query.limit));
  if (query.cursor) params.set("cursor", query.cursor);
  const qs = params.toString();
  return qs ? `/discover?${qs}` : "/discover";
}

/** GET /api/v1/recommendations?limit= */
export const recommendationsQuerySchema = z.object({
  limit: z.coerce
    .number({ error: "limit must be a whole number." })
    .int("limit must be a whole number.")
    .min(1, "limit must be at least 1.")
    .max(RECOMMENDATIONS_LIMIT_MAX, `limit must be at most ${RECOMMENDATIONS_LIMIT_MAX}.`)
    .default(RECOMMENDATIONS_LIMIT),
});
