import { readJson } from "@/lib/api";
import { withMediaUser } from "@/lib/media/api";
import { moderateBodySchema } from "@/lib/media/schema";
import { moderateOne } from "@/lib/media/service";
import { onlyMethods } from "@/lib/api-methods";

/** The original API's `POST /events/<id>/media/moderate {file_id, status}`; same as …/{file_id}/moderation. */
export const POST = withMediaUser<{ id: string }>(async ({ req, user, params }) => {
  const { file_id, status } = await readJson(req, moderateBodySchema);
  const result = await moderateOne(user, params.id, file_id, status);
  return { message: "Media status updated successfully", ...result };
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
