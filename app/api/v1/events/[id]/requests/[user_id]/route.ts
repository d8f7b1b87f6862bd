import { readJson, withApiUser } from "@/lib/api";
import { requestDecisionSchema } from "@/lib/events/schema";
import { decideRequest } from "@/lib/events/membership";
import { onlyMethods } from "@/lib/api-methods";

/** `{ action: approve | deny }` for one pending request; rsvp_status is where the guest ends up. */
export const POST = withApiUser<{ id: string; user_id: string }>(async ({ req, user, params }) => {
  const { action } = await readJson(req, requestDecisionSchema);
  const { status, message } = await decideRequest(user, params.id, params.user_id, action);
  return { message, rsvp_status: status };
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
