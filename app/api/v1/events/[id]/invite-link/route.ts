import { readJson, withApiUser } from "@/lib/api";
import type { EventDoc } from "@/lib/db/types";
import { inviteSettingsSchema } from "@/lib/events/schema";
import { getOwnedEvent } from "@/lib/events/access";
import { inviteLink, rotateInvite, setInviteSettings } from "@/lib/events/invites";
import { onlyMethods } from "@/lib/api-methods";

type Params = { id: string };

function linkJson(event: EventDoc) {
  return {
    invite_link: inviteLink(event),
    expires_at: event.invite_expires_at?.toISOString() ?? null,
    max_uses: event.invite_max_uses ?? null,
    uses: event.invite_uses,
  };
}

/** The current link (owner only). */
export const GET = withApiUser<Params>(async ({ user, params }) => linkJson(await getOwnedEvent(params.id, user)));

/** A new link: the old one stops working at once. */
export const POST = withApiUser<Params>(async ({ user, params }) => ({
  message: "A new invite link was created; the old one no longer works.",
  ...linkJson(await rotateInvite(user, params.id)),
}));

/** `{ expires_at?: ISO date-time | null, max_uses?: number | null }` */
export const PATCH = withApiUser<Params>(async ({ req, user, params }) => {
  const settings = await readJson(req, inviteSettingsSchema);
  return { message: "Invite link settings updated", ...linkJson(await setInviteSettings(user, params.id, settings)) };
});

export const { PUT, DELETE, OPTIONS } = onlyMethods("GET", "POST", "PATCH");
