import { z } from "zod";

// Media input, shared by the JSON API and the moderation server actions. No server imports.

/** The original API may send "approve"/"reject"; both spellings mean the same decision. */
export const moderationStatusSchema = z.preprocess(
  (v) => (v === "approve" ? "approved" : v === "reject" ? "rejected" : v),
  z.enum(["approved", "rejected"], { error: 'status must be "approved" or "rejected".' }),
);

export const moderationSchema = z.object({ status: moderationStatusSchema });

/** The original's `POST /events/<id>/media/moderate {file_id, status}`. */
export const moderateBodySchema = z.object({
  file_id: z.string({ error: "file_id is required." }).min(1, "file_id is required.").max(64),
  status: moderationStatusSchema,
});

export const mediaListQuerySchema = z.object({
  status: z.enum(["pending", "approved", "rejected"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(200).optional(),
});

const eventId = z.string({ error: "event_id is required." }).min(1, "event_id is required.").max(64);
const fileId = z.string().min(1).max(64);

/** The moderation queue: some items (checkboxes) or one. */
export const moderateManySchema = z.object({
  event_id: eventId,
  file_ids: z.array(fileId).min(1, "Choose at least one item.").max(500, "Choose at most 500 items at once."),
  status: moderationStatusSchema,
});

/** The moderation queue: every pending item. */
export const moderateAllSchema = z.object({ event_id: eventId, status: moderationStatusSchema });

export const deleteMediaSchema = z.object({ event_id: eventId, file_id: fileId });
