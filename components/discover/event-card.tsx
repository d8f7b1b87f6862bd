import { Link } from "@/components/ui/link";
import { CardTitle } from "@/components/events/card-title";
import { Badge } from "@/components/ui/badge";
import { discoverHref } from "@/lib/discover/schema";
import type { DiscoverCardView } from "@/lib/discover/views";

// A public event as discover and recommendations show it: why it is suggested, when and where, its
// tags (each a link to more of the same, its tap area 44 px high), and whether it is full. The whole
// card opens the event (components/events/card-title.tsx). Server-rendered.

function sentence(reason: string): string {
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

const MAX_REASONS = 2;
const MAX_TAGS = 5;

export function DiscoverEventCard({ event, headingLevel = 3 }: { event: DiscoverCardView; headingLevel?: 3 | 4 }) {
  const reasons = event.reasons.slice(0, MAX_REASONS);
  return (
    <article className="relative flex h-full min-w-0 flex-col gap-3 rounded-card border border-surface-border bg-surface p-4 shadow-sm sm:p-5">
      {reasons.length > 0 ? (
        <ul className="flex flex-col gap-0.5 text-sm font-medium text-brand-ink" aria-label="Why it is suggested">
          {reasons.map((reason) => (
            <li key={reason} className="break-words">
              {sentence(reason)}
            </li>
          ))}
        </ul>
      ) : null}
      <CardTitle event={event} headingLevel={headingLevel} />
      <div className="flex flex-wrap items-center gap-2 text-sm text-ink-muted">
        {event.isFull ? <Badge tone="danger">Full</Badge> : null}
        <span>
          {event.going} going{event.maxPeople ? ` of ${event.maxPeople}` : ""}
        </span>
      </div>
      {event.tags.length > 0 ? (
        <ul className="mt-auto flex min-w-0 flex-wrap gap-2" aria-label="Tags">
          {event.tags.slice(0, MAX_TAGS).map((tag) => (
            <li key={tag} className="min-w-0">
              <Link
                href={discoverHref({ tags: [tag] })}
                className="relative z-10 inline-flex min-h-7 max-w-full items-center break-all rounded-pill bg-surface-sunken px-2.5 text-xs font-medium text-ink-muted underline-offset-2 before:absolute before:inset-x-0 before:-inset-y-2 before:content-[''] hover:underline"
              >
                <span className="sr-only">More events tagged </span>#{tag}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

/** A responsive grid of cards: one column on a phone. */
export function DiscoverGrid({ events, headingLevel = 3, label }: { events: DiscoverCardView[]; headingLevel?: 3 | 4; label?: string }) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label={label}>
      {events.map((event) => (
        <li key={event.id} className="min-w-0">
          <DiscoverEventCard event={event} headingLevel={headingLevel} />
        </li>
      ))}
    </ul>
  );
}
