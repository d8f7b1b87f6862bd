import { readJson, withApiUser } from "@/lib/api";
import { joinSchema } from "@/lib/events/schema";
import { joinEvent } from "@/lib/events/membership";
import { enforceRequestPolicy, LIMITS } from "@/lib/limits";
import { onlyMethods } from "@/lib/api-methods";

/** `{ event_id, token }` from the invite link. Every attempt counts against the per-IP limit: tokens must not be guessable by volume. */
export const POST = withApiUser(async ({ req, user }) => {
  await enforceRequestPolicy(LIMITS.inviteToken, req.headers);
  const { event_id, token } = await readJson(req, joinSchema);
  const { status, message } = await joinEvent(user, event_id, token);
  return { message, rsvp_status: status };
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
