import Link from "next/link";
import type { ReactNode } from "react";
import { LinkButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { AttendanceStatus, EventDoc } from "@/lib/db/types";
import { isFull } from "@/lib/events/capacity";
import { LocalTime } from "./local-time";
import { slugify } from "@/lib/events/text";

// Presentational pieces shared by the event pages (server-rendered; no rules here).

/** What every event card shows: plain, serializable data (ids as strings, times as ISO). */
export type CardBasics = {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string | null;
  timezone: string;
  location: string;
  isFull: boolean;
  maxPeople: number | null;
};

export function cardBasicsOf(event: EventDoc): CardBasics {
  return {
    id: event._id.toHexString(),
    title: event.title,
    startsAt: event.starts_at.toISOString(),
    endsAt: event.ends_at ? event.ends_at.toISOString() : null,
    timezone: event.timezone,
    location: event.location,
    isFull: isFull(event),
    maxPeople: event.max_people ?? null,
  };
}

/** What the event widgets show: the card basics, visibility and counts. */
export type EventSummary = CardBasics & { isPrivate: boolean; counts: Record<AttendanceStatus, number> };

export function summaryOf(event: EventDoc): EventSummary {
  return { ...cardBasicsOf(event), isPrivate: event.is_private, counts: { ...event.counts } };
}

type Tone = "neutral" | "brand" | "success" | "warning" | "danger";

const TONES: Record<Tone, string> = {
  neutral: "border-surface-border bg-surface-sunken text-ink-muted",
  brand: "border-brand-soft bg-brand-soft text-brand-ink",
  success: "border-success/30 bg-success-soft text-success",
  warning: "border-warning/30 bg-warning-soft text-warning",
  danger: "border-danger/30 bg-danger-soft text-danger",
};

/** A small label. Always text: status is never told by color alone. */
export function Badge({ tone = "neutral", children }: { tone?: Tone; children: ReactNode }) {
  return <span className={cn("inline-flex items-center rounded-pill border px-2.5 py-0.5 text-xs font-semibold", TONES[tone])}>{children}</span>;
}

export const STATUS_LABELS: Record<AttendanceStatus, string> = {
  attending: "Going",
  maybe: "Maybe",
  not_attending: "Not going",
  pending: "Awaiting approval",
  waitlisted: "Waitlisted",
};

const STATUS_TONES: Record<AttendanceStatus, Tone> = {
  attending: "success",
  maybe: "brand",
  not_attending: "neutral",
  pending: "warning",
  waitlisted: "warning",
};

export function StatusBadge({ status }: { status: AttendanceStatus }) {
  return <Badge tone={STATUS_TONES[status]}>{STATUS_LABELS[status]}</Badge>;
}

export function VisibilityBadge({ isPrivate }: { isPrivate: boolean }) {
  return <Badge tone={isPrivate ? "neutral" : "brand"}>{isPrivate ? "Private" : "Public"}</Badge>;
}

const COUNT_LABELS: Partial<Record<AttendanceStatus, string>> = {
  attending: "Going",
  maybe: "Maybe",
  pending: "Pending",
  waitlisted: "Waitlisted",
};

/** Counts at a glance: big number, label under it. `show` picks which and in what order. */
export function Counts({
  counts,
  show,
  maxPeople,
  size = "md",
}: {
  counts: Record<AttendanceStatus, number>;
  show: AttendanceStatus[];
  maxPeople?: number | null;
  size?: "sm" | "md";
}) {
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-2">
      {show.map((status) => (
        <div key={status} className="flex flex-col-reverse">
          <dt className="text-xs font-medium uppercase tracking-wide text-ink-muted">{COUNT_LABELS[status] ?? STATUS_LABELS[status]}</dt>
          <dd data-testid={`count-${status}`} className={cn("font-bold text-ink", size === "md" ? "text-2xl" : "text-lg")}>
            {counts[status]}
            {status === "attending" && maxPeople ? <span className="text-sm font-medium text-ink-muted"> / {maxPeople}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

type CardTitleEvent = Pick<CardBasics, "id" | "title" | "startsAt" | "endsAt" | "timezone" | "location">;

/** The middle of every event card: the title (a link to the event), then when (in the viewer's zone) and where. */
export function CardTitle({ event, headingLevel }: { event: CardTitleEvent; headingLevel: 3 | 4 }) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <>
      <Heading className="min-w-0 break-words text-lg font-semibold text-ink">
        <Link href={`/events/${event.id}`} className="rounded-control underline-offset-4 hover:underline">
          {event.title}
        </Link>
      </Heading>
      <div className="flex min-w-0 flex-col gap-1 text-sm text-ink-muted">
        <LocalTime start={event.startsAt} end={event.endsAt} timeZone={event.timezone} />
        {event.location ? <p className="break-words">{event.location}</p> : null}
      </div>
    </>
  );
}

/** A row in the dashboard: title (a link), badges, time in the viewer's zone, place, counts. */
export function EventCard({
  event,
  headingLevel = 4,
  status,
  hosting = false,
}: {
  event: EventSummary;
  headingLevel?: 3 | 4;
  status?: AttendanceStatus;
  hosting?: boolean;
}) {
  return (
    <article className="flex min-w-0 flex-col gap-3 rounded-card border border-surface-border bg-surface p-4 shadow-sm sm:p-5">
      <div className="flex flex-wrap items-center gap-2">
        {status ? <StatusBadge status={status} /> : null}
        <VisibilityBadge isPrivate={event.isPrivate} />
        {event.isFull ? <Badge tone="danger">Full</Badge> : null}
        {hosting && event.counts.pending > 0 ? (
          <Badge tone="warning">
            {event.counts.pending} to approve
          </Badge>
        ) : null}
      </div>
      <CardTitle event={event} headingLevel={headingLevel} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <Counts counts={event.counts} show={hosting ? ["attending", "maybe", "pending"] : ["attending", "maybe"]} maxPeople={event.maxPeople} size="sm" />
        {hosting ? (
          <Link
            href={`/events/${event.id}/manage`}
            className="inline-flex min-h-11 items-center rounded-control px-2 text-sm font-medium text-brand underline-offset-4 hover:underline"
          >
            Manage<span className="sr-only"> {event.title}</span>
          </Link>
        ) : null}
      </div>
    </article>
  );
}

/** An empty list that says what to do about it. */
export function EmptyState({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-start gap-3 rounded-card border border-dashed border-surface-border bg-surface p-5 text-ink-muted">
      <p>{children}</p>
      {action}
    </div>
  );
}

/**
 * Paging under a long server-rendered list: "Show more" opens the next page (plain links, so they
 * work without JavaScript and from the keyboard) and, past the first page, a way back to it.
 * `what` finishes the links' accessible names ("Show more guests").
 */
export function PageLinks({ next, first, what }: { next: string | null; first: string | null; what: string }) {
  if (!next && !first) return null;
  return (
    <nav aria-label={`More ${what}`} className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2">
      {next ? (
        <Link
          href={next}
          className="inline-flex min-h-11 items-center justify-center rounded-control border border-surface-border bg-surface px-4 font-medium text-ink hover:bg-surface-sunken"
        >
          Show more<span className="sr-only"> {what}</span>
        </Link>
      ) : null}
      {first ? (
        <Link href={first} className="inline-flex min-h-11 items-center font-medium text-brand underline-offset-4 hover:underline">
          Back to the first page<span className="sr-only"> of {what}</span>
        </Link>
      ) : null}
    </nav>
  );
}

/** No upcoming public event at all (discover). */
export function NoPublicEventsYet() {
  return (
    <EmptyState
      action={
        <LinkButton href="/events/new" variant="secondary" size="sm">
          Host an event
        </LinkButton>
      }
    >
      No upcoming public events yet — host one.
    </EmptyState>
  );
}

/** File-name stem for an event's downloads (QR PNG, guest CSV, calendar): "Summer BBQ!" → "summer-bbq". */
export const eventSlug = slugify;
