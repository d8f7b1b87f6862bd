import { joinSchema } from "@/lib/events/schema";
import { joinEvent } from "@/lib/events/membership";
import { onlyMethods } from "@/lib/http/methods";
import { membershipBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Join with an invite link",
    description:
      "`{event_id, token}` from the invite link. A public event: attending (or the waitlist when full); a private one: a request for the host to approve. Every attempt counts against the per-IP limit: tokens must not be guessable by volume.",
    auth: "bearer",
    limit: "inviteToken",
    body: joinSchema,
    response: membershipBody,
    errors: [404, 409],
  },
  async ({ user, body }) => {
    const { status, message } = await joinEvent(user, body.event_id, body.token);
    return { message, rsvp_status: status };
  },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
