import { z } from "zod";
import { listRequests } from "@/lib/events/lists";
import { decideAllRequests } from "@/lib/events/requests";
import { requestDecisionSchema } from "@/lib/events/schema";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams, guestBody, guestListPage, nextCursor } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    summary: "Requests to join",
    description: "Pending requests to join a private event (the hosts only: the owner and co-hosts), oldest first, a page at a time like the attendees.",
    ...guestListPage,
    response: z.object({ requests: z.array(guestBody), next_cursor: nextCursor }),
  },
  async ({ user, params, query }) => {
    const page = await listRequests(user, params.id, query);
    return { requests: page.guests.map((r) => ({ ...r, joined_at: r.joined_at.toISOString() })), next_cursor: page.next_cursor };
  },
);

export const POST = route(
  {
    summary: "Approve or deny every request",
    description: "`{action: approve | deny}` for every pending request at once, however many.",
    auth: "bearer",
    params: eventIdParams,
    body: requestDecisionSchema,
    response: z.object({ message: z.string(), decided: z.number().int() }),
    errors: [403, 404, 409],
  },
  async ({ user, params, body: { action } }) => {
    const { decided } = await decideAllRequests(user, params.id, action);
    return { message: `${decided} request${decided === 1 ? "" : "s"} ${action === "approve" ? "approved" : "denied"}`, decided };
  },
);

export const { PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET", "POST");
