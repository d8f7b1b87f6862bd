import type { ReactNode } from "react";
import { EventCard } from "@/components/events/event-card";
import type { MyEventRow } from "@/lib/events/views";

function EventList({ rows, hosting, empty }: { rows: MyEventRow[]; hosting: boolean; empty: ReactNode }) {
  if (rows.length === 0) return <>{empty}</>;
  return (
    <ul className="grid gap-4 md:grid-cols-2">
      {rows.map((r) => (
        <li key={r.event.id} className="min-w-0">
          <EventCard event={r.event} status={r.status} hosting={hosting} />
        </li>
      ))}
    </ul>
  );
}

export type EventsSectionProps = {
  id: string;
  title: string;
  /** Soonest first. */
  upcoming: MyEventRow[];
  /** Most recent first. */
  past: MyEventRow[];
  showPast: boolean;
  hosting: boolean;
  emptyUpcoming: ReactNode;
  emptyPast: string;
  /** Paging links: under each half, or (for a list paged as a whole) at the end. */
  upcomingPaging?: ReactNode;
  pastPaging?: ReactNode;
  paging?: ReactNode;
};

/** A list on My events: upcoming, then past, each with its empty state. */
export function EventsSection({ id, title, upcoming, past, showPast, hosting, emptyUpcoming, emptyPast, upcomingPaging, pastPaging, paging }: EventsSectionProps) {
  return (
    <section aria-labelledby={`${id}-title`} className="mt-10">
      <h2 id={`${id}-title`} className="text-xl font-bold text-ink">
        {title}
      </h2>
      <h3 id={`${id}-upcoming`} className="mt-4 text-sm font-semibold uppercase tracking-wide text-ink-muted">
        Upcoming
      </h3>
      <div className="mt-2">
        <EventList rows={upcoming} hosting={hosting} empty={emptyUpcoming} />
      </div>
      {upcomingPaging}
      {showPast ? (
        <>
          <h3 id={`${id}-past`} className="mt-6 text-sm font-semibold uppercase tracking-wide text-ink-muted">
            Past
          </h3>
          <div className="mt-2">
            <EventList rows={past} hosting={hosting} empty={<p className="text-sm text-ink-muted">{emptyPast}</p>} />
          </div>
          {pastPaging}
        </>
      ) : null}
      {paging}
    </section>
  );
}
