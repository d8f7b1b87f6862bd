import { Link } from "@/components/ui/link";
import type { EventCardBasics } from "@/lib/events/views";
import { EventTime } from "./local-time";

type CardTitleEvent = Pick<EventCardBasics, "id" | "title" | "startsAt" | "endsAt" | "timezone" | "location">;

/**
 * The middle of every event card: the title, whose link covers the whole card (the card is
 * `relative`; its other links sit above it with `relative z-10`), then when (the event's zone,
 * then the viewer's) and where.
 */
export function CardTitle({ event, headingLevel }: { event: CardTitleEvent; headingLevel: 3 | 4 }) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <>
      <Heading className="min-w-0 break-words text-lg font-semibold text-ink">
        <Link href={`/events/${event.id}`} className="rounded-control underline-offset-4 after:absolute after:inset-0 after:rounded-card after:content-[''] hover:underline">
          {event.title}
        </Link>
      </Heading>
      <div className="flex min-w-0 flex-col gap-1 text-sm text-ink-muted">
        <EventTime start={event.startsAt} end={event.endsAt} timeZone={event.timezone} />
        {event.location ? <p className="break-words">{event.location}</p> : null}
      </div>
    </>
  );
}
