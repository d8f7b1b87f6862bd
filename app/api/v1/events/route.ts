import { NextResponse } from "next/server";
import { parseWith, readJson, withApi, withApiUser } from "@/lib/api";
import { apiEventCreateSchema, listQuerySchema } from "@/lib/events/schema";
import { createEvent, eventJson, listPublicUpcoming } from "@/lib/events/service";

// The list depends on the clock and the query string: never prerendered.
export const dynamic = "force-dynamic";

export const POST = withApiUser(async ({ req, user }) => {
  const event = await createEvent(user, await readJson(req, apiEventCreateSchema));
  return NextResponse.json(
    { message: "Event created successfully", event_id: event._id.toHexString(), event: eventJson(event, { viewerIsOwner: true }) },
    { status: 201 },
  );
});

/** Upcoming public events, soonest first: `?tag=`, `?q=`, `?limit=`, `?cursor=` (the previous page's next_cursor). */
export const GET = withApi(async ({ req }) => {
  const query = parseWith(listQuerySchema, Object.fromEntries(req.nextUrl.searchParams), "The list query is not valid.");
  const page = await listPublicUpcoming(query);
  return { events: page.events.map((e) => eventJson(e)), next_cursor: page.next_cursor };
});
