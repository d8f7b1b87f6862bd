import "server-only";
import { headers } from "next/headers";
import { onEventWrite, onUserWrite } from "@/lib/db/collections";
import { eventCatalog, onCatalogChange } from "@/lib/discover/catalog";
import { signedOutViews } from "@/lib/events/access";
import { nonceOfPolicy } from "@/lib/security-headers";
import type { LimitName } from "../limits";
import { sharedPages, SHOWN_CATALOG, shownEvent, shownUser, type PageShare } from "./store";

// What a page calls to offer its render to every signed-out visitor of its URL (./store.ts). The
// kept pages follow the data they were rendered from: whatever drops that data in this process
// drops them too (a write here, a change another process noted), and a change to a host's profile
// written here does.

const pages = sharedPages();
pages.follow("event", signedOutViews.fresh);
pages.follow("catalog", async () => void (await eventCatalog().current()));
signedOutViews.onDropped((ids) => pages.dropEvents(ids));
onCatalogChange(() => pages.dropCatalog());
onEventWrite((ids) => pages.dropEvents(ids));
onUserWrite((ids) => pages.dropUsers(ids));

async function offer(share: PageShare): Promise<void> {
  const nonce = nonceOfPolicy((await headers()).get("content-security-policy"));
  if (nonce) pages.share(nonce, share);
}

/**
 * This signed-out render shows nothing but the event (as signed-out visitors see it, from
 * lib/events/access.ts) and its host's public profile, so it may be sent as it is to the next
 * signed-out visitors of the same URL while that data is kept. `until` (ISO): a time it must not
 * be sent after (an invite link's expiry); `limit`: the policy each view still counts against.
 */
export async function shareWithSignedOut(
  { eventId, hostId, until = null }: { eventId: string; hostId: string; until?: string | null },
  limit: LimitName | null = null,
): Promise<void> {
  const dataAt = signedOutViews.dataAt(eventId);
  if (dataAt === null) return;
  await offer({ shows: [shownEvent(eventId), shownUser(hostId)], dataAt, limit, until: until === null ? null : Date.parse(until) });
}

/**
 * This signed-out render of /discover shows nothing but these events, picked by the discover
 * catalog and read through it: it may be sent to the next signed-out visitors of the same URL
 * until the catalog changes, one of the events is written, its documents are due to be read again,
 * or the first of them starts (it leaves the listing then). Not offered when the database answered
 * (the catalog stood aside) or a document changed during the render.
 */
export async function shareListingWithSignedOut(events: readonly { id: string; startsAt: string }[]): Promise<void> {
  const dataAt = eventCatalog().readAt(events.map((e) => e.id));
  if (dataAt === null) return;
  const firstStart = Math.min(...events.map((e) => Date.parse(e.startsAt)));
  await offer({
    shows: [SHOWN_CATALOG, ...events.map((e) => shownEvent(e.id))],
    dataAt,
    limit: null,
    until: Number.isFinite(firstStart) ? firstStart : null,
  });
}
