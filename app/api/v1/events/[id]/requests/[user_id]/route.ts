import { z } from "zod";
import { decideRequest } from "@/lib/events/requests";
import { requestDecisionSchema } from "@/lib/events/schema";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams, membershipBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Approve or deny one request",
    description: "`{action: approve | deny}` for one pending request; `rsvp_status` is where the guest ends up.",
    auth: "bearer",
    params: eventIdParams.extend({ user_id: z.string().describe("The requester's user id.") }),
    body: requestDecisionSchema,
    response: membershipBody,
    errors: [403, 404, 409],
  },
  async ({ user, params, body }) => {
    const { status, message } = await decideRequest(user, params.id, params.user_id, body.action);
    return { message, rsvp_status: status };
  },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
