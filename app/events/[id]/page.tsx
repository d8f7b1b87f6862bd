import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { Badge, Counts, STATUS_LABELS, StatusBadge, VisibilityBadge } from "@/components/events/event-bits";
import { LinkifiedText } from "@/components/events/linkified-text";
import { ViewerLocalTime } from "@/components/events/local-time";
import { GoingSection } from "@/components/events/page/going-section";
import { RsvpButtons } from "@/components/events/rsvp-buttons";
import { Gallery } from "@/components/media/gallery";
import { UploadPanel } from "@/components/media/upload-panel";
import { mediaViewOf } from "@/components/media/view";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/field";
import { currentUser, loginUrl } from "@/lib/auth/session";
import type { AttendanceStatus } from "@/lib/db/types";
import { isFull } from "@/lib/events/capacity";
import { env } from "@/lib/env";
import { NotFound } from "@/lib/errors";
import { googleCalendarUrl } from "@/lib/events/ics";
import type { RsvpStatus } from "@/lib/events/schema";
import { getEventForViewer, GUEST_LIST_STATUSES, isOver, type EventView, type Viewer } from "@/lib/events/access";
import { facesOf, waitlistPosition } from "@/lib/events/membership";
import { formatEventTime } from "@/lib/events/time";
import { eventMediaPreview, mediaAccessOf, mediaLimits } from "@/lib/media/service";
import { getPublicProfile } from "@/lib/profiles/service";

type Params = Promise<{ id: string }>;

