import { Counts } from "@/components/events/counts";
import { ViewerLocalTime } from "@/components/events/local-time";
import { VisibilityBadge } from "@/components/events/status-badge";
import { CoverImage } from "@/components/events/cover-image";
import { Badge } from "@/components/ui/badge";
import { themeGradient } from "@/lib/events/themes";
import type { JoinPageView } from "@/lib/events/views";

const termClass = "text-xs font-semibold uppercase tracking-wide text-ink-muted";

/** What the invitation is for: title, when, where, who hosts, how many go, and who may join. */
export function InvitationSection({ event, hostName }: { event: JoinPageView; hostName: string | null }) {
  return (
    <div className="flex flex-col gap-4 p-5">
      <div className="flex flex-wrap gap-2">
        <VisibilityBadge isPrivate={event.isPrivate} />
        {event.isFull ? <Badge tone="danger">Full</Badge> : null}
      </div>
      <h1 className="break-words text-2xl font-bold leading-tight text-ink sm:text-3xl">{event.title}</h1>
      <dl className="flex flex-col gap-3 text-ink">
        <div>
          <dt className={termClass}>When</dt>
          <dd>
            <time dateTime={event.startsAt} className="font-medium">
              {event.when}
            </time>
            <ViewerLocalTime start={event.startsAt} end={event.endsAt} timeZone={event.timezone} className="text-sm text-ink-muted" />
          </dd>
        </div>
        {event.location ? (
          <div>
            <dt className={termClass}>Where</dt>
            <dd className="break-words">{event.location}</dd>
          </div>
        ) : null}
        <div>
          <dt className={termClass}>Host</dt>
          <dd className="break-words">{hostName ?? "An Invyta member"}</dd>
        </div>
      </dl>
      <Counts counts={event.counts} show={["attending", "maybe"]} maxPeople={event.maxPeople} size="sm" />
      <p className="text-sm text-ink-muted">
        {event.isPrivate
          ? "Private event: only people with this link can see it, and the host approves each guest."
          : "Public event: anyone with the link can join."}
      </p>
    </div>
  );
}

/** "You're invited" over the host's cover photo (2:1), or over the theme's gradient without one. */
export function InviteBand({ event }: { event: JoinPageView }) {
  const label = <span className="relative text-sm font-semibold uppercase tracking-wide text-white [text-shadow:0_1px_3px_rgb(0_0_0/0.6)]">{"You're invited"}</span>;
  if (!event.cover) {
    return (
      <div data-theme={event.theme} className="flex min-h-24 items-end bg-brand px-5 py-3 sm:min-h-28" style={{ backgroundImage: themeGradient(event.theme) }}>
        {label}
      </div>
    );
  }
  return (
    <div data-theme={event.theme} className="relative flex aspect-[2/1] items-end bg-brand px-5 py-3" style={{ backgroundImage: themeGradient(event.theme) }}>
      <CoverImage cover={event.cover} sizes="(min-width: 640px) 576px, calc(100vw - 2rem)" testId="invite-cover" className="absolute inset-0 h-full w-full object-cover" />
      <span aria-hidden="true" className="absolute inset-x-0 bottom-0 h-1/2 bg-gradient-to-t from-black/60 to-transparent" />
      {label}
    </div>
  );
}
