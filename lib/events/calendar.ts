import "server-only";
import type { EventDoc } from "@/lib/db/types";
import { env } from "@/lib/env";
import { buildIcs, type CalendarEvent } from "./ics";
import { slugify } from "./text";

type CalendarFields = Pick<EventDoc, "_id" | "title" | "description" | "location" | "starts_at" | "ends_at" | "timezone" | "updated_at" | "ics_sequence">;

/** The event as calendar apps get it (lib/events/ics.ts), with its page's URL on this app. */
export function calendarEventOf(event: CalendarFields): CalendarEvent {
  const id = event._id.toHexString();
  return {
    id,
    title: event.title,
    description: event.description,
    location: event.location,
    startsAt: event.starts_at,
    endsAt: event.ends_at,
    url: new URL(`/events/${id}`, env().APP_URL).toString(),
    updatedAt: event.updated_at,
    timeZone: event.timezone,
    sequence: event.ics_sequence ?? 0,
  };
}

/** The event as an .ics download; the caller decides who may see it and how it may be cached. */
export function calendarResponse(event: EventDoc, cacheControl: string): Response {
  return new Response(buildIcs(calendarEventOf(event)), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${slugify(event.title)}.ics"`,
      "Cache-Control": cacheControl,
    },
  });
}
