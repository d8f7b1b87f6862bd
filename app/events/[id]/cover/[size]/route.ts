import { currentUser } from "@/lib/auth/session";
import { NotFound } from "@/lib/errors";
import { coverFile } from "@/lib/events/cover";
import { pictureResponse } from "@/lib/http/files";
import { withApi } from "@/lib/http/route";
import { enforceRequestPolicy, LIMITS } from "@/lib/limits";
import { COVER_SIZE_NAMES, type CoverSize } from "@/lib/media/pictures";

const YEAR = 365 * 24 * 3600;

/**
 * One size of the event's cover photo (`wide`, `small`, `og`), for whoever may see the event: the
 * session decides, or `?token=` a valid invite token of a private event (counted like opening its
 * join page). `?v=` the current file's id makes the answer cacheable for good; an old `v` gets the
 * current cover, briefly cached.
 */
export const GET = withApi<{ id: string; size: string }>(async ({ req, params }) => {
  if (!COVER_SIZE_NAMES.includes(params.size as CoverSize)) throw new NotFound("No such cover size.");
  const search = req.nextUrl.searchParams;
  const token = search.get("token")?.slice(0, 128) || null;
  if (token) await enforceRequestPolicy(LIMITS.inviteToken, req.headers);
  const file = await coverFile(params.id, params.size as CoverSize, await currentUser(), token);
  const lasting = search.get("v") === file.fileId;
  const cacheControl = file.isPrivate ? `private, max-age=${lasting ? 3600 : 60}` : lasting ? `public, max-age=${YEAR}, immutable` : "public, max-age=60";
  return pictureResponse(req, file, cacheControl);
});
