"use server";

import { revalidatePath } from "next/cache";
import { validatedActionWithUser } from "@/lib/action";
import { deleteMediaSchema, moderateAllSchema, moderateManySchema } from "./schema";
import { deleteMedia, moderateAllPending, moderateMedia } from "./service";

// Moderation and deletion from the app's pages. Uploads never come through here: a server action's
// body is limited to 1 MB and buffered; they go to the streaming route POST /api/v1/events/{id}/media.

function refresh(eventId: string) {
  revalidatePath(`/events/${eventId}`);
  revalidatePath(`/events/${eventId}/media`);
  revalidatePath(`/events/${eventId}/moderation`);
}

/** The host approves or rejects the checked items (or one). */
export const moderateMediaAction = validatedActionWithUser(moderateManySchema, async ({ event_id, file_ids, status }, user) => {
  const result = await moderateMedia(user, event_id, file_ids, status);
  refresh(event_id);
  return result;
});

/** The host approves or rejects everything still waiting. */
export const moderateAllMediaAction = validatedActionWithUser(moderateAllSchema, async ({ event_id, status }, user) => {
  const result = await moderateAllPending(user, event_id, status);
  refresh(event_id);
  return result;
});

/** The host or the uploader deletes an item. */
export const deleteMediaAction = validatedActionWithUser(deleteMediaSchema, async ({ event_id, file_id }, user) => {
  await deleteMedia(user, event_id, file_id);
  refresh(event_id);
  return { file_id };
});
