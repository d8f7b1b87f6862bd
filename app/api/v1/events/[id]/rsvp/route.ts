import { rsvp } from "@/lib/events/membership";
import { rsvpSchema } from "@/lib/events/schema";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams, membershipBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "RSVP",
    description: "`{rsvp_status: attending | maybe | not_attending}`; answers the status the guest ended up with (maybe `waitlisted`).",
    auth: "bearer",
    params: eventIdParams,
    body: rsvpSchema,
    response: membershipBody,
    errors: [403, 404, 409],
  },
  async ({ user, params, body }) => {
    const { status, message } = await rsvp(user, params.id, body.rsvp_status);
    return { message, rsvp_status: status };
  },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
