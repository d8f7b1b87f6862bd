import { Link } from "@/components/ui/link";
import { RsvpButtons } from "@/components/events/rsvp-buttons";
import { STATUS_LABELS } from "@/components/events/status-badge";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/field";
import { loginUrl } from "@/lib/auth/session";
import type { RsvpStatus } from "@/lib/events/schema";
import type { EventPageView } from "@/lib/events/views";
import { textLink } from "@/components/ui/text-link";

const RSVP_VALUES: readonly string[] = ["attending", "maybe", "not_attending"];

/** "Are you going?" for guests and visitors: sign in, the answer given, or the buttons. `place` is the viewer's in the waitlist. */
export function RsvpSection({ event, signedIn, place }: { event: EventPageView; signedIn: boolean; place: number | null }) {
  const { status } = event;
  return (
    <section aria-labelledby="rsvp-title" className="mt-6">
      <Card className="p-4 sm:p-6">
        <h2 id="rsvp-title" className="text-lg font-semibold text-ink">
          Are you going?
        </h2>
        <div className="mt-3">
          {!signedIn ? (
            <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
              <LinkButton href={loginUrl(event.path)}>Sign in to RSVP</LinkButton>
              <p className="text-sm text-ink-muted">
                New to Invyta?{" "}
                <Link href={`/signup?next=${encodeURIComponent(event.path)}`} className={textLink}>
                  Create an account
                </Link>
              </p>
            </div>
          ) : event.isOver ? (
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
              {event.isFull && !status ? <p className="text-sm text-ink-muted">The event is full: choosing Attending puts you on the waitlist.</p> : null}
              <RsvpButtons
                eventId={event.id}
                labelledBy="rsvp-title"
                status={status && RSVP_VALUES.includes(status) ? (status as RsvpStatus) : null}
                questions={event.questions}
                answers={event.myAnswers}
                plusOnesMax={event.plusOnesMax}
                guests={event.myGuests}
                waiting={status === "waitlisted"}
              />
            </div>
          )}
        </div>
      </Card>
    </section>
  );
}
