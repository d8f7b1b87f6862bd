import { getEventForViewer } from "@/lib/events/access";
import { calendarResponse } from "@/lib/events/calendar";
import { onlyMethods } from "@/lib/http/methods";
import { eventViewer } from "@/lib/http/responses";
import { binary, route } from "@/lib/http/route";

export const GET = route(
  {
    summary: "The event as a calendar file",
    description: "For whoever may see the event (`?token=` as on the event itself).",
    ...eventViewer,
    response: binary("text/calendar", "an iCalendar file"),
  },
  async ({ user, params, query }) => {
    const { event } = await getEventForViewer(params.id, user, query.token ?? null);
    // A private event must not sit in a shared cache; a public one may turn private at any time.
    return calendarResponse(event, event.is_private ? "private, no-store" : "no-cache");
  },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
