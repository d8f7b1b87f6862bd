import { withApi } from "@/lib/http/route";
import { currentUser } from "@/lib/auth/session";
import { calendarResponse } from "@/lib/events/calendar";
import { getEventForViewer } from "@/lib/events/access";

/** The event as an .ics file, for whoever may see it (the session cookie decides, as on the page). */
export const GET = withApi<{ id: string }>(async ({ params }) => {
  const { event } = await getEventForViewer(params.id, await currentUser());
  // A private event's details must not sit in a shared cache.
  return calendarResponse(event, "private, no-store");
});
