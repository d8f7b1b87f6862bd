import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { DiscoverFilters } from "@/components/discover/discover-filters";
import { DiscoverGrid, discoverCardOf } from "@/components/discover/event-card";
import { RecommendedSection, recommendationsView } from "@/components/discover/recommended-section";
import { EmptyState, NoPublicEventsYet } from "@/components/events/event-bits";
import { Alert } from "@/components/ui/field";
import { LinkButton } from "@/components/ui/button";
import { Container } from "@/components/ui/container";
import { currentUser } from "@/lib/auth/session";
import { discoverHref, parseDiscoverQuery, type DiscoverQuery } from "@/lib/discover/schema";
import { discoverEvents, recommendationsFor, type DiscoverPage } from "@/lib/discover/service";
import { normalizeTags } from "@/lib/events/text";
import { Invalid } from "@/lib/errors";

export const metadata: Metadata = {
  title: "Discover events",
  description: "Upcoming public events on Invyta: browse by tag, search, and see what is recommended for you.",
};

type Params = Record<string, string | string[] | undefined>;

const TAG_OPTIONS_MAX = 12;
const RECOMMENDED_SHOWN = 6;

/**
 * A submitted form sends every field, empty or not (`?q=&tag=&sort=soonest`): the same view gets
 * its short URL, so what people share is clean.
 */
function isCanonical(raw: Params, query: DiscoverQuery): boolean {
  const values = Object.values(raw).flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
  if (values.some((v) => v.trim() === "")) return false;
  if (raw.sort === "soonest") return false;
  const rawTags = raw.tag === undefined ? [] : Array.isArray(raw.tag) ? raw.tag : [raw.tag];
  return rawTags.length === query.tags.length && rawTags.every((t, i) => t === query.tags[i]);
}

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

/** "tagged #hiking or #music, matching “lake”" — what the filters ask for, in words. */
function describe(query: DiscoverQuery): string {
  const parts: string[] = [];
  if (query.tags.length) parts.push(`tagged ${quoted(query.tags)}`);
  if (query.q) parts.push(`matching “${query.q}”`);
  return parts.join(", ");
}

async function loadPage(query: DiscoverQuery): Promise<{ page: DiscoverPage; badCursor: boolean }> {
  try {
    return { page: await discoverEvents(query), badCursor: false };
  } catch (err) {
    // A stale or edited page link: show the first page and say so, rather than an error page.
    if (!(err instanceof Invalid) || !query.cursor) throw err;
    return { page: await discoverEvents({ ...query, cursor: undefined }), badCursor: true };
  }
}

export default async function DiscoverPageView({ searchParams }: { searchParams: Promise<Params> }) {
  const raw = await searchParams;
  const query = parseDiscoverQuery(raw);
  if (!isCanonical(raw, query)) redirect(discoverHref(query));

  const filtered = query.tags.length > 0 || query.q !== "";
  const user = await currentUser();
  // Recommendations head the unfiltered first page; with filters, the results are what was asked for.
  const showRecommendations = !!user && !filtered && !query.cursor;
  const [{ page, badCursor }, recommendations] = await Promise.all([
    loadPage(query),
    showRecommendations ? recommendationsFor(user, { limit: RECOMMENDED_SHOWN }) : Promise.resolve(null),
  ]);

  const cards = page.events.map((e) => discoverCardOf(e));
  const favorites = recommendations?.kind === "matches" ? recommendations.favorites : [];
  const options = tagOptions(query, favorites, [
    ...page.events.map((e) => e.tags),
    ...(recommendations?.kind === "matches" ? recommendations.items.map((r) => r.event.tags) : []),
  ]);
  const firstPage = !query.cursor || badCursor;
  const clearHref = discoverHref({ sort: query.sort });

  return (
    <Container className="py-8 sm:py-12">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-bold text-ink sm:text-3xl">Discover events</h1>
          <p className="mt-1 text-ink-muted">Upcoming public events, in your time zone.</p>
        </div>
        <LinkButton href="/events/new" variant="secondary">
          Host an event
        </LinkButton>
      </div>

      {recommendations ? (
        <div className="mt-8">
          <RecommendedSection view={recommendationsView(recommendations)} />
        </div>
      ) : null}

      <section aria-labelledby="browse-title" className="mt-10 min-w-0">
        <h2 id="browse-title" className="text-xl font-bold text-ink sm:text-2xl">
          {filtered ? "Search results" : "All upcoming events"}
        </h2>
        <div className="mt-4 rounded-card border border-surface-border bg-surface p-4 sm:p-5">
          <DiscoverFilters query={query} tagOptions={options} />
        </div>

        {badCursor ? (
          <Alert tone="info" className="mt-4">
            That page link is no longer valid, so this is the first page.
          </Alert>
        ) : null}

        <div className="mt-4 flex flex-wrap items-center justify-between gap-x-4 gap-y-1" aria-live="polite">
          <p className="min-w-0 break-words text-sm text-ink-muted">
            {filtered ? `Events ${describe(query)}` : "Every upcoming public event"}, {query.sort === "newest" ? "newest first" : "soonest first"}
            {firstPage ? "" : " (continued)"}.
          </p>
          {filtered ? (
            <Link href={clearHref} className="inline-flex min-h-11 items-center text-sm font-medium text-brand underline-offset-4 hover:underline">
              Clear filters
            </Link>
          ) : null}
        </div>

        <div className="mt-3">
          {cards.length > 0 ? (
            <DiscoverGrid events={cards} label={filtered ? "Matching events" : "Upcoming events"} />
          ) : filtered && firstPage ? (
            <EmptyState
              action={
                <Link href={clearHref} className="inline-flex min-h-11 items-center font-medium text-brand underline-offset-4 hover:underline">
                  Clear filters
                </Link>
              }
            >
              No events {describe(query)} — clear filters to see every upcoming event.
            </EmptyState>
          ) : firstPage ? (
            <NoPublicEventsYet />
          ) : (
            <EmptyState>That is everything: no more events.</EmptyState>
          )}
        </div>

        {page.next_cursor || !firstPage ? (
          <nav aria-label="Pages" className="mt-6 flex flex-wrap items-center gap-3">
            {page.next_cursor ? (
              <LinkButton href={discoverHref({ ...query, cursor: page.next_cursor })} variant="secondary">
                More events
              </LinkButton>
            ) : null}
            {!firstPage ? (
              <Link href={discoverHref({ ...query, cursor: undefined })} className="inline-flex min-h-11 items-center font-medium text-brand underline-offset-4 hover:underline">
                Back to the first page
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </Container>
  );
}
