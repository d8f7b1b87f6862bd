import type { Metadata } from "next";
import Link from "next/link";
import { Counts, eventSlug, PageLinks, StatusBadge, VisibilityBadge } from "@/components/events/event-bits";
import { InviteByEmailCard, InviteLinkCard, InviteQrCard, InviteSettingsCard } from "@/components/events/invite-panel";
import { LocalDate, LocalTime } from "@/components/events/local-time";
import { RequestsPanel } from "@/components/events/requests-panel";
import { LinkButton } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/session";
import { cursorParam, hostedEventForPage, pageHref, pageOrFirst, type SearchParams } from "@/lib/events/pages";
import { inviteLink } from "@/lib/events/invites";
import { formatEventTime } from "@/lib/events/time";
import { listGuests, listRequests } from "@/lib/events/lists";

export const metadata: Metadata = { title: "Manage event" };

type Params = Promise<{ id: string }>;

const sectionClass = "min-w-0 rounded-card border border-surface-border bg-surface p-4 shadow-sm sm:p-6 print:hidden";

export default async function ManageEventPage({ params, searchParams }: { params: Params; searchParams: Promise<SearchParams> }) {
  const { id } = await params;
  const query = await searchParams;
  const user = await requireUser(`/events/${encodeURIComponent(id)}/manage`);
  const event = await hostedEventForPage(id, user);
  const eventId = event._id.toHexString();
  // Each list shows one page; "Show more" moves that list on (?guests= / ?requests=) and keeps the other where it is.
  const path = `/events/${eventId}/manage`;
  const guestsAt = cursorParam(query, "guests");
  const requestsAt = cursorParam(query, "requests");
  const [guestPage, requestPage] = await Promise.all([
    pageOrFirst(guestsAt, (cursor) => listGuests(user, eventId, { cursor })),
    pageOrFirst(requestsAt, (cursor) => listRequests(user, eventId, { cursor })),
  ]);
  const guests = guestPage.guests;
  const requests = requestPage.guests;
  const { attending, maybe, waitlisted, not_attending, pending } = event.counts;
  const guestTotal = attending + maybe + waitlisted + not_attending;
  const link = inviteLink(event);
  const startsAt = event.starts_at.toISOString();
  const endsAt = event.ends_at ? event.ends_at.toISOString() : null;

  return (
    // Printing this page prints the QR card only: the site header and footer are hidden too.
    <div className="mx-auto w-full max-w-5xl px-4 py-8 sm:py-12 print:max-w-none print:p-0 print:[body:has(&)>:not(main)]:hidden">
      <div className="print:hidden">
        <Link href={`/events/${eventId}`} className="inline-flex min-h-11 items-center text-sm font-medium text-brand underline-offset-4 hover:underline">
          <span aria-hidden="true">←&nbsp;</span>Event page
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <VisibilityBadge isPrivate={event.is_private} />
          <span className="text-sm text-ink-muted">{"You're the host"}</span>
        </div>
        <h1 className="mt-2 break-words text-2xl font-bold text-ink sm:text-3xl">
          <span className="sr-only">Manage </span>
          {event.title}
        </h1>
        <p className="mt-1 text-ink-muted">
          <LocalTime start={startsAt} end={endsAt} timeZone={event.timezone} />
        </p>
        <div className="mt-4 flex flex-wrap items-end justify-between gap-4">
          <Counts counts={event.counts} show={["attending", "maybe", "pending", "waitlisted"]} maxPeople={event.max_people} />
          <div className="flex flex-wrap gap-2">
            <LinkButton href={`/events/${eventId}`} variant="secondary" size="sm">
              View event page
            </LinkButton>
            <LinkButton href={`/events/${eventId}/edit`} variant="secondary" size="sm">
              Edit event
            </LinkButton>
          </div>
        </div>
      </div>

      {/* Waiting people come first: approving them is the most time-sensitive job here. */}
      {event.is_private || pending > 0 || requests.length > 0 ? (
        <section aria-labelledby="requests-title" className={`mt-8 ${sectionClass}`}>
          <h2 id="requests-title" className="text-lg font-semibold text-ink">
            Join requests <span className="font-normal text-ink-muted">({pending})</span>
          </h2>
          <div className="mt-3">
            <RequestsPanel
              eventId={eventId}
              total={pending}
              requests={requests.map((r) => ({ user_id: r.user_id, username: r.username, email: r.email, joined_at: r.joined_at.toISOString() }))}
            />
          </div>
          <PageLinks
            what="join requests"
            next={requestPage.next_cursor ? pageHref(path, query, "requests", requestPage.next_cursor, "requests-title") : null}
            first={requestsAt ? pageHref(path, query, "requests", null, "requests-title") : null}
          />
        </section>
      ) : null}

      <div className="mt-8 grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] print:mt-0 print:block">
        <div className="flex min-w-0 flex-col gap-6 print:hidden">
          <InviteLinkCard eventId={eventId} link={link} isPrivate={event.is_private} />
        </div>
        <div className="lg:row-span-3">
          {/* The printed sheet says when in the event's zone, formatted here: a browser's time-zone data may differ. */}
          <InviteQrCard link={link} title={event.title} slug={eventSlug(event.title)} when={formatEventTime(event.starts_at, event.ends_at, event.timezone)} />
        </div>
        <div className="flex min-w-0 flex-col gap-6 print:hidden">
          <InviteSettingsCard
            eventId={eventId}
            settings={{
              expiresAt: event.invite_expires_at?.toISOString() ?? null,
              maxUses: event.invite_max_uses ?? null,
              uses: event.invite_uses,
              usesLeft: event.invite_uses_left ?? null,
            }}
          />
          <InviteByEmailCard eventId={eventId} />
        </div>
      </div>

      <section aria-labelledby="guests-title" className={`mt-8 ${sectionClass}`}>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="guests-title" className="text-lg font-semibold text-ink">
            Guest list <span className="font-normal text-ink-muted">({guestTotal})</span>
          </h2>
          {guestTotal > 0 || guests.length > 0 ? (
            <a
              href={`/events/${eventId}/guests.csv`}
              download
              className="inline-flex min-h-9 items-center rounded-control border border-surface-border bg-surface px-3 text-sm font-medium text-ink hover:bg-surface-sunken"
            >
              Export CSV
            </a>
          ) : null}
        </div>
        {guests.length === 0 && guestsAt ? (
          <p className="mt-3 text-ink-muted">No more guests.</p>
        ) : guests.length === 0 ? (
          <p className="mt-3 text-ink-muted">
            No guests yet. Share the invite link or QR code{event.is_private ? ", then approve the requests that come in" : ""}.
          </p>
        ) : (
          <ul className="mt-3 divide-y divide-surface-border rounded-card border border-surface-border">
            {guests.map((g) => (
              <li key={g.user_id} className="flex flex-col gap-1 p-4 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
                <div className="min-w-0">
                  {g.username ? (
                    <Link href={`/users/${g.user_id}`} className="break-words font-medium text-brand underline-offset-4 hover:underline">
                      {g.username}
                    </Link>
                  ) : (
                    <span className="font-medium text-ink">New member</span>
                  )}
                  <p className="break-words text-sm text-ink-muted">
                    {g.email ? `${g.email} · ` : ""}joined <LocalDate iso={g.joined_at.toISOString()} />
                  </p>
                </div>
                <div className="shrink-0">
                  <StatusBadge status={g.status} />
                </div>
              </li>
            ))}
          </ul>
        )}
        <PageLinks
          what="guests"
          next={guestPage.next_cursor ? pageHref(path, query, "guests", guestPage.next_cursor, "guests-title") : null}
          first={guestsAt ? pageHref(path, query, "guests", null, "guests-title") : null}
        />
      </section>
      <p className="mt-8 print:hidden"><Link href={`/events/${eventId}/moderation`} className="font-medium text-brand underline-offset-4 hover:underline">Review photos &amp; videos</Link></p>
    </div>
  );
}
