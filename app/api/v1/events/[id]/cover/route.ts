import { z } from "zod";
import { removeEventCover, setEventCover } from "@/lib/events/cover";
import { eventJson } from "@/lib/events/json";
import { onlyMethods } from "@/lib/http/methods";
import { eventBody, eventIdParams } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

const coverChanged = z.object({ message: z.string(), event: eventBody });

/** The body is read as a stream, as uploads are (lib/media/pictures.ts readPictureUpload). */
export const PUT = route(
  {
    summary: "Set the cover photo",
    description:
      "The owner only. `multipart/form-data` with a JPEG, PNG, WebP or GIF photo (at most 15 MB) in the field `file`. It is cropped to 2:1 (1600×800 and 800×400) and to 1200×630 for link previews, without its metadata; the event's `cover` names the results. Replaces the previous cover.",
    auth: "bearer-or-cookie",
    params: eventIdParams,
    body: "multipart",
    response: coverChanged,
    errors: [403, 404, 413, 415],
  },
  async ({ req, user, params }) => {
    const declared = req.headers.get("content-length");
    const event = await setEventCover(user, params.id, {
      contentType: req.headers.get("content-type"),
      contentLength: declared && /^\d+$/.test(declared) ? Number(declared) : null,
      stream: req.body,
    });
    return { message: "Cover photo set", event: eventJson(event, { viewerIsHost: true }) };
  },
);

export const DELETE = route(
  {
    summary: "Remove the cover photo",
    description: "The owner only; the event shows its theme again.",
    auth: "bearer-or-cookie",
    params: eventIdParams,
    response: coverChanged,
    errors: [403, 404],
  },
  async ({ user, params }) => {
    const event = await removeEventCover(user, params.id);
    return { message: "Cover photo removed", event: eventJson(event, { viewerIsHost: true }) };
  },
);

export const { GET, POST, PATCH, OPTIONS } = onlyMethods("PUT", "DELETE");