/** One lookup per request, shared by the metadata and the page; not visible → the 404 page. */
const loadEvent = cache(async (id: string) => {
  const viewer = await currentUser();
  try {
    return { viewer, ...(await getEventForViewer(id, viewer)) };
  } catch (err) {
    if (err instanceof NotFound) notFound();
    throw err;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { event } = await loadEvent((await params).id);
  return { title: event.title };
}

const RSVP_VALUES: readonly string[] = ["attending", "maybe", "not_attending"];

/** The newest few photos and videos the viewer may see, kept in the event document (no media query). */
async function mediaPreview(view: EventView, viewer: Viewer) {
  const access = mediaAccessOf(view, viewer);
  const { items, more, pending } = await eventMediaPreview(access);
  return { access, items: items.map((item) => mediaViewOf(item, { id: access.viewerId, isOwner: access.isOwner })), more, pending };
}
const linkClass = "font-medium text-brand underline-offset-4 hover:underline";

export default async function EventPage({ params }: { params: Params }) {
  const { id } = await params;
  const { viewer, event, membership, isOwner } = await loadEvent(id);
  const eventId = event._id.toHexString();
  const eventPath = `/events/${eventId}`;
  const status: AttendanceStatus | null = membership?.status ?? null;
  const over = isOver(event);
  const full = isFull(event);
  const view: EventView = { event, membership, isOwner };

  // Everything else the page shows, read at once.
  // Who may see the guest list sees its first faces, kept in the event document.
  const seesGuests = isOwner || (status !== null && GUEST_LIST_STATUSES.includes(status));
  const [place, media, host, faces] = await Promise.all([
    waitlistPosition(event, membership),
    mediaPreview(view, viewer),
    getPublicProfile(viewer, event.owner_id.toHexString()).catch((err) => {
      if (err instanceof NotFound) return null;
      throw err;
    }),
    seesGuests ? facesOf(event) : Promise.resolve(null),
  ]);

  const startsAt = event.starts_at.toISOString();
  const endsAt = event.ends_at ? event.ends_at.toISOString() : null;
  const calendar = {
    title: event.title,
    description: event.description,
    location: event.location,
    startsAt: event.starts_at,
    endsAt: event.ends_at,
    url: new URL(eventPath, env().APP_URL).toString(),
  };

  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-8 sm:py-12">
      <div className="flex flex-wrap items-center gap-2">
        <VisibilityBadge isPrivate={event.is_private} />
        {full ? <Badge tone="danger">Full</Badge> : null}
        {over ? <Badge>Past event</Badge> : null}
        {isOwner ? <Badge tone="brand">{"You're the host"}</Badge> : status ? <StatusBadge status={status} /> : null}
      </div>
      <h1 className="mt-3 break-words text-3xl font-bold tracking-tight text-ink sm:text-4xl">{event.title}</h1>

      <div className="mt-4 flex flex-col gap-2 text-ink">
        <p>
          <span className="sr-only">When: </span>
          <time dateTime={startsAt} className="font-medium">
            {formatEventTime(event.starts_at, event.ends_at, event.timezone)}
          </time>
          <span className="text-ink-muted"> · {event.timezone.replace(/_/g, " ")}</span>
        </p>
        <ViewerLocalTime start={startsAt} end={endsAt} timeZone={event.timezone} className="text-sm text-ink-muted" />
        {event.location ? (
          <p className="break-words">
            <span className="sr-only">Where: </span>
            {event.location}
          </p>
        ) : null}
        <p className="text-ink-muted">
          Hosted by{" "}
          {host?.username ? (
            <Link href={`/users/${host.user_id}`} className={linkClass}>
              {host.username}
            </Link>
          ) : (
            "an Invyta member"
          )}
        </p>
      </div>

      {isOwner ? (
        <div className="mt-6 flex flex-wrap gap-3">
          <LinkButton href={`${eventPath}/manage`}>Manage</LinkButton>
          <LinkButton href={`${eventPath}/edit`} variant="secondary">
            Edit
          </LinkButton>
        </div>
      ) : null}

      <Card className="mt-6 p-4 sm:p-6">
        <h2 className="sr-only">Who is coming</h2>
        <Counts
          counts={event.counts}
          show={isOwner ? ["attending", "maybe", "pending", "waitlisted"] : ["attending", "maybe"]}
          maxPeople={event.max_people}
        />
        {event.max_people && !full && !over ? (
          <p className="mt-2 text-sm text-ink-muted">
            {event.seats_left} of {event.max_people} spots left.
          </p>
        ) : null}
      </Card>

      {!isOwner ? (
        <section aria-labelledby="rsvp-title" className="mt-6">
          <Card className="p-4 sm:p-6">
            <h2 id="rsvp-title" className="text-lg font-semibold text-ink">
              Are you going?
            </h2>
            <div className="mt-3">
              {!viewer ? (
                <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
                  <LinkButton href={loginUrl(eventPath)}>Sign in to RSVP</LinkButton>
                  <p className="text-sm text-ink-muted">
                    New to Invyta?{" "}
                    <Link href={`/signup?next=${encodeURIComponent(eventPath)}`} className={linkClass}>
                      Create an account
                    </Link>
                  </p>
                </div>
              ) : over ? (
                <p className="text-ink-muted">
                  This event is over.{status ? ` Your answer was: ${STATUS_LABELS[status]}.` : ""}
                </p>
              ) : status === "pending" ? (
                <Alert tone="info">{"Waiting for the host's approval. You can RSVP once the host lets you in."}</Alert>
              ) : (
                <div className="flex flex-col gap-3">
                  {status === "waitlisted" ? (
                    <Alert tone="info">
                      The event is full, so you are on the waitlist{place ? `: number ${place} of ${event.counts.waitlisted} in line` : ""}.
                      Seats go to the waitlist in order, and we email you if you get one.
                    </Alert>
                  ) : null}
                  {full && !status ? <p className="text-sm text-ink-muted">The event is full: choosing Attending puts you on the waitlist.</p> : null}
                  <RsvpButtons eventId={eventId} labelledBy="rsvp-title" status={status && RSVP_VALUES.includes(status) ? (status as RsvpStatus) : null} />
                </div>
              )}
            </div>
          </Card>
        </section>
      ) : null}

      {event.description || event.tags.length > 0 ? (
        <section aria-labelledby="about-title" className="mt-8">
          <h2 id="about-title" className="text-lg font-semibold text-ink">
            About this event
          </h2>
          {event.description ? (
            <p className="mt-2 break-words text-ink">
              <LinkifiedText text={event.description} />
            </p>
          ) : null}
          {event.tags.length > 0 ? (
            <ul aria-label="Tags" className="mt-4 flex flex-wrap gap-2">
              {event.tags.map((tag) => (
                <li key={tag} className="rounded-pill bg-brand-soft px-3 py-1 text-sm font-medium text-brand-ink">
                  {tag}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="calendar-title" className="mt-8">
        <h2 id="calendar-title" className="text-lg font-semibold text-ink">
          Add to your calendar
        </h2>
        <div className="mt-3 flex flex-col gap-3 sm:flex-row">
          {/* A plain link: the file comes from a route handler, with this session's cookie. */}
          <a href={`${eventPath}/calendar.ics`} download className="inline-flex min-h-11 items-center justify-center gap-2 rounded-control border border-surface-border bg-surface px-4 font-medium text-ink hover:bg-surface-sunken">
            Download .ics<span className="sr-only"> (Apple Calendar, Outlook)</span>
          </a>
          <a
            href={googleCalendarUrl(calendar)}
            target="_blank"
            rel="noopener noreferrer"
            className="inline-flex min-h-11 items-center justify-center gap-2 rounded-control border border-surface-border bg-surface px-4 font-medium text-ink hover:bg-surface-sunken"
          >
            Google Calendar<span className="sr-only"> (opens in a new tab)</span>
          </a>
        </div>
      </section>

      {faces ? (
        <GoingSection
          faces={faces.map((f) => ({ userId: f.user_id.toHexString(), name: f.name, image: f.image }))}
          attending={event.counts.attending}
          maybe={event.counts.maybe}
          manageHref={isOwner ? `${eventPath}/manage#guests-title` : null}
          emptyHint={event.counts.attending + event.counts.maybe === 0 ? `No one has answered yet.${isOwner ? " Share the invite link from the Manage page." : ""}` : null}
        />
      ) : null}
      <section aria-labelledby="media-title" className="mt-8">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h2 id="media-title" className="text-lg font-semibold text-ink">
            Photos &amp; videos
          </h2>
          {media.access.canSeeApproved ? (
            <Link href={`${eventPath}/media`} className={`inline-flex min-h-11 items-center ${linkClass}`}>
              {media.more ? "See all photos and videos" : "Open the gallery"}
            </Link>
          ) : null}
        </div>
        {media.pending > 0 ? (
          <p className="mt-1 text-ink-muted">
            {media.pending} waiting for your review.{" "}
            <Link href={`${eventPath}/moderation`} className={linkClass}>
              Review uploads
            </Link>
          </p>
        ) : null}
        <div className="mt-3">
          {media.access.canSeeApproved ? (
            <Gallery items={media.items} emptyText={media.access.canUpload ? "Nothing here yet. Be the first to add a photo!" : "No photos or videos yet."} />
          ) : (
            <p className="text-ink-muted">Only the host and guests who are going can see this event&apos;s photos and videos.</p>
          )}
        </div>
        <div className="mt-4">
          <UploadPanel
            eventId={eventId}
            canUpload={media.access.canUpload}
            isOwner={isOwner}
            signedIn={!!viewer}
            awaitingApproval={status === "pending"}
            limits={mediaLimits()}
            signInHref={loginUrl(eventPath)}
            headingLevel={3}
          />
        </div>
      </section>
    </div>
  );
}
