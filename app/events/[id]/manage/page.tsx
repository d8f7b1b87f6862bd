import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { CohostsSection } from "@/components/events/manage/cohosts-section";
import { DuplicateSection } from "@/components/events/manage/duplicate-section";
import { GuestsSection } from "@/components/events/manage/guests-section";
import { HeaderSection } from "@/components/events/manage/header-section";
import { InviteSection } from "@/components/events/manage/invite-section";
import { RemindersSection } from "@/components/events/manage/reminders-section";
import { RequestsSection } from "@/components/events/manage/requests-section";
import { requireUser } from "@/lib/auth/session";
import { getHostedEvent } from "@/lib/events/access";
import { COHOSTS_MAX } from "@/lib/events/cohost-schema";
import { cohostsOf } from "@/lib/events/cohosts";
import { cursorParam, pageHref, pageOrFirst, type SearchParams } from "@/lib/events/pages";
import { inviteLink } from "@/lib/events/invites";
import { reminderOffsetsOf } from "@/lib/events/reminders";
import { listGuests, listRequests } from "@/lib/events/lists";
import { cohostViewOf, duplicateStartOf, guestRowOf, managePageViewOf, requestRowOf } from "@/lib/events/views";
import { orNotFound } from "@/lib/http/pages";
import { textLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Manage event" };

type Params = Promise<{ id: string }>;

export default async function ManageEventPage({ params, searchParams }: { params: Params; searchParams: Promise<SearchParams> }) {
  const { id } = await params;
  const query = await searchParams;
  const user = await requireUser(`/events/${encodeURIComponent(id)}/manage`);
  const { event: doc, role } = await orNotFound(getHostedEvent(id, user));
  const isOwner = role === "owner";
  const event = managePageViewOf(doc, inviteLink(doc), role);
  // Each list shows one page; "Show more" moves that list on (?guests= / ?requests=) and keeps the other where it is.
  const path = `${event.path}/manage`;
  const guestsAt = cursorParam(query, "guests");
  const requestsAt = cursorParam(query, "requests");
  const [guestPage, requestPage, cohosts] = await Promise.all([
    pageOrFirst(guestsAt, (cursor) => listGuests(user, event.id, { cursor })),
    pageOrFirst(requestsAt, (cursor) => listRequests(user, event.id, { cursor })),
    cohostsOf(doc),
  ]);
  const paging = (key: string, at: string | undefined, next: string | null, hash: string) => ({
    next: next ? pageHref(path, query, key, next, hash) : null,
    first: at ? pageHref(path, query, key, null, hash) : null,
  });

  return (
    // Printing this page prints the QR card only: the site header and footer are hidden too.
    <div className="mx-auto w-full max-w-5xl px-4 py-8 sm:py-12 print:max-w-none print:p-0 print:[body:has(&)>:not(main)]:hidden">
      <HeaderSection event={event} />
      {/* Waiting people come first: approving them is the most time-sensitive job here. */}
      <RequestsSection event={event} requests={requestPage.guests.map(requestRowOf)} {...paging("requests", requestsAt, requestPage.next_cursor, "requests-title")} />
      <InviteSection event={event} />
      <CohostsSection eventId={event.id} cohosts={cohosts.map(cohostViewOf)} isOwner={isOwner} viewerId={user.id} max={COHOSTS_MAX} />
      {/* The event's settings are the owner's: co-hosts run the guests, not the event. */}
      {isOwner ? <RemindersSection eventId={event.id} offsets={reminderOffsetsOf(doc)} /> : null}
      {isOwner ? <DuplicateSection eventId={event.id} timeZone={doc.timezone} suggestedStart={duplicateStartOf(doc)} /> : null}
      <GuestsSection event={event} guests={guestPage.guests.map((g) => guestRowOf(g, doc.questions))} pagedOn={!!guestsAt} {...paging("guests", guestsAt, guestPage.next_cursor, "guests-title")} />
      <p className="mt-8 print:hidden"><Link href={`${event.path}/moderation`} className={textLink}>Review photos &amp; videos</Link></p>
    </div>
  );
}
