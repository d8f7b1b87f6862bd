import type { Metadata } from "next";
import { EventsSection } from "@/components/events/dashboard/events-section";
import { HostedSection } from "@/components/events/dashboard/hosted-section";
import { JoinedSection } from "@/components/events/dashboard/joined-section";
import { LinkButton } from "@/components/ui/button";
import { Container } from "@/components/ui/container";
import { PageLinks } from "@/components/ui/page-links";
import { requireUser } from "@/lib/auth/session";
import { cursorParam, pageHref, pageOrFirst, type SearchParams } from "@/lib/events/pages";
import { listCohostedEvents, listHostedEvents, listJoinedEvents } from "@/lib/events/lists";
import { hostedRowsOf, joinedRowsOf } from "@/lib/events/views";

export const metadata: Metadata = { title: "My events" };

const PATH = "/events";

export default async function EventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser(PATH);
  const query = await searchParams;
  const now = new Date();
  // Three lists, each a page at a time with its own cursor in the URL: hosted and not over yet
  // (?hosting=), hosted and over (?hosted_past=), joined (?joined=).
  const at = { hosting: cursorParam(query, "hosting"), hosted_past: cursorParam(query, "hosted_past"), joined: cursorParam(query, "joined") };
  const [hostedUpcoming, hostedPast, joined, cohosted] = await Promise.all([
    pageOrFirst(at.hosting, (cursor) => listHostedEvents(user, { cursor, now })),
    pageOrFirst(at.hosted_past, (cursor) => listHostedEvents(user, { cursor, now, past: true })),
    pageOrFirst(at.joined, (cursor) => listJoinedEvents(user, { cursor })),
    listCohostedEvents(user, now),
  ]);
  const paging = (key: keyof typeof at, next: string | null, what: string, hash: string) => (
    <PageLinks what={what} next={next ? pageHref(PATH, query, key, next, hash) : null} first={at[key] ? pageHref(PATH, query, key, null, hash) : null} />
  );

  return (
    <Container className="py-8 sm:py-12">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-bold text-ink sm:text-3xl">My events</h1>
          <p className="mt-1 text-ink-muted">{"Times are in each event's own time zone, and in yours when it differs."}</p>
        </div>
        <LinkButton href="/events/new">Create event</LinkButton>
      </div>
      <HostedSection
        upcoming={hostedRowsOf(hostedUpcoming.events)}
        past={hostedRowsOf(hostedPast.events)}
        hostsNothing={!at.hosting && !at.hosted_past && hostedUpcoming.events.length === 0 && hostedPast.events.length === 0}
        upcomingPaging={paging("hosting", hostedUpcoming.next_cursor, "upcoming events I'm hosting", "hosting-upcoming")}
        pastPaging={paging("hosted_past", hostedPast.next_cursor, "past events I hosted", "hosting-past")}
      />
      {cohosted.length > 0 ? (
        <EventsSection
          id="cohosting"
          title="Events I co-host"
          upcoming={hostedRowsOf(cohosted)}
          past={[]}
          showPast={false}
          hosting
          emptyUpcoming={null}
          emptyPast=""
        />
      ) : null}
      <JoinedSection
        {...joinedRowsOf(joined.events, now)}
        joinedNothing={!at.joined && joined.events.length === 0}
        paging={paging("joined", joined.next_cursor, "events I joined", "going-title")}
      />
    </Container>
  );
}
