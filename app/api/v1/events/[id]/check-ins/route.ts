import { z } from "zod";
import { checkIn, checkInByMember, listCheckIns } from "@/lib/events/check-in";
import { checkInSchema, checkInsQuerySchema } from "@/lib/events/check-in-schema";
import { onlyMethods } from "@/lib/http/methods";
import { checkInCountsBody, checkInGuestBody, checkInResultBody, eventIdParams, nextCursor } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    summary: "Door check-in: the guest list and the counts",
    description:
      "The event's hosts only. The guests attending, oldest first, a page at a time, each with their party size, answers, ticket code and check-in; `q` narrows to names, emails or ticket codes containing it (a search page may hold fewer than `limit` guests and still have a next cursor). `counts`: checked in and expected, by guest and by person.",
    auth: "bearer-or-cookie",
    params: eventIdParams,
    query: checkInsQuerySchema,
    invalidQuery: "The list query is not valid.",
    response: z.object({ guests: z.array(checkInGuestBody), next_cursor: nextCursor, counts: checkInCountsBody }),
    errors: [403, 404],
  },
  async ({ user, params, query }) => listCheckIns(user, params.id, query),
);

export const POST = route(
  {
    summary: "Check a guest in",
    description:
      "The event's hosts only. `{ticket}`: the text of the guest's ticket QR code; or `{user_id}`: a guest picked from the list. Each guest is checked in once, however many hosts scan at the same time. Refusals: 400 not a ticket; 404 no such guest; 409 a ticket of another event, a guest checked in already (by whom, when) or no longer attending.",
    auth: "bearer-or-cookie",
    limit: "checkIn",
    params: eventIdParams,
    body: checkInSchema,
    response: checkInResultBody,
    errors: [403, 404, 409],
  },
  async ({ user, params, body }) => {
    const result = body.ticket !== undefined ? await checkIn(user, params.id, body.ticket) : await checkInByMember(user, params.id, body.user_id!);
    const party = result.guest.party_size > 1 ? ` (party of ${result.guest.party_size})` : "";
    return { message: `Checked in: ${result.guest.name}${party}`, ...result };
  },
);

export const { PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET", "POST");
