import { joinSchema } from "@/lib/events/schema";
import { joinEvent } from "@/lib/events/membership";
import { onlyMethods } from "@/lib/http/methods";
import { membershipBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Join with an invite link",
    description:
      "`{event_id, token}` from the invite link, and `answers` to the event's `questions` as an object by question id (`{\"q_abc\": \"Vegan\", \"q_def\": true}`; required ones must be answered, else 400 naming the question). `guests`: how many extra people you bring, 0 up to the event's `plus_ones_max` (else 400); capacity counts each of them. A public event: attending (or the waitlist when full, in strict arrival order); a private one: a request for the host to approve. Every attempt counts against the per-IP limit: tokens must not be guessable by volume.",
    auth: "bearer",
    limit: "inviteToken",
    body: joinSchema,
    response: membershipBody,
    errors: [404, 409],
  },
  async ({ user, body }) => {
    const { status, message } = await joinEvent(user, body.event_id, body.token, { answers: body.answers, guests: body.guests });
    return { message, rsvp_status: status };
  },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
