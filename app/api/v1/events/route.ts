import { z } from "zod";
import { discoverEvents } from "@/lib/discover/service";
import { createEvent } from "@/lib/events/details";
import { eventJson } from "@/lib/events/json";
import { apiEventCreateSchema, listQuerySchema } from "@/lib/events/schema";
import { normalizeTags } from "@/lib/events/text";
import { onlyMethods } from "@/lib/http/methods";
import { eventBody, eventListBody, objectId } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

// The list depends on the clock and the query string: never prerendered.
export const dynamic = "force-dynamic";

export const POST = route(
  {
    summary: "Create an event",
    description:
      "Times are a wall-clock `YYYY-MM-DDTHH:mm` in `timezone` (default UTC) or an instant with an offset. The original API's body is accepted as it is: `date` (a day or a date-time) stands for `starts_at`.",
    auth: "bearer",
    body: apiEventCreateSchema,
    response: { 201: z.object({ message: z.string(), event_id: objectId, event: eventBody }) },
  },
  async ({ user, body }) => {
    const event = eventJson(await createEvent(user, body), { viewerIsHost: true });
    return { message: "Event created successfully", event_id: event.event_id, event };
  },
);

export const GET = route(
  {
    summary: "Upcoming public events",
    description: "`tag` is repeatable (any of them), `q` matches all its words; the same query as the /discover page.",
    auth: "anonymous",
    query: listQuerySchema,
    invalidQuery: "The list query is not valid.",
    response: eventListBody,
  },
  async ({ query }) => {
    const page = await discoverEvents({ ...query, tags: normalizeTags(query.tag), q: query.q ?? "" });
    return { events: page.events.map((e) => eventJson(e)), next_cursor: page.next_cursor };
  },
);

export const { PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET", "POST");
