import { readJson, withApiUser } from "@/lib/api";
import { rsvpSchema } from "@/lib/events/schema";
import { rsvp } from "@/lib/events/membership";
import { onlyMethods } from "@/lib/api-methods";

/** `{ rsvp_status: attending | maybe | not_attending }`; answers the status the guest ended up with (maybe "waitlisted"). */
export const POST = withApiUser<{ id: string }>(async ({ req, user, params }) => {
  const { rsvp_status } = await readJson(req, rsvpSchema);
  const { status, message } = await rsvp(user, params.id, rsvp_status);
  return { message, rsvp_status: status };
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
