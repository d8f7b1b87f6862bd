import { Link } from "@/components/ui/link";
import { Badge } from "@/components/ui/badge";
import type { AttendanceStatus, EventCardView } from "@/lib/events/views";
import { CardTitle } from "./card-title";
import { Counts } from "./counts";
import { StatusBadge, VisibilityBadge } from "./status-badge";

/** A card on the dashboard (the whole card opens the event): badges, title, time, place, counts, and Manage for a host. */
export function EventCard({
  event,
  headingLevel = 4,
  status,
  hosting = false,
}: {
  event: EventCardView;
  headingLevel?: 3 | 4;
  status?: AttendanceStatus;
  hosting?: boolean;
}) {
  return (
    <article className="relative flex min-w-0 flex-col gap-3 rounded-card border border-surface-border bg-surface p-4 shadow-sm sm:p-5">
      <div className="flex flex-wrap items-center gap-2">
        {status ? <StatusBadge status={status} /> : null}
        {hosting ? <Badge tone="brand">Hosting</Badge> : null}
        <VisibilityBadge isPrivate={event.isPrivate} />
        {event.isFull ? <Badge tone="danger">Full</Badge> : null}
        {hosting && event.counts.pending > 0 ? (
          <Badge tone="warning">
            {event.counts.pending} to approve
          </Badge>
        ) : null}
      </div>
      <CardTitle event={event} headingLevel={headingLevel} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <Counts counts={event.counts} show={hosting ? ["attending", "maybe", "pending"] : ["attending", "maybe"]} maxPeople={event.maxPeople} size="sm" />
        {hosting ? (
          <Link
            href={`/events/${event.id}/manage`}
            className="relative z-10 inline-flex min-h-11 items-center rounded-control px-2 text-sm font-medium text-brand underline-offset-4 hover:underline"
          >
            Manage<span className="sr-only"> {event.title}</span>
          </Link>
        ) : null}
      </div>
    </article>
  );
}
