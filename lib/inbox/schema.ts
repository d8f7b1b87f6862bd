import { z } from "zod";

// The inbox's input: the list's filters and pages (GET /api/v1/inbox, the /inbox page) and a
// decision on some of its items (the page's buttons and shortcuts).

const objectIdText = z.string().regex(/^[0-9a-f]{24}$/, "Not a valid id.");
const cursor = z.string().max(200).optional();

export const inboxQuerySchema = z.object({
  kind: z.enum(["requests", "media"], { error: "kind must be requests or media." }).optional(),
  event_id: objectIdText.optional(),
  requests_cursor: cursor,
  media_cursor: cursor,
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

const requestItem = z.object({ kind: z.literal("request"), event_id: objectIdText, user_id: objectIdText });
const mediaItem = z.object({ kind: z.literal("media"), event_id: objectIdText, file_id: objectIdText });

export const inboxDecisionSchema = z.object({
  items: z.array(z.discriminatedUnion("kind", [requestItem, mediaItem])).min(1, "Choose at least one item.").max(200, "Choose at most 200 items at once."),
  /** approve: requests approved, media approved; reject: requests denied, media rejected. */
  decision: z.enum(["approve", "reject"], { error: "decision must be approve or reject." }),
});
export type InboxDecision = z.infer<typeof inboxDecisionSchema>;
