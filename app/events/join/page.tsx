import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { AnswerSection, WhatIsInvyta } from "@/components/events/join/answer-section";
import { InvitationSection } from "@/components/events/join/invitation-section";
import { JoinShell, TooManyAttempts } from "@/components/events/join/shell";
import { currentUser } from "@/lib/auth/session";
import { NotFound } from "@/lib/errors";
import { previewInvite } from "@/lib/events/access";
import { joinPageViewOf } from "@/lib/events/views";
import { limitedPage, orNotFound } from "@/lib/http/pages";
import { getPublicProfile } from "@/lib/profiles/service";

// The page a phone camera opens from the QR code: one column, big targets, the decision first.
// Its title never names the event: a wrong link must not learn anything from the tab either.
export const metadata: Metadata = { title: "Your invitation", robots: { index: false, follow: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

// Every view counts: invite tokens must not be guessable by trying many.
export default limitedPage("inviteToken", (seconds) => <TooManyAttempts seconds={seconds} />, JoinPage);

async function JoinPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const eventId = first(params.event_id).slice(0, 64);
  const token = first(params.token).slice(0, 128);
  if (!eventId || !token) notFound();
  const joinUrl = `/events/join?${new URLSearchParams({ event_id: eventId, token })}`;

  const viewer = await currentUser();
  // Just signed up through this link: choose a username, then come straight back here.
  if (viewer && !viewer.username) redirect(`/welcome?next=${encodeURIComponent(joinUrl)}`);

  const event = joinPageViewOf(await orNotFound(previewInvite(eventId, token, viewer)));
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
