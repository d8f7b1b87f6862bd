import { eventSlug } from "@/components/events/event-bits";
import { withApi } from "@/lib/api";
import { currentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { buildIcs } from "@/lib/events/ics";
import { getEventForViewer } from "@/lib/events/service";

/** The event as an .ics file, for whoever may see it (the session cookie decides, as on the page). */
export const GET = withApi<{ id: string }>(async ({ params }) => {
  const { event } = await getEventForViewer(params.id, await currentUser());
  const id = event._id.toHexString();
  const ics = buildIcs({
    id,
    title: event.title,
    description: event.description,
    location: event.location,
    startsAt: event.starts_at,
    endsAt: event.ends_at,
    url: new URL(`/events/${id}`, env().APP_URL).toString(),
    updatedAt: event.updated_at,
  });
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${eventSlug(event.title)}.ics"`,
      // A private event's details must not sit in a shared cache.
      "Cache-Control": "private, no-store",
    },
  });
});
