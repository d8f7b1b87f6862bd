import { LinkifiedText } from "@/components/events/linkified-text";
import type { EventPageView } from "@/lib/events/views";

/** The description (links made clickable) and the tags; nothing when the event has neither. */
export function AboutSection({ event }: { event: EventPageView }) {
  if (!event.description && event.tags.length === 0) return null;
  return (
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
  );
}
