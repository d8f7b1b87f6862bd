import { readJson, withApiUser } from "@/lib/api";
import { rsvpSchema } from "@/lib/events/schema";
import { rsvp } from "@/lib/events/membership";

/** `{ rsvp_status: attending | maybe | not_attending }`; answers the status the guest ended up with (maybe "waitlisted"). */
export const POST = withApiUser<{ id: string }>(async ({ req, user, params }) => {
  const { rsvp_status } = await readJson(req, rsvpSchema);
  const { status, message } = await rsvp(user, params.id, rsvp_status);
  return { message, rsvp_status: status };
});
