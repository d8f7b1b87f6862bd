import { Link } from "@/components/ui/link";
import { Counts } from "@/components/events/counts";
import { EventTime } from "@/components/events/local-time";
import { VisibilityBadge } from "@/components/events/status-badge";
import { buttonClass, LinkButton } from "@/components/ui/button";
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
        <span className="text-sm text-ink-muted">{event.role === "owner" ? "You're the host" : "You're a co-host"}</span>
      </div>
      <h1 className="mt-2 break-words text-2xl font-bold text-ink sm:text-3xl">
        <span className="sr-only">Manage </span>
        {event.title}
      </h1>
      <div className="mt-1 flex flex-col gap-0.5 text-ink-muted">
        <EventTime start={event.startsAt} end={event.endsAt} timeZone={event.timezone} viewerClassName="text-sm" />
      </div>
      <div className="mt-4 flex flex-wrap items-end justify-between gap-4">
        <Counts counts={event.counts} show={["attending", "maybe", "pending", "waitlisted"]} maxPeople={event.maxPeople} guests={event.guestsAttending} />
        <div className="flex flex-wrap gap-2">
          {/* A full page load: the camera is allowed only in a document loaded as the check-in page (its Permissions-Policy). */}
          <a href={`${event.path}/check-in`} className={buttonClass("primary", "sm")}>
            Check in guests
          </a>
          <LinkButton href={event.path} variant="secondary" size="sm">
            View event page
          </LinkButton>
          {event.role === "owner" ? (
            <LinkButton href={`${event.path}/edit`} variant="secondary" size="sm">
              Edit event
            </LinkButton>
          ) : null}
        </div>
      </div>
    </div>
  );
}
