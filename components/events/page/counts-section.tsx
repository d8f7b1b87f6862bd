import { Counts } from "@/components/events/counts";
import { Card } from "@/components/ui/card";
import type { EventPageView } from "@/lib/events/views";

/** How many are coming (the host also sees who waits), and the seats left while there are some. */
export function CountsSection({ event }: { event: EventPageView }) {
  return (
    <Card className="mt-6 p-4 sm:p-6">
      <h2 className="sr-only">Who is coming</h2>
      <Counts counts={event.counts} show={event.isHost ? ["attending", "maybe", "pending", "waitlisted"] : ["attending", "maybe"]} maxPeople={event.maxPeople} guests={event.guestsAttending} />
      {event.maxPeople && !event.isFull && !event.isOver ? (
        <p className="mt-2 text-sm text-ink-muted">
          {event.seatsLeft} of {event.maxPeople} spots left.
        </p>
      ) : null}
    </Card>
  );
}
