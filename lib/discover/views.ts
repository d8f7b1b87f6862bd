import type { EventDoc } from "@/lib/db/types";
import { normalizeTags } from "@/lib/events/text";
import { cardBasicsOf, type EventCardBasics } from "@/lib/events/views";
import { discoverHref, type DiscoverQuery } from "./schema";
import type { DiscoverPage, Recommendations } from "./types";

// What /discover and the home page show: plain, serializable data (ids as strings, times as ISO).

/** A public event as discover and recommendations show it. */
export type DiscoverCardView = EventCardBasics & {
  tags: string[];
  going: number;
  /** "because you like hiking", …; empty outside recommendations. */
  reasons: string[];
};

export function discoverCardOf(event: EventDoc, extra: { reasons?: string[]; isFull?: boolean } = {}): DiscoverCardView {
  const basics = cardBasicsOf(event);
  return {
    ...basics,
    isFull: extra.isFull ?? basics.isFull,
    tags: event.tags,
    going: event.counts?.attending ?? 0,
    reasons: extra.reasons ?? [],
  };
}

export type RecommendationsView =
  | { kind: "matches"; favorites: string[]; items: DiscoverCardView[] }
  | { kind: "no_favorites"; message: string; popular: DiscoverCardView[] };

export function recommendationsViewOf(result: Recommendations): RecommendationsView {
  if (result.kind === "no_favorites") {
    return { kind: "no_favorites", message: result.message, popular: result.popular.map((r) => discoverCardOf(r.event, { isFull: r.is_full })) };
  }
  return {
    kind: "matches",
    favorites: result.favorites,
    items: result.items.map((r) => discoverCardOf(r.event, { reasons: r.reasons, isFull: r.is_full })),
  };
}

/** The list under the filters: one page of events, and the links around it. */
export type BrowseView = {
  query: DiscoverQuery;
  /** Tags or words were asked for. */
  filtered: boolean;
  /** What the filters ask for, in words: "tagged #hiking or #music, matching “lake”". */
  asked: string;
  cards: DiscoverCardView[];
  /** Tags offered as chips. */
  tagOptions: string[];
  /** The URL's cursor was not valid: this is the first page instead. */
  badCursor: boolean;
  firstPage: boolean;
  nextHref: string | null;
  /** Back to the first page, past it. */
  firstHref: string | null;
  clearHref: string;
};

const TAG_OPTIONS_MAX = 12;

/** Tags offered as chips: the chosen ones, then the user's favorites, then the most common on screen. */
function tagOptions(query: DiscoverQuery, favorites: string[], pageTags: string[][]): string[] {
  const counts = new Map<string, number>();
  for (const tags of pageTags) for (const tag of tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([tag]) => tag);
  return [...new Set([...query.tags, ...normalizeTags(favorites), ...common])].slice(0, Math.max(TAG_OPTIONS_MAX, query.tags.length));
}

function quoted(words: string[]): string {
  const parts = words.map((w) => `#${w}`);
  return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} or ${parts[parts.length - 1]}`;
}

/** "tagged #hiking or #music, matching “lake”": what the filters ask for, in words. */
export function describeQuery(query: Pick<DiscoverQuery, "tags" | "q">): string {
  const parts: string[] = [];
  if (query.tags.length) parts.push(`tagged ${quoted(query.tags)}`);
  if (query.q) parts.push(`matching “${query.q}”`);
  return parts.join(", ");
}

/** `page` was read at `query` (or, with `badCursor`, at its first page); recommendations lend their tags to the chips. */
export function browseViewOf(query: DiscoverQuery, page: DiscoverPage, badCursor: boolean, recommendations: Recommendations | null): BrowseView {
  const matches = recommendations?.kind === "matches" ? recommendations : null;
  const firstPage = !query.cursor || badCursor;
  return {
    query,
    filtered: query.tags.length > 0 || query.q !== "",
    asked: describeQuery(query),
    cards: page.events.map((e) => discoverCardOf(e)),
    tagOptions: tagOptions(query, matches?.favorites ?? [], [...page.events.map((e) => e.tags), ...(matches?.items.map((r) => r.event.tags) ?? [])]),
    badCursor,
    firstPage,
    nextHref: page.next_cursor ? discoverHref({ ...query, cursor: page.next_cursor }) : null,
    firstHref: firstPage ? null : discoverHref({ ...query, cursor: undefined }),
    clearHref: discoverHref({ sort: query.sort }),
  };
}
