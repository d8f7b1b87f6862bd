import { readJson } from "@/lib/api";
import { withMediaUser } from "@/lib/media/api";
import { moderationSchema } from "@/lib/media/schema";
import { moderateOne } from "@/lib/media/service";
import { onlyMethods } from "@/lib/api-methods";

type Params = { id: string; file_id: string };

/** The host approves or rejects an item: `{status: "approved" | "rejected"}`. */
export const POST = withMediaUser<Params>(async ({ req, user, params }) => {
  const { status } = await readJson(req, moderationSchema);
  const result = await moderateOne(user, params.id, params.file_id, status);
  return { message: "Media status updated successfully", ...result };
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
