import { Link } from "@/components/ui/link";
import { EmptyState } from "@/components/ui/empty-state";
import { LinkButton } from "@/components/ui/button";
import type { RecommendationsView } from "@/lib/discover/views";
import { DiscoverGrid } from "./event-card";
import { textLink } from "@/components/ui/text-link";

// "Recommended for you", on /discover and the home page (signed-in users only).

const linkClass = textLink;

function list(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

export function RecommendedSection({ view, discoverLink = false }: { view: RecommendationsView; discoverLink?: boolean }) {
  return (
    <section aria-labelledby="recommended-title" className="min-w-0">
      <div className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-1">
        <h2 id="recommended-title" className="text-xl font-bold text-ink sm:text-2xl">
          Recommended for you
        </h2>
        {discoverLink ? (
          <Link href="/discover" className={linkClass}>
            Discover more events
          </Link>
        ) : null}
      </div>

      {view.kind === "no_favorites" ? (
        <>
          <div className="mt-4 flex flex-col items-start gap-2 rounded-card border border-brand/30 bg-brand-soft p-4 text-brand-ink sm:p-5">
            <p className="font-medium">{view.message}</p>
            <p className="text-sm">Pick the categories you like (hiking, live music, board games…) and Invyta suggests public events tagged with them.</p>
            <LinkButton href="/profile" size="sm">
              Set your favorite categories
            </LinkButton>
          </div>
          <h3 className="mt-6 text-lg font-semibold text-ink">Popular upcoming events</h3>
          <div className="mt-3">
            {view.popular.length ? (
              <DiscoverGrid events={view.popular} headingLevel={4} label="Popular upcoming events" />
            ) : (
              // Popular leaves out the viewer's own events and those they joined: "none at all" may be false.
              <EmptyState>Nothing new to suggest: no upcoming public events besides your own and the ones you have joined.</EmptyState>
            )}
          </div>
        </>
      ) : view.items.length ? (
        <>
          <p className="mt-1 text-ink-muted">
            Upcoming public events tagged with your favorite categories{" "}
            <Link href="/profile" className="font-medium text-brand underline underline-offset-4">
              (edit them)
            </Link>
            , and with the tags of events you went to.
          </p>
          <div className="mt-4">
            <DiscoverGrid events={view.items} label="Recommended events" />
          </div>
        </>
      ) : (
        <div className="mt-4">
          <EmptyState
            action={
              <div className="flex flex-wrap gap-x-4">
                <Link href="/discover" className={linkClass}>
                  Browse all upcoming events
                </Link>
                <Link href="/profile" className={linkClass}>
                  Edit your favorites
                </Link>
              </div>
            }
          >
            Nothing coming up matches your favorites ({list(view.favorites)}) yet.
          </EmptyState>
        </div>
      )}
    </section>
  );
}
