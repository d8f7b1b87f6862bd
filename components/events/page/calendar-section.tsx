import type { EventPageView } from "@/lib/events/views";

const buttonClass = "inline-flex min-h-11 items-center justify-center gap-2 rounded-control border border-surface-border bg-surface px-4 font-medium text-ink hover:bg-surface-sunken";

/** "Add to your calendar": Apple Calendar (the .ics file, which any calendar app opens), and prefilled Google and Outlook entries. */
export function CalendarSection({ event }: { event: EventPageView }) {
  return (
    <section aria-labelledby="calendar-title" className="mt-8">
      <h2 id="calendar-title" className="text-lg font-semibold text-ink">
        Add to your calendar
      </h2>
      <div className="mt-3 flex flex-col gap-3 sm:flex-row">
        {/* A plain link: the file comes from a route handler, with this session's cookie. */}
        <a href={`${event.path}/calendar.ics`} download className={buttonClass}>
          Apple Calendar (.ics)<span className="sr-only">, a file any calendar app opens</span>
        </a>
        <a href={event.googleCalendarUrl} target="_blank" rel="noopener noreferrer" className={buttonClass}>
          Google Calendar<span className="sr-only"> (opens in a new tab)</span>
        </a>
        <a href={event.outlookCalendarUrl} target="_blank" rel="noopener noreferrer" className={buttonClass}>
          Outlook<span className="sr-only"> (opens in a new tab)</span>
        </a>
      </div>
    </section>
  );
}
