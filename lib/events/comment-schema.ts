import { z } from "zod";
import { humanText } from "@/lib/text";
import { COMMENT_EMPTY, COMMENT_MAX, COMMENT_TOO_LONG } from "./comment-rules";

// Comments on an event's page: one schema for the form's server action and the JSON API.

export { COMMENT_MAX };
export const COMMENTS_LIMIT_DEFAULT = 20;
export const COMMENTS_LIMIT_MAX = 100;

/** Plain text: trimmed, line breaks kept, no control characters, 1–1000 characters as a person counts them. */
export const commentBodySchema = humanText({
  max: COMMENT_MAX,
  multiline: true,
  label: "The comment",
  typeError: "The comment must be text.",
  tooLong: COMMENT_TOO_LONG,
}).min(1, COMMENT_EMPTY);

export const commentSchema = z.object({ body: commentBodySchema });

const limitMessage = `limit must be a whole number from 1 to ${COMMENTS_LIMIT_MAX}.`;
export const commentsQuerySchema = z.object({
  cursor: z.string().max(200, "That page cursor is not valid.").optional(),
  limit: z.coerce
    .number({ error: limitMessage })
    .int(limitMessage)
    .min(1, limitMessage)
    .max(COMMENTS_LIMIT_MAX, limitMessage)
    .default(COMMENTS_LIMIT_DEFAULT),
});
