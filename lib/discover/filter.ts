import { queryTerms } from "@/lib/events/text";
import type { DiscoverQuery } from "./schema";

// What discover asks of an event, as a predicate: the in-memory twin of discoverQuery's MongoDB
// filter (queries.ts). The catalog path runs it on snapshot entries to pick a page and again on the
// documents it then reads, so an event that changed since the snapshot (turned private, started,
// retagged) is never shown.

export type DiscoverFilter = {
  /** Any of these (none: every tag). */
  tags: ReadonlySet<string>;
  /** All of these among the event's search_terms. */
  terms: readonly string[];
  now: Date;
};

type Matchable = { is_private: boolean; starts_at: Date; tags?: readonly string[]; search_terms?: readonly string[] };

export function discoverFilter(query: Pick<DiscoverQuery, "tags" | "q">, now: Date): DiscoverFilter {
  return { tags: new Set(query.tags), terms: query.q ? queryTerms(query.q) : [], now };
}

export function matchesDiscover(event: Matchable, filter: DiscoverFilter): boolean {
  if (event.is_private !== false || event.starts_at.getTime() < filter.now.getTime()) return false;
  if (filter.tags.size > 0 && !(event.tags ?? []).some((tag) => filter.tags.has(tag))) return false;
  const terms = event.search_terms ?? [];
  return filter.terms.every((term) => terms.includes(term));
}
