import { z } from "zod";
import { fileResponse } from "@/lib/http/files";
import { onlyMethods } from "@/lib/http/methods";
import { fileIdParams, objectId } from "@/lib/http/responses";
import { binary, route } from "@/lib/http/route";
import { deleteMedia, getMediaFile } from "@/lib/media/service";

export const GET = route(
  {
    summary: "A photo or video",
    description: "The file itself, streamed, with byte ranges (`Range`, for video seeking) and validators (`ETag`, `If-None-Match`, `If-Range`).",
    auth: "optional-bearer-or-cookie",
    params: fileIdParams,
    response: { 200: binary("application/octet-stream", "the file, with its own Content-Type"), 206: binary("application/octet-stream", "the requested bytes"), 304: null },
    errors: [404, 416],
  },
  async ({ req, user, params }) => fileResponse(req, await getMediaFile(user, params.id, params.file_id)),
);

export const DELETE = route(
  {
    summary: "Delete a photo or video",
    description: "The host or the person who added it.",
    auth: "bearer-or-cookie",
    params: fileIdParams,
    response: z.object({ message: z.string(), file_id: objectId }),
    errors: [404],
  },
  async ({ user, params }) => {
    await deleteMedia(user, params.id, params.file_id);
    return { message: "File deleted successfully", file_id: params.file_id };
  },
);

export const { POST, PUT, PATCH, OPTIONS } = onlyMethods("GET", "DELETE");
