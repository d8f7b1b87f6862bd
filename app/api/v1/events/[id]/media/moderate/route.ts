import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams, moderatedBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { moderateBodySchema } from "@/lib/media/schema";
import { moderateOne } from "@/lib/media/service";

export const POST = route(
  {
    summary: "Approve or reject a photo or video (original API)",
    description: "The original API's `POST /events/<id>/media/moderate {file_id, status}`; the same as …/media/{file_id}/moderation.",
    auth: "bearer-or-cookie",
    params: eventIdParams,
    body: moderateBodySchema,
    response: moderatedBody,
    errors: [404],
  },
  async ({ user, params, body }) => ({ message: "Media status updated successfully", ...(await moderateOne(user, params.id, body.file_id, body.status)) }),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
