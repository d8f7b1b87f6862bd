import { z } from "zod";
import { deleteComment } from "@/lib/events/comments";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams, objectId } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const DELETE = route(
  {
    summary: "Delete a comment",
    description: "The host deletes any comment on their event; a guest going or maybe, their own.",
    auth: "bearer",
    params: eventIdParams.extend({ comment_id: z.string().describe("The comment's id.") }),
    response: z.object({ message: z.string(), comment_id: objectId }),
    errors: [403, 404],
  },
  async ({ user, params }) => ({ message: "Comment deleted", comment_id: await deleteComment(user, params.id, params.comment_id) }),
);

export const { GET, POST, PUT, PATCH, OPTIONS } = onlyMethods("DELETE");
