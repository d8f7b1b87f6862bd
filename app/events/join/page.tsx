import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { AnswerSection, WhatIsInvyta } from "@/components/events/join/answer-section";
import { InviteBand, InvitationSection } from "@/components/events/join/invitation-section";
import { JoinShell, TooManyAttempts } from "@/components/events/join/shell";
import { currentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { NotFound } from "@/lib/errors";
import { previewInvite } from "@/lib/events/access";
import { joinPageViewOf, linkPreviewOf } from "@/lib/events/views";
import { limitedPage, linkPreviewMetadata, orNotFound, withinLimit } from "@/lib/http/pages";
import { shareWithSignedOut } from "@/lib/http/shared-pages/share";
import { getPublicProfile } from "@/lib/profiles/service";

// The page a phone camera opens from the QR code: one column, big targets, the decision first.
// A valid link unfurls into a preview of its event (title, when, where), private or not: whoever
// holds it may see that much. A wrong, rotated or used-up link, or one looked up over the rate
// limit, names nothing, in the tab or in a preview.

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** The link's event and token from the query, trimmed to sane lengths; null when either is missing. */
function linkOf(params: Record<string, string | string[] | undefined>): { eventId: string; token: string } | null {
  const eventId = first(params.event_id).slice(0, 64);
  const token = first(params.token).slice(0, 128);
  return eventId && token ? { eventId, token } : null;
}

/** One look-up per request, shared by the metadata and the page. */
const loadInvite = cache(async (eventId: string, token: string) => {
  const viewer = await currentUser();
  return { viewer, loaded: await previewInvite(eventId, token, viewer) };
});

const UNNAMED: Metadata = { title: "Your invitation", robots: { index: false, follow: false } };

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const link = linkOf(await searchParams);
  if (!link || !(await withinLimit("inviteToken"))) return UNNAMED;
  try {
    const { loaded } = await loadInvite(link.eventId, link.token);
    const preview = linkPreviewOf(loaded.event, env().APP_URL, link.token);
    return { ...UNNAMED, title: `You're invited: ${preview.title}`, ...linkPreviewMetadata(preview) };
  } catch (err) {
    if (err instanceof NotFound) return UNNAMED;
    throw err;
  }
}

// Every view counts: invite tokens must not be guessable by trying many.
export default limitedPage("inviteToken", (seconds) => <TooManyAttempts seconds={seconds} />, JoinPage);

async function JoinPage({ searchParams }: { searchParams: SearchParams }) {
  const link = linkOf(await searchParams);
  if (!link) notFound();
  const { eventId, token } = link;
  const joinUrl = `/events/join?${new URLSearchParams({ event_id: eventId, token })}`;

  const viewer = await currentUser();
  // Just signed up through this link: choose a username, then come straight back here.
  if (viewer && !viewer.username) redirect(`/welcome?next=${encodeURIComponent(joinUrl)}`);

  const event = joinPageViewOf((await orNotFound(loadInvite(eventId, token))).loaded, token);
  const host = await getPublicProfile(viewer, event.hostId).catch((err) => {
    if (err instanceof NotFound) return null;
    throw err;
  });
  // Signed out, the page is the same for every holder of the link; each view still counts.
  if (!viewer) await shareWithSignedOut({ eventId: event.id, hostId: event.hostId, until: event.linkExpiresAt }, "inviteToken");

  return (
    <JoinShell>
      <article className="overflow-hidden rounded-card border border-surface-border bg-surface shadow-sm">
        <InviteBand event={event} />
        <InvitationSection event={event} hostName={host?.display_name ?? host?.username ?? null} />
        <AnswerSection event={event} signedIn={!!viewer} token={token} joinUrl={joinUrl} />
      </article>
      {viewer ? null : <WhatIsInvyta />}
    </JoinShell>
  );
}
