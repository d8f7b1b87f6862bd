import { z } from "zod";
import { fileResponse } from "@/lib/http/files";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams } from "@/lib/http/responses";
import { binary, route } from "@/lib/http/route";
import { getMediaFile } from "@/lib/media/service";

export const GET = route(
  {
    summary: "A photo's preview",
    description: "A WebP at most 480 px wide, for whoever may see the photo. Videos have none (404).",
    auth: "optional-bearer-or-cookie",
    params: eventIdParams.extend({ file_id: z.string().describe("The photo's id.") }),
    response: { 200: binary("image/webp", "the preview"), 206: binary("image/webp", "the requested bytes"), 304: null },
    errors: [404, 416],
  },
  async ({ req, user, params }) => fileResponse(req, await getMediaFile(user, params.id, params.file_id, { preview: true })),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
