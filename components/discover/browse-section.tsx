import { Link } from "@/components/ui/link";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/field";
import type { BrowseView } from "@/lib/discover/views";
import { DiscoverFilters } from "./discover-filters";
import { DiscoverGrid } from "./event-card";
import { textLink } from "@/components/ui/text-link";

const linkClass = textLink;

/** What the list holds when it is empty: nothing matched, nothing at all, or nothing more. */
function EmptyList({ view }: { view: BrowseView }) {
  if (view.filtered && view.firstPage) {
    return (
      <EmptyState
        action={
          <Link href={view.clearHref} className={linkClass}>
            Clear filters
          </Link>
        }
      >
        No events {view.asked} — clear filters to see every upcoming event.
      </EmptyState>
    );
  }
  if (view.firstPage) {
    return (
      <EmptyState
        action={
          <LinkButton href="/events/new" variant="secondary" size="sm">
            Host an event
          </LinkButton>
        }
      >
        No upcoming public events yet — host one.
      </EmptyState>
    );
  }
  return <EmptyState>That is everything: no more events.</EmptyState>;
}

/** Every upcoming public event, or those the filters ask for: the filters, one page of cards, and the page links. */
export function BrowseSection({ view }: { view: BrowseView }) {
  const { query, filtered } = view;
  return (
    <section aria-labelledby="browse-title" className="mt-10 min-w-0">
      <h2 id="browse-title" className="text-xl font-bold text-ink sm:text-2xl">
        {filtered ? "Search results" : "All upcoming events"}
      </h2>
      <div className="mt-4 rounded-card border border-surface-border bg-surface p-4 sm:p-5">
        <DiscoverFilters query={query} tagOptions={view.tagOptions} />
      </div>

      {view.badCursor ? (
        <Alert tone="info" className="mt-4">
          That page link is no longer valid, so this is the first page.
        </Alert>
      ) : null}

      <div className="mt-4 flex flex-wrap items-center justify-between gap-x-4 gap-y-1" aria-live="polite">
        <p className="min-w-0 break-words text-sm text-ink-muted">
          {filtered ? `Events ${view.asked}` : "Every upcoming public event"}, {query.sort === "newest" ? "newest first" : "soonest first"}
          {view.firstPage ? "" : " (continued)"}.
        </p>
        {filtered ? (
          <Link href={view.clearHref} className="inline-flex min-h-11 items-center text-sm font-medium text-brand underline-offset-4 hover:underline">
            Clear filters
          </Link>
        ) : null}
      </div>

      <div className="mt-3">
        {view.cards.length > 0 ? <DiscoverGrid events={view.cards} label={filtered ? "Matching events" : "Upcoming events"} /> : <EmptyList view={view} />}
      </div>

      {view.nextHref || view.firstHref ? (
        <nav aria-label="Pages" className="mt-6 flex flex-wrap items-center gap-3">
          {view.nextHref ? (
            <LinkButton href={view.nextHref} variant="secondary">
              More events
            </LinkButton>
          ) : null}
          {view.firstHref ? (
            <Link href={view.firstHref} className={linkClass}>
              Back to the first page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
