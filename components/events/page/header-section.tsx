import { Link } from "@/components/ui/link";
import { themeGradient } from "@/lib/events/themes";
import { ViewerLocalTime } from "@/components/events/local-time";
import { StatusBadge, VisibilityBadge } from "@/components/events/status-badge";
import { Badge } from "@/components/ui/badge";
import { buttonClass, LinkButton } from "@/components/ui/button";
import type { EventPageView } from "@/lib/events/views";
import { Avatar } from "@/components/ui/avatar";
import { textLink } from "@/components/ui/text-link";
import { CoverImage } from "@/components/events/cover-image";
import { ShareButton } from "./share-button";

/** The host's public name and profile link; null when the account is gone. */
export type HostView = { user_id: string; display_name: string | null; username: string | null; avatar_url: string | null } | null;

/** "Hosted by", with the host's avatar (or initials). */
function HostLine({ host }: { host: HostView }) {
  const name = host?.display_name ?? host?.username ?? null;
  return (
    <p className="flex items-center gap-2 text-ink-muted">
      <Avatar name={name} src={host?.avatar_url ?? null} />
      <span>
        Hosted by{" "}
        {host && name ? (
          <Link href={`/users/${host.user_id}`} className={textLink}>
            {name}
          </Link>
        ) : (
          "an Invyta member"
        )}
      </span>
    </p>
  );
}

/**
 * The host's cover photo (2:1, the phone's size below 640 px), else the theme's gradient.
 * Decorative: the title says what the event is.
 */
function CoverBand({ event }: { event: EventPageView }) {
  if (!event.cover) {
    return <div aria-hidden="true" data-theme={event.theme} className="mb-6 h-28 rounded-card sm:h-40" style={{ backgroundImage: themeGradient(event.theme) }} />;
  }
  return (
    <CoverImage
      cover={event.cover}
      sizes="(min-width: 800px) 768px, calc(100vw - 2rem)"
      testId="event-cover"
      className="mb-6 aspect-[2/1] w-full rounded-card object-cover"
      style={{ backgroundImage: themeGradient(event.theme) }}
    />
  );
}

/** The top of the event page: badges, title, when and where, who hosts, and the host's own buttons. */
export function HeaderSection({ event, host }: { event: EventPageView; host: HostView }) {
  return (
    <>
      <CoverBand event={event} />
      <div className="flex flex-wrap items-center gap-2">
        <VisibilityBadge isPrivate={event.isPrivate} />
        {event.isFull ? <Badge tone="danger">Full</Badge> : null}
        {event.isOver ? <Badge>Past event</Badge> : null}
        {event.isOwner ? <Badge tone="brand">{"You're the host"}</Badge> : event.isHost ? <Badge tone="brand">{"You're a co-host"}</Badge> : null}
        {!event.isOwner && event.status ? <StatusBadge status={event.status} /> : null}
      </div>
      <h1 className="mt-3 break-words text-3xl font-bold tracking-tight text-ink sm:text-4xl">{event.title}</h1>

      <div className="mt-4 flex flex-col gap-2 text-ink">
        <p>
          <span className="sr-only">When: </span>
          <time dateTime={event.startsAt} className="font-medium">
            {event.when}
          </time>
          <span className="text-ink-muted"> · {event.timezone.replace(/_/g, " ")}</span>
        </p>
        <ViewerLocalTime start={event.startsAt} end={event.endsAt} timeZone={event.timezone} className="text-sm text-ink-muted" />
        {event.location ? (
          <p className="flex flex-wrap items-baseline gap-x-3 break-words">
            <span>
              <span className="sr-only">Where: </span>
              {event.location}
            </span>
            {event.mapsUrl ? (
              <a href={event.mapsUrl} target="_blank" rel="noopener noreferrer" className={textLink}>
                Open in Maps<span className="sr-only"> (opens in a new tab)</span>
              </a>
            ) : null}
          </p>
        ) : null}
        <HostLine host={host} />
      </div>
      {event.shareUrl ? (
        <div className="mt-4">
          <ShareButton url={event.shareUrl} title={event.title} />
        </div>
      ) : null}

      {event.isHost ? (
        <div className="mt-6 flex flex-wrap gap-3">
          <LinkButton href={`${event.path}/manage`}>Manage</LinkButton>
          {/* A full page load: the camera is allowed only in a document loaded as the check-in page (its Permissions-Policy). */}
          <a href={`${event.path}/check-in`} className={buttonClass("secondary")}>
            Check in guests
          </a>
          {event.isOwner ? (
            <LinkButton href={`${event.path}/edit`} variant="secondary">
              Edit
            </LinkButton>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
