import Link from "next/link";
import { Counts } from "@/components/events/counts";
import { EventTime } from "@/components/events/local-time";
import { VisibilityBadge } from "@/components/events/status-badge";
import { LinkButton } from "@/components/ui/button";
import type { ManagePageView } from "@/lib/events/views";

/** The top of the Manage page: back to the event, its title and time, the counts, and links to view and edit. */
export function HeaderSection({ event }: { event: ManagePageView }) {
  return (
    <div className="print:hidden">
      <Link href={event.path} className="inline-flex min-h-11 items-center text-sm font-medium text-brand underline-offset-4 hover:underline">
        <span aria-hidden="true">←&nbsp;</span>Event page
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <VisibilityBadge isPrivate={event.isPrivate} />
        <span className="text-sm text-ink-muted">{"You're the host"}</span>
      </div>
      <h1 className="mt-2 break-words text-2xl font-bold text-ink sm:text-3xl">
        <span className="sr-only">Manage </span>
        {event.title}
      </h1>
      <div className="mt-1 flex flex-col gap-0.5 text-ink-muted">
        <EventTime start={event.startsAt} end={event.endsAt} timeZone={event.timezone} viewerClassName="text-sm" />
      </div>
      <div className="mt-4 flex flex-wrap items-end justify-between gap-4">
        <Counts counts={event.counts} show={["attending", "maybe", "pending", "waitlisted"]} maxPeople={event.maxPeople} />
        <div className="flex flex-wrap gap-2">
          <LinkButton href={event.path} variant="secondary" size="sm">
            View event page
          </LinkButton>
          <LinkButton href={`${event.path}/edit`} variant="secondary" size="sm">
            Edit event
          </LinkButton>
        </div>
      </div>
    </div>
  );
}
