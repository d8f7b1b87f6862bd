import { fileResponse, withMediaUser, withMediaViewer } from "@/lib/media/api";
import { deleteMedia, getMediaFile } from "@/lib/media/service";
import { onlyMethods } from "@/lib/api-methods";

type Params = { id: string; file_id: string };

/** The file itself, streamed, with byte ranges (video seeking) and validators. */
export const GET = withMediaViewer<Params>(async ({ req, user, params }) => {
  return fileResponse(req, await getMediaFile(user, params.id, params.file_id));
});

/** The host or the uploader. */
export const DELETE = withMediaUser<Params>(async ({ user, params }) => {
  await deleteMedia(user, params.id, params.file_id);
  return { message: "File deleted successfully", file_id: params.file_id };
});

export const { POST, PUT, PATCH, OPTIONS } = onlyMethods("GET", "DELETE");
