import "server-only";
import type { EventDoc } from "@/lib/db/types";
import { env } from "@/lib/env";
import { buildIcs } from "./ics";
import { slugify } from "./text";

/** The event as an .ics download; the caller decides who may see it and how it may be cached. */
export function calendarResponse(event: EventDoc, cacheControl: string): Response {
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
      "Content-Disposition": `attachment; filename="${slugify(event.title)}.ics"`,
      "Cache-Control": cacheControl,
    },
  });
}
