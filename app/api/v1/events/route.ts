import { NextResponse } from "next/server";
import { parseWith, readJson, withApi, withApiUser } from "@/lib/api";
import { apiEventCreateSchema, listQuerySchema } from "@/lib/events/schema";
import { discoverEvents } from "@/lib/discover/service";
import { createEvent } from "@/lib/events/details";
import { eventJson } from "@/lib/events/json";
import { normalizeTags } from "@/lib/events/text";
import { onlyMethods } from "@/lib/api-methods";

// The list depends on the clock and the query string: never prerendered.
export const dynamic = "force-dynamic";

export const POST = withApiUser(async ({ req, user }) => {
  const event = await createEvent(user, await readJson(req, apiEventCreateSchema));
  return NextResponse.json(
    { message: "Event created successfully", event_id: event._id.toHexString(), event: eventJson(event, { viewerIsOwner: true }) },
    { status: 201 },
  );
});

/**
 * Upcoming public events: `?tag=` (repeatable: any of), `?q=` (all words), `?sort=soonest|newest`,
 * `?limit=`, `?cursor=` (the previous page's next_cursor). The same query as the /discover page.
 */
export const GET = withApi(async ({ req }) => {
  const params = req.nextUrl.searchParams;
  const raw = { ...Object.fromEntries(params), tag: params.getAll("tag") };
  const query = parseWith(listQuerySchema, raw, "The list query is not valid.");
  const page = await discoverEvents({ ...query, tags: normalizeTags(query.tag), q: query.q ?? "" });
  return { events: page.events.map((e) => eventJson(e)), next_cursor: page.next_cursor };
});

export const { PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET", "POST");
