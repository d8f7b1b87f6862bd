import { parseWith, withApiOptionalUser } from "@/lib/api";
import { userEventsQuerySchema } from "@/lib/events/schema";
import { eventJson } from "@/lib/events/json";
import { listUserEvents } from "@/lib/events/lists";
import { onlyMethods } from "@/lib/api-methods";

/**
 * The events a user hosts, soonest first: public ones for everyone, private ones too for that user.
 * `?limit=` (1–100, default 100), `?cursor=` (the previous page's next_cursor).
 */
export const GET = withApiOptionalUser<{ user_id: string }>(async ({ req, user, params }) => {
  const viewerIsOwner = user?.id === params.user_id;
  const query = parseWith(userEventsQuerySchema, Object.fromEntries(req.nextUrl.searchParams), "The list query is not valid.");
  const page = await listUserEvents(user, params.user_id, query);
  return { events: page.events.map((e) => eventJson(e, { viewerIsOwner })), next_cursor: page.next_cursor };
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
