import { Link } from "@/components/ui/link";
import { JoinButton, JoinResult } from "@/components/events/join-panel";
import { GuestJoin } from "@/components/events/join/guest-join";
import { LinkButton } from "@/components/ui/button";
import type { JoinPageView } from "@/lib/events/views";
import { textLink } from "@/components/ui/text-link";

/**
 * The decision under the invitation: a signed-out guest's two-step join (name and email, then the
 * emailed code; or sign in with a password and come back to `joinUrl`), the host's way to Manage,
 * the answer already given, or the Join button.
 */
export function AnswerSection({ event, signedIn, token, joinUrl }: { event: JoinPageView; signedIn: boolean; token: string; joinUrl: string }) {
  return (
    <div className="border-t border-surface-border p-5">
      {!signedIn ? (
        <GuestJoin eventId={event.id} token={token} isPrivate={event.isPrivate} joinUrl={joinUrl} questions={event.questions} plusOnesMax={event.plusOnesMax} />
      ) : event.isHost ? (
        <div className="flex flex-col gap-3">
          <h2 className="text-xl font-bold text-ink">{event.isOwner ? "You're the host" : "You're a co-host"}</h2>
          <p className="text-ink-muted">This is your invite link. Guests who open it see this page.</p>
          <LinkButton href={`/events/${event.id}/manage`} className="min-h-12 w-full text-lg">
            Manage event
          </LinkButton>
        </div>
      ) : event.status ? (
        <JoinResult status={event.status} eventId={event.id} />
      ) : (
        <JoinButton eventId={event.id} token={token} isPrivate={event.isPrivate} questions={event.questions} plusOnesMax={event.plusOnesMax} />
      )}
    </div>
  );
}

/** For visitors who do not know Invyta yet. */
export function WhatIsInvyta() {
  return (
    <p className="mt-4 text-center text-sm text-ink-muted">
      What is Invyta?{" "}
      <Link href="/" className={textLink}>
        Learn more
      </Link>
    </p>
  );
}
