import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { AnswerSection, WhatIsInvyta } from "@/components/events/join/answer-section";
import { InvitationSection } from "@/components/events/join/invitation-section";
import { JoinShell, TooManyAttempts } from "@/components/events/join/shell";
import { currentUser } from "@/lib/auth/session";
import { NotFound, RateLimited } from "@/lib/errors";
import { previewInvite, type EventView } from "@/lib/events/access";
import { joinPageViewOf } from "@/lib/events/views";
import { getPublicProfile } from "@/lib/profiles/service";
import { limitThisRequest } from "@/lib/http/limits";

// The page a phone camera opens from the QR code: one column, big targets, the decision first.
// Its title never names the event: a wrong link must not learn anything from the tab either.
export const metadata: Metadata = { title: "Your invitation", robots: { index: false, follow: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
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

  let loaded: EventView;
  try {
    // Every look-up counts: invite tokens must not be guessable by trying many.
    await limitThisRequest("inviteToken");
    loaded = await previewInvite(eventId, token, viewer);
  } catch (err) {
    if (err instanceof RateLimited) return <TooManyAttempts seconds={err.retryAfterSeconds} />;
    if (err instanceof NotFound) notFound();
    throw err;
  }
  const event = joinPageViewOf(loaded);
  const host = await getPublicProfile(viewer, event.hostId).catch((err) => {
    if (err instanceof NotFound) return null;
    throw err;
  });

  return (
    <JoinShell>
      <article className="overflow-hidden rounded-card border border-surface-border bg-surface shadow-sm">
        <div className="bg-brand px-5 py-3 text-sm font-semibold uppercase tracking-wide text-white">{"You're invited"}</div>
        <InvitationSection event={event} hostName={host?.username ?? null} />
        <AnswerSection event={event} signedIn={!!viewer} token={token} joinUrl={joinUrl} />
      </article>
      {viewer ? null : <WhatIsInvyta />}
    </JoinShell>
  );
}
