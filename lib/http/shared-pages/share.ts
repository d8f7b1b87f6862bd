import "server-only";
import { headers } from "next/headers";
import { onEventWrite, onUserWrite } from "@/lib/db/collections";
import { signedOutViews } from "@/lib/events/access";
import { nonceOfPolicy } from "@/lib/security-headers";
import type { LimitName } from "../limits";
import { sharedPages } from "./store";

// What a page calls to offer its render to every signed-out visitor of its URL (./store.ts). The
// kept pages follow the signed-out event data they were rendered from: whatever drops that data in
// this process drops them too, and a change to the host's profile written here does.

const pages = sharedPages();
pages.follow(signedOutViews.fresh);
signedOutViews.onDropped((ids) => pages.dropEvents(ids));
onEventWrite((ids) => pages.dropEvents(ids));
onUserWrite((ids) => pages.dropUsers(ids));

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
  const nonce = nonceOfPolicy((await headers()).get("content-security-policy"));
  if (nonce) pages.share(nonce, { eventId, hostId, dataAt, limit, until: until === null ? null : Date.parse(until) });
}
