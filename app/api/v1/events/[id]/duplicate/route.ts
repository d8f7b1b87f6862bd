import { NextResponse } from "next/server";
import { z } from "zod";
import { duplicateEvent } from "@/lib/events/details";
import { eventJson } from "@/lib/events/json";
import { duplicateSchema } from "@/lib/events/schema";
import { onlyMethods } from "@/lib/http/methods";
import { eventBody, eventIdParams, objectId } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Duplicate an event",
    description:
      "The owner only. A new event with the same details, privacy, capacity, plus-ones, tags, theme, cover photo, questions for guests, reminder times and co-hosts at `starts_at` (a wall-clock `YYYY-MM-DDTHH:mm` in the event's zone, or an instant with an offset); `ends_at` likewise, or left out to keep the original's length, or null for none. It gets its own invite link and no guests, requests, photos or comments.",
    auth: "bearer",
    params: eventIdParams,
    body: duplicateSchema,
    response: { 201: z.object({ message: z.string(), event_id: objectId, event: eventBody }) },
    errors: [403, 404],
  },
  async ({ user, params, body }) => {
    const event = eventJson(await duplicateEvent(user, params.id, body), { viewerIsHost: true });
    return NextResponse.json({ message: "Event duplicated", event_id: event.event_id, event }, { status: 201 });
  },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
