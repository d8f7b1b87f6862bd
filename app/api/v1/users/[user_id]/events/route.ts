import { eventJson } from "@/lib/events/json";
import { listUserEvents } from "@/lib/events/lists";
import { userEventsQuerySchema } from "@/lib/events/schema";
import { onlyMethods } from "@/lib/http/methods";
import { eventListBody, userIdParams } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    summary: "The events a user hosts",
    description: "Soonest first: public ones for everyone, private ones too for that user, a page at a time.",
    auth: "optional-bearer",
    params: userIdParams,
    query: userEventsQuerySchema,
    invalidQuery: "The list query is not valid.",
    response: eventListBody,
    errors: [404],
  },
  async ({ user, params, query }) => {
    const viewerIsHost = user?.id === params.user_id;
    const page = await listUserEvents(user, params.user_id, query);
    return { events: page.events.map((e) => eventJson(e, { viewerIsHost })), next_cursor: page.next_cursor };
  },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
