import { withApiOptionalUser } from "@/lib/api";
import { eventJson, listUserEvents } from "@/lib/events/service";

/** The events a user hosts: public ones for everyone, private ones too for that user. */
export const GET = withApiOptionalUser<{ user_id: string }>(async ({ user, params }) => {
  const viewerIsOwner = user?.id === params.user_id;
  const events = await listUserEvents(user, params.user_id);
  return { events: events.map((e) => eventJson(e, { viewerIsOwner })) };
});
