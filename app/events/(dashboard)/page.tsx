import type { Metadata } from "next";
import type { ReactNode } from "react";
import { EmptyState, EventCard, PageLinks, summaryOf, type EventSummary } from "@/components/events/event-bits";
import { LinkButton } from "@/components/ui/button";
import { Container } from "@/components/ui/container";
import { requireUser } from "@/lib/auth/session";
import type { AttendanceStatus } from "@/lib/db/types";
import { cursorParam, pageHref, pageOrFirst, type SearchParams } from "@/lib/events/pages";
import { isOver } from "@/lib/events/access";
import { listHostedEvents, listJoinedEvents } from "@/lib/events/lists";

export const metadata: Metadata = { title: "My events" };

type Row = { event: EventSummary; status?: AttendanceStatus };

function EventList({ rows, hosting, empty }: { rows: Row[]; hosting: boolean; empty: ReactNode }) {
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

type SectionProps = {
  id: string;
  title: string;
  /** Soonest first. */
  upcoming: Row[];
  /** Most recent first. */
  past: Row[];
  showPast: boolean;
  hosting: boolean;
  emptyUpcoming: ReactNode;
  emptyPast: string;
  /** Paging links: under each half, or (for a list paged as a whole) at the end. */
  upcomingPaging?: ReactNode;
  pastPaging?: ReactNode;
  paging?: ReactNode;
};

function Section({ id, title, upcoming, past, showPast, hosting, emptyUpcoming, emptyPast, upcomingPaging, pastPaging, paging }: SectionProps) {
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

const PATH = "/events";

export default async function EventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser(PATH);
  const query = await searchParams;
  const now = new Date();
  // Three lists, each a page at a time with its own cursor in the URL: hosted and not over yet
  // (?hosting=), hosted and over (?hosted_past=), joined (?joined=).
  const at = { hosting: cursorParam(query, "hosting"), hosted_past: cursorParam(query, "hosted_past"), joined: cursorParam(query, "joined") };
  const [hostedUpcoming, hostedPast, joined] = await Promise.all([
    pageOrFirst(at.hosting, (cursor) => listHostedEvents(user, { cursor, now })),
    pageOrFirst(at.hosted_past, (cursor) => listHostedEvents(user, { cursor, now, past: true })),
    pageOrFirst(at.joined, (cursor) => listJoinedEvents(user, { cursor })),
  ]);
  const joinedRows: Array<Row & { over: boolean }> = joined.events.map((m) => ({ event: summaryOf(m.event), status: m.status, over: isOver(m.event, now) }));
  const hostsNothing = !at.hosting && !at.hosted_past && hostedUpcoming.events.length === 0 && hostedPast.events.length === 0;
  const joinedNothing = !at.joined && joinedRows.length === 0;
  const paging = (key: keyof typeof at, next: string | null, what: string, hash: string) => (
    <PageLinks what={what} next={next ? pageHref(PATH, query, key, next, hash) : null} first={at[key] ? pageHref(PATH, query, key, null, hash) : null} />
  );

  return (
    <Container className="py-8 sm:py-12">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-bold text-ink sm:text-3xl">My events</h1>
          <p className="mt-1 text-ink-muted">Times are shown in your time zone.</p>
        </div>
        <LinkButton href="/events/new">Create event</LinkButton>
      </div>

      <Section
        id="hosting"
        title="Events I'm hosting"
        upcoming={hostedUpcoming.events.map((e) => ({ event: summaryOf(e) }))}
        past={hostedPast.events.map((e) => ({ event: summaryOf(e) }))}
        showPast={!hostsNothing}
        hosting
        upcomingPaging={paging("hosting", hostedUpcoming.next_cursor, "upcoming events I'm hosting", "hosting-upcoming")}
        pastPaging={paging("hosted_past", hostedPast.next_cursor, "past events I hosted", "hosting-past")}
        emptyUpcoming={
          <EmptyState
            action={
              <LinkButton href="/events/new" variant="secondary" size="sm">
                Create an event
              </LinkButton>
            }
          >
            {hostsNothing ? "You're not hosting anything yet." : "Nothing coming up that you host."} Create an event, then share its
            invite link or QR code.
          </EmptyState>
        }
        emptyPast="No past events yet."
      />

      <Section
        id="going"
        title="Events I'm going to"
        upcoming={joinedRows.filter((r) => !r.over)}
        past={joinedRows.filter((r) => r.over).reverse()}
        showPast={!joinedNothing}
        hosting={false}
        paging={paging("joined", joined.next_cursor, "events I joined", "going-title")}
        emptyUpcoming={
          <EmptyState>
            {joinedNothing ? "You haven't joined any events yet." : "Nothing coming up."} When someone sends you an invite link or QR code,
            open it to join — the event will show up here.
          </EmptyState>
        }
        emptyPast="No past events yet."
      />
    </Container>
  );
}
