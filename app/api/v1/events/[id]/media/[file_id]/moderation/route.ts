import { onlyMethods } from "@/lib/http/methods";
import { fileIdParams, moderatedBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { moderationSchema } from "@/lib/media/schema";
import { moderateOne } from "@/lib/media/service";

export const POST = route(
  {
    summary: "Approve or reject a photo or video",
    description: "The hosts only (the owner and co-hosts): `{status: approved | rejected}`.",
    auth: "bearer-or-cookie",
    params: fileIdParams,
    body: moderationSchema,
    response: moderatedBody,
    errors: [404],
  },
  async ({ user, params, body }) => ({ message: "Media status updated successfully", ...(await moderateOne(user, params.id, params.file_id, body.status)) }),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
