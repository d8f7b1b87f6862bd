import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { Badge, Counts, VisibilityBadge } from "@/components/events/event-bits";
import { JoinButton, JoinResult } from "@/components/events/join-panel";
import { ViewerLocalTime } from "@/components/events/local-time";
import { LinkButton } from "@/components/ui/button";
import { currentUser } from "@/lib/auth/session";
import { NotFound, RateLimited } from "@/lib/errors";
import { isFull } from "@/lib/events/capacity";
import { previewInvite, type EventView } from "@/lib/events/access";
import { formatEventTime } from "@/lib/events/time";
import { getPublicProfile } from "@/lib/profiles/service";
import { enforceRequestPolicy, LIMITS } from "@/lib/limits";

// The page a phone camera opens from the QR code: one column, big targets, the decision first.
// Its title never names the event: a wrong link must not learn anything from the tab either.
export const metadata: Metadata = { title: "Your invitation", robots: { index: false, follow: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

function Shell({ children }: { children: ReactNode }) {
  return <div className="mx-auto w-full max-w-lg px-4 py-6 sm:py-12">{children}</div>;
}

function TooManyAttempts({ seconds }: { seconds: number }) {
  return (
    <Shell>
      <div className="rounded-card border border-surface-border bg-surface p-6 text-center shadow-sm">
        <h1 className="text-2xl font-bold text-ink">Too many attempts</h1>
        <p className="mt-3 text-ink-muted">
          Too many invite links were opened from your connection just now. Try again in {seconds} {seconds === 1 ? "second" : "seconds"}.
        </p>
      </div>
    </Shell>
  );
}

export default async function JoinPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const eventId = first(params.event_id).slice(0, 64);
  const token = first(params.token).slice(0, 128);
  if (!eventId || !token) notFound();
  const joinUrl = `/events/join?${new URLSearchParams({ event_id: eventId, token })}`;

  const viewer = await currentUser();
  // Just signed up through this link: choose a username, then come straight back here.
  if (viewer && !viewer.username) redirect(`/welcome?next=${encodeURIComponent(joinUrl)}`);

  let view: EventView;
  try {
    // Every look-up counts: invite tokens must not be guessable by trying many.
    await enforceRequestPolicy(LIMITS.inviteToken, await headers());
    view = await previewInvite(eventId, token, viewer);
  } catch (err) {
    if (err instanceof RateLimited) return <TooManyAttempts seconds={err.retryAfterSeconds} />;
    if (err instanceof NotFound) notFound();
    throw err;
  }
  const { event, membership, isOwner } = view;
  const id = event._id.toHexString();
  const host = await getPublicProfile(viewer, event.owner_id.toHexString()).catch((err) => {
    if (err instanceof NotFound) return null;
    throw err;
  });
  const startsAt = event.starts_at.toISOString();
  const endsAt = event.ends_at ? event.ends_at.toISOString() : null;
  const full = isFull(event);

  return (
    <Shell>
      <article className="overflow-hidden rounded-card border border-surface-border bg-surface shadow-sm">
        <div className="bg-brand px-5 py-3 text-sm font-semibold uppercase tracking-wide text-white">{"You're invited"}</div>
        <div className="flex flex-col gap-4 p-5">
          <div className="flex flex-wrap gap-2">
            <VisibilityBadge isPrivate={event.is_private} />
            {full ? <Badge tone="danger">Full</Badge> : null}
          </div>
          <h1 className="break-words text-2xl font-bold leading-tight text-ink sm:text-3xl">{event.title}</h1>
          <dl className="flex flex-col gap-3 text-ink">
            <div>
              <dt className="text-xs font-semibold uppercase tracking-wide text-ink-muted">When</dt>
              <dd>
                <time dateTime={startsAt} className="font-medium">
                  {formatEventTime(event.starts_at, event.ends_at, event.timezone)}
                </time>
                <ViewerLocalTime start={startsAt} end={endsAt} timeZone={event.timezone} className="text-sm text-ink-muted" />
              </dd>
            </div>
            {event.location ? (
              <div>
                <dt className="text-xs font-semibold uppercase tracking-wide text-ink-muted">Where</dt>
                <dd className="break-words">{event.location}</dd>
              </div>
            ) : null}
            <div>
              <dt className="text-xs font-semibold uppercase tracking-wide text-ink-muted">Host</dt>
              <dd className="break-words">{host?.username ?? "An Invyta member"}</dd>
            </div>
          </dl>
          <Counts counts={event.counts} show={["attending", "maybe"]} maxPeople={event.max_people} size="sm" />
          <p className="text-sm text-ink-muted">
            {event.is_private
              ? "Private event: only people with this link can see it, and the host approves each guest."
              : "Public event: anyone with the link can join."}
          </p>
        </div>

        <div className="border-t border-surface-border p-5">
          {!viewer ? (
            <div className="flex flex-col gap-3">
              <LinkButton href={`/signup?next=${encodeURIComponent(joinUrl)}`} className="min-h-14 w-full text-lg">
                Sign up to join
              </LinkButton>
              <LinkButton href={`/login?next=${encodeURIComponent(joinUrl)}`} variant="secondary" className="min-h-14 w-full text-lg">
                I have an account
              </LinkButton>
              <p className="text-center text-sm text-ink-muted">It takes a minute: your email, a password and a 6-digit code.</p>
            </div>
          ) : isOwner ? (
            <div className="flex flex-col gap-3">
              <h2 className="text-xl font-bold text-ink">{"You're the host"}</h2>
              <p className="text-ink-muted">This is your invite link. Guests who open it see this page.</p>
              <LinkButton href={`/events/${id}/manage`} className="min-h-12 w-full text-lg">
                Manage event
              </LinkButton>
            </div>
          ) : membership ? (
            <JoinResult status={membership.status} eventId={id} />
          ) : (
            <JoinButton eventId={id} token={token} isPrivate={event.is_private} />
          )}
        </div>
      </article>
      {viewer ? null : (
        <p className="mt-4 text-center text-sm text-ink-muted">
          What is Invyta?{" "}
          <Link href="/" className="font-medium text-brand underline-offset-4 hover:underline">
            Learn more
          </Link>
        </p>
      )}
    </Shell>
  );
}
