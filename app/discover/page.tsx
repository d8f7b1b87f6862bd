import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { BrowseSection } from "@/components/discover/browse-section";
import { DiscoverSkeleton } from "@/components/discover/discover-skeleton";
import { RecommendedSection } from "@/components/discover/recommended-section";
import { LinkButton } from "@/components/ui/button";
import { Container } from "@/components/ui/container";
import { currentUser } from "@/lib/auth/session";
import { discoverHref, parseDiscoverQuery, type DiscoverQuery } from "@/lib/discover/schema";
import { discoverEvents, recommendationsFor, type DiscoverPage } from "@/lib/discover/service";
import { browseViewOf, recommendationsViewOf } from "@/lib/discover/views";
import { Invalid } from "@/lib/errors";
import { shareListingWithSignedOut } from "@/lib/http/shared-pages/share";

export const metadata: Metadata = {
  title: "Discover events",
  description: "Upcoming public events on Invyta: browse by tag, search, and see what is recommended for you.",
};

type Params = Record<string, string | string[] | undefined>;

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

async function loadPage(query: DiscoverQuery): Promise<{ page: DiscoverPage; badCursor: boolean }> {
  try {
    return { page: await discoverEvents(query), badCursor: false };
  } catch (err) {
    // A stale or edited page link: show the first page and say so, rather than an error page.
    if (!(err instanceof Invalid) || !query.cursor) throw err;
    return { page: await discoverEvents({ ...query, cursor: undefined }), badCursor: true };
  }
}

/** Recommendations (signed in, unfiltered first page) and the events asked for: what the page waits on. */
async function DiscoverResults({ query }: { query: DiscoverQuery }) {
  const user = await currentUser();
  // Recommendations head the unfiltered first page; with filters, the results are what was asked for.
  const showRecommendations = !!user && query.tags.length === 0 && query.q === "" && !query.cursor;
  const [{ page, badCursor }, recommendations] = await Promise.all([
    loadPage(query),
    showRecommendations ? recommendationsFor(user, { limit: RECOMMENDED_SHOWN }) : Promise.resolve(null),
  ]);
  const browse = browseViewOf(query, page, badCursor, recommendations);
  // Signed out, the listing is the same for everyone: the next visitors may be sent this render.
  if (!user) await shareListingWithSignedOut(browse.cards);
  return (
    <>
      {recommendations ? (
        <div className="mt-8">
          <RecommendedSection view={recommendationsViewOf(recommendations)} />
        </div>
      ) : null}
      <BrowseSection view={browse} />
    </>
  );
}

export default async function DiscoverPageView({ searchParams }: { searchParams: Promise<Params> }) {
  const raw = await searchParams;
  const query = parseDiscoverQuery(raw);
  if (!isCanonical(raw, query)) redirect(discoverHref(query));

  // The heading first, then a skeleton until the events stream in (again for each new search: the key).
  return (
    <Container className="py-8 sm:py-12">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-bold text-ink sm:text-3xl">Discover events</h1>
          <p className="mt-1 text-ink-muted">Upcoming public events, each at its own local time.</p>
        </div>
        <LinkButton href="/events/new" variant="secondary">
          Host an event
        </LinkButton>
      </div>

      <Suspense key={discoverHref(query)} fallback={<DiscoverSkeleton />}>
        <DiscoverResults query={query} />
      </Suspense>
    </Container>
  );
}
