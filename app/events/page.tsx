import type { Metadata } from "next";
import type { ReactNode } from "react";
import { EmptyState, EventCard, summaryOf, type EventSummary } from "@/components/events/event-bits";
import { LinkButton } from "@/components/ui/button";
import { Container } from "@/components/ui/container";
import { requireUser } from "@/lib/auth/session";
import type { AttendanceStatus } from "@/lib/db";
import { isOver, listHostedEvents, listJoinedEvents } from "@/lib/events/service";

export const metadata: Metadata = { title: "My events" };

type Row = { event: EventSummary; status?: AttendanceStatus; over: boolean };

/** Upcoming soonest first; past most recent first. */
function split(rows: Row[]): { upcoming: Row[]; past: Row[] } {
  const upcoming = rows.filter((r) => !r.over);
  const past = rows.filter((r) => r.over).reverse();
  return { upcoming, past };
}

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

function Section({ id, title, rows, hosting, emptyUpcoming, emptyPast }: { id: string; title: string; rows: Row[]; hosting: boolean; emptyUpcoming: ReactNode; emptyPast: string }) {
  const { upcoming, past } = split(rows);
  return (
    <section aria-labelledby={`${id}-title`} className="mt-10">
      <h2 id={`${id}-title`} className="text-xl font-bold text-ink">
        {title}
      </h2>
      <h3 className="mt-4 text-sm font-semibold uppercase tracking-wide text-ink-muted">Upcoming</h3>
      <div className="mt-2">
        <EventList rows={upcoming} hosting={hosting} empty={emptyUpcoming} />
      </div>
      {past.length > 0 || rows.length > 0 ? (
        <>
          <h3 className="mt-6 text-sm font-semibold uppercase tracking-wide text-ink-muted">Past</h3>
          <div className="mt-2">
            <EventList rows={past} hosting={hosting} empty={<p className="text-sm text-ink-muted">{emptyPast}</p>} />
          </div>
        </>
      ) : null}
    </section>
  );
}

export default async function EventsPage() {
  const user = await requireUser("/events");
  const [hosted, joined] = await Promise.all([listHostedEvents(user), listJoinedEvents(user)]);
  const now = new Date();
  const hostedRows: Row[] = hosted.map((e) => ({ event: summaryOf(e), over: isOver(e, now) }));
  const joinedRows: Row[] = joined.map((m) => ({ event: summaryOf(m.event), status: m.status, over: isOver(m.event, now) }));

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
        rows={hostedRows}
        hosting
        emptyUpcoming={
          <EmptyState
            action={
              <LinkButton href="/events/new" variant="secondary" size="sm">
                Create an event
              </LinkButton>
            }
          >
            {hostedRows.length === 0 ? "You're not hosting anything yet." : "Nothing coming up that you host."} Create an event, then share its
            invite link or QR code.
          </EmptyState>
        }
        emptyPast="No past events yet."
      />

      <Section
        id="going"
        title="Events I'm going to"
        rows={joinedRows}
        hosting={false}
        emptyUpcoming={
          <EmptyState>
            {joinedRows.length === 0 ? "You haven't joined any events yet." : "Nothing coming up."} When someone sends you an invite link or QR code,
            open it to join — the event will show up here.
          </EmptyState>
        }
        emptyPast="No past events yet."
      />
    </Container>
  );
}
