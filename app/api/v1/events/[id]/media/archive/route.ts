import { archiveResponse } from "@/lib/http/files";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams } from "@/lib/http/responses";
import { binary, route } from "@/lib/http/route";
import { getMediaArchive } from "@/lib/media/archive";

export const GET = route(
  {
    summary: "All photos and videos as a zip",
    description:
      "The approved photos and videos, oldest first, in one zip streamed as it is written (entries stored, not compressed; no Content-Length). " +
      'Names as uploaded, cleaned and made unique ("photo.jpg", "photo (2).jpg"); dates are upload times on the event\'s clock. ' +
      "Whoever may see the approved items; an event with none gives an empty zip.",
    auth: "optional-bearer-or-cookie",
    params: eventIdParams,
    response: binary("application/zip", "the archive, as an attachment named after the event"),
    errors: [403, 404],
  },
  async ({ user, params }) => archiveResponse(await getMediaArchive(user, params.id)),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
