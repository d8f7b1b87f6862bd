import { rsvp } from "@/lib/events/membership";
import { rsvpSchema } from "@/lib/events/schema";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams, membershipBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "RSVP",
    description:
      "`{rsvp_status: attending | maybe | not_attending, answers?}`; answers the status the guest ended up with (maybe `waitlisted`). `guests`: how many extra people you bring, 0 up to the event's `plus_ones_max` (else 400); absent keeps your party. Capacity counts people: a bigger party while attending needs that many free seats (else 409, and the party stays as it was). `answers`: to the event's `questions`, an object by question id; required ones must be answered to RSVP attending or maybe (else 400 naming the question), and an RSVP without `answers` keeps the guest's earlier answers.",
    auth: "bearer",
    params: eventIdParams,
    body: rsvpSchema,
    response: membershipBody,
    errors: [403, 404, 409],
  },
  async ({ user, params, body }) => {
    const { status, message } = await rsvp(user, params.id, body.rsvp_status, { answers: body.answers, guests: body.guests });
    return { message, rsvp_status: status };
  },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
