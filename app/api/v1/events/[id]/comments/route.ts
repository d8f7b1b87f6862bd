import { NextResponse } from "next/server";
import { z } from "zod";
import { commentSchema, commentsQuerySchema } from "@/lib/events/comment-schema";
import { listComments, postComment } from "@/lib/events/comments";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams, nextCursor, objectId } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

/** lib/events/comments.ts CommentView. */
const commentBody = z.object({
  comment_id: objectId,
  author_id: objectId,
  author_name: z.string().describe("The author's display name, else their username."),
  body: z.string().describe("Plain text; show links as links."),
  created_at: z.iso.datetime(),
  can_delete: z.boolean().describe("The caller is the host or the author."),
});

export const GET = route(
  {
    summary: "Comments",
    description: "The event's comments, newest first, a page at a time (`limit` 1–100, default 20). The host and guests going or maybe; other guests get 403.",
    auth: "bearer",
    params: eventIdParams,
    query: commentsQuerySchema,
    invalidQuery: "The list query is not valid.",
    response: z.object({ comments: z.array(commentBody), next_cursor: nextCursor }),
    errors: [403, 404],
  },
  async ({ user, params, query }) => listComments(user, params.id, query),
);

export const POST = route(
  {
    summary: "Comment",
    description: "`{body}`: plain text, 1–1000 characters (line breaks kept, no control characters). The host and guests going or maybe; the host gets new guests' comments in one email an hour at most.",
    auth: "bearer",
    limit: "comment",
    params: eventIdParams,
    body: commentSchema,
    response: { 201: z.object({ message: z.string(), comment: commentBody }) },
    errors: [403, 404],
  },
  async ({ user, params, body }) => {
    const comment = await postComment(user, params.id, body.body);
    return NextResponse.json({ message: "Comment posted", comment }, { status: 201, headers: { "Cache-Control": "no-store" } });
  },
);

export const { PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET", "POST");
