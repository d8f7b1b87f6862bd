import { readJson, withApiUser } from "@/lib/api";
import { inviteEmailsSchema } from "@/lib/events/schema";
import { inviteByEmail } from "@/lib/events/invites";
import { enforceRequestPolicy, LIMITS } from "@/lib/limits";
import { onlyMethods } from "@/lib/api-methods";

/** `{ emails: [...] }` (or one comma-separated string): each gets the invite link and its QR code. */
export const POST = withApiUser<{ id: string }>(async ({ req, user, params }) => {
  await enforceRequestPolicy(LIMITS.inviteEmails, req.headers, { userId: user.id });
  const { emails } = await readJson(req, inviteEmailsSchema);
  const { sent, failed } = await inviteByEmail(user, params.id, emails);
  const message = failed.length === 0 ? `Invitations sent to ${sent} address${sent === 1 ? "" : "es"}` : `Sent ${sent}; ${failed.length} could not be sent`;
  return { message, sent, failed };
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
