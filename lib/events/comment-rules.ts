// The comment form's limits and messages, without zod: the event page's client code checks with
// them before sending, and ./comment-schema.ts (the server's check) says the same.

export const COMMENT_MAX = 1000;
export const COMMENT_EMPTY = "Write something first.";
export const COMMENT_TOO_LONG = `Keep the comment under ${COMMENT_MAX.toLocaleString("en-US")} characters.`;
