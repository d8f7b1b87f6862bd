import { withApiOptionalUser } from "@/lib/api";
import { env } from "@/lib/env";
import { buildIcs } from "@/lib/events/ics";
import { getEventForViewer } from "@/lib/events/service";

/** An ASCII file name from the title, so the header needs no encoding. */
function slugOf(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "event";
}

/** The event as an iCalendar file, for whoever may see the event (`?token=` as on the event itself). */
export const GET = withApiOptionalUser<{ id: string }>(async ({ req, user, params }) => {
  const { event } = await getEventForViewer(params.id, user, req.nextUrl.searchParams.get("token"));
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
      "Content-Disposition": `attachment; filename="${slugOf(event.title)}.ics"`,
      // A private event must not sit in a shared cache; a public one may turn private at any time.
      "Cache-Control": event.is_private ? "private, no-store" : "no-cache",
    },
  });
});
