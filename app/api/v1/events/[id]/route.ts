import { z } from "zod";
import { getEventForViewer } from "@/lib/events/access";
import { deleteEvent, updateEvent } from "@/lib/events/details";
import { eventJson } from "@/lib/events/json";
import { eventPatchSchema } from "@/lib/events/schema";
import { onlyMethods } from "@/lib/http/methods";
import { eventBody, eventIdParams, eventViewer, hostOnly, messageBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    summary: "An event",
    description: "A private event is visible to its host, its guests and, with `?token=` from a valid invite link, whoever holds the link (to see it before joining); anyone else gets 404.",
    ...eventViewer,
    response: eventBody,
  },
  async ({ user, params, query }) => {
    const { event, membership, isOwner, isHost } = await getEventForViewer(params.id, user, query.token ?? null);
    const viewerRole = isOwner ? "owner" : isHost ? "cohost" : null;
    return eventJson(event, { viewerIsHost: isHost, viewerRole, viewerStatus: membership?.status ?? null, viewerGuests: membership ? (membership.guests ?? 0) : null, token: query.token ?? null });
  },
);

// The original API updated with PUT; PATCH is the accurate verb (only the fields sent change). Both do the same.
const update = route(
  {
    summary: "Change an event",
    description: "The owner only; only the fields sent change. The original API's `date` stands for `starts_at`.",
    auth: "bearer",
    params: eventIdParams,
    body: eventPatchSchema,
    response: z.object({ message: z.string(), event: eventBody }),
    errors: [403, 404, 409],
  },
  async ({ user, params, body }) => {
    const event = await updateEvent(user, params.id, body);
    return { message: "Event updated successfully", event: eventJson(event, { viewerIsHost: true }) };
  },
);

export const PATCH = update;
export const PUT = update;

export const DELETE = route(
  { summary: "Delete an event", description: "The owner only.", ...hostOnly, response: messageBody },
  async ({ user, params }) => {
    await deleteEvent(user, params.id);
    return { message: "Event deleted successfully" };
  },
);

export const { POST, OPTIONS } = onlyMethods("GET", "PUT", "PATCH", "DELETE");
