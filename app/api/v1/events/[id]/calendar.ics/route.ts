import { withApiOptionalUser } from "@/lib/api";
import { calendarResponse } from "@/lib/events/calendar";
import { getEventForViewer } from "@/lib/events/access";
import { onlyMethods } from "@/lib/api-methods";

/** The event as an iCalendar file, for whoever may see the event (`?token=` as on the event itself). */
export const GET = withApiOptionalUser<{ id: string }>(async ({ req, user, params }) => {
  const { event } = await getEventForViewer(params.id, user, req.nextUrl.searchParams.get("token"));
  // A private event must not sit in a shared cache; a public one may turn private at any time.
  return calendarResponse(event, event.is_private ? "private, no-store" : "no-cache");
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
