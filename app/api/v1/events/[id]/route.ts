import { readJson, withApiOptionalUser, withApiUser } from "@/lib/api";
import { eventPatchSchema } from "@/lib/events/schema";
import { getEventForViewer } from "@/lib/events/access";
import { deleteEvent, updateEvent } from "@/lib/events/details";
import { eventJson } from "@/lib/events/json";
import { onlyMethods } from "@/lib/api-methods";

type Params = { id: string };

/** `?token=` lets the holder of a valid invite link see a private event before joining. */
export const GET = withApiOptionalUser<Params>(async ({ req, user, params }) => {
  const { event, membership, isOwner } = await getEventForViewer(params.id, user, req.nextUrl.searchParams.get("token"));
  return eventJson(event, { viewerIsOwner: isOwner, viewerStatus: membership?.status ?? null });
});

// The original API updated with PUT; PATCH is the accurate verb (only the fields sent change). Both do the same.
const update = withApiUser<Params>(async ({ req, user, params }) => {
  const event = await updateEvent(user, params.id, await readJson(req, eventPatchSchema));
  return { message: "Event updated successfully", event: eventJson(event, { viewerIsOwner: true }) };
});

export const PATCH = update;
export const PUT = update;

export const DELETE = withApiUser<Params>(async ({ user, params }) => {
  await deleteEvent(user, params.id);
  return { message: "Event deleted successfully" };
});

export const { POST, OPTIONS } = onlyMethods("GET", "PUT", "PATCH", "DELETE");
