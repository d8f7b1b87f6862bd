import { z } from "zod";
import { getHostedEvent } from "@/lib/events/access";
import { rotateInvite, setInviteSettings } from "@/lib/events/invites";
import { inviteLinkJson as linkJson } from "@/lib/events/json";
import { inviteSettingsSchema } from "@/lib/events/schema";
import { onlyMethods } from "@/lib/http/methods";
import { hostOnly } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

const link = z.object({
  invite_link: z.url(),
  expires_at: z.iso.datetime().nullable(),
  max_uses: z.number().int().nullable(),
  uses: z.number().int().describe("Joins through the current link."),
});

export const GET = route({ summary: "The current invite link", description: "The hosts only (the owner and co-hosts).", ...hostOnly, response: link }, async ({ user, params }) =>
  linkJson((await getHostedEvent(params.id, user)).event),
);

export const POST = route(
  { summary: "Rotate the invite link", description: "A new link: the old one stops working at once.", ...hostOnly, response: link.extend({ message: z.string() }), errors: [403, 404, 409] },
  async ({ user, params }) => ({
    message: "A new invite link was created; the old one no longer works.",
    ...linkJson(await rotateInvite(user, params.id)),
  }),
);

export const PATCH = route(
  {
    summary: "Set the link's expiry and maximum uses",
    description: "`null` removes a limit.",
    ...hostOnly,
    body: inviteSettingsSchema,
    response: link.extend({ message: z.string() }),
    errors: [403, 404, 409],
  },
  async ({ user, params, body }) => ({ message: "Invite link settings updated", ...linkJson(await setInviteSettings(user, params.id, body)) }),
);

export const { PUT, DELETE, OPTIONS } = onlyMethods("GET", "POST", "PATCH");
