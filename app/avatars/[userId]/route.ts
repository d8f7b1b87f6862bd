import { pictureResponse } from "@/lib/http/files";
import { withApi } from "@/lib/http/route";
import { avatarFile } from "@/lib/profiles/avatar";

/** A person's avatar, public like their profile. With `?v=` its file's id it may be cached for good; otherwise briefly. */
export const GET = withApi<{ userId: string }>(async ({ req, params }) => {
  const file = await avatarFile(params.userId);
  const lasting = req.nextUrl.searchParams.get("v") === file.fileId;
  return pictureResponse(req, file, lasting ? "public, max-age=31536000, immutable" : "public, max-age=60");
});
