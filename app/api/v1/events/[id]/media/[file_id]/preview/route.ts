import { fileResponse, withMediaViewer } from "@/lib/media/api";
import { getMediaFile } from "@/lib/media/service";
import { onlyMethods } from "@/lib/api-methods";

type Params = { id: string; file_id: string };

/** A photo's WebP preview (at most 480 px wide), for whoever may see the photo. Videos have none (404). */
export const GET = withMediaViewer<Params>(async ({ req, user, params }) => {
  return fileResponse(req, await getMediaFile(user, params.id, params.file_id, { preview: true }));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
