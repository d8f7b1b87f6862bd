import { NextResponse } from "next/server";
import { z } from "zod";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams, mediaItemBody, mediaStatus, nextCursor, objectId } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { mediaListQuerySchema } from "@/lib/media/schema";
import { listMedia, mediaJson, mediaPaths, uploadMedia } from "@/lib/media/service";

export const GET = route(
  {
    summary: "Photos and videos",
    description: "What the viewer may see, newest first; the host also gets counts per status.",
    auth: "optional-bearer-or-cookie",
    params: eventIdParams,
    query: mediaListQuerySchema,
    response: z.object({
      media: z.array(mediaItemBody),
      next_cursor: nextCursor,
      counts: z.object({ pending: z.number().int(), approved: z.number().int(), rejected: z.number().int() }).optional().describe("Host only."),
    }),
    errors: [403, 404],
  },
  async ({ user, params, query }) => {
    const { items, counts, next_cursor } = await listMedia(user, params.id, query);
    return { media: items.map(mediaJson), next_cursor, ...(counts ? { counts } : {}) };
  },
);

/**
 * The body is read as a stream (never `req.formData()`, which would buffer it): see uploadMedia.
 */
export const POST = route(
  {
    summary: "Upload a photo or video",
    description: "`multipart/form-data` with the file in the field `file`. The host and guests who are going; a guest's upload waits for the host's approval.",
    auth: "bearer-or-cookie",
    params: eventIdParams,
    body: "multipart",
    response: {
      201: z.object({
        message: z.string(),
        file_id: objectId,
        status: mediaStatus,
        kind: z.enum(["image", "video"]),
        content_type: z.string(),
        filename: z.string(),
        size: z.number().int(),
      }),
    },
    errors: [404, 413, 415],
  },
  async ({ req, user, params }) => {
    const declared = req.headers.get("content-length");
    const result = await uploadMedia(user, params.id, {
      contentType: req.headers.get("content-type"),
      contentLength: declared && /^\d+$/.test(declared) ? Number(declared) : null,
      stream: req.body,
    });
    const { url } = mediaPaths(params.id, result.file_id);
    return NextResponse.json(
      { message: "File uploaded successfully", ...result },
      { status: 201, headers: { Location: url, "Cache-Control": "no-store" } },
    );
  },
);

export const { PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET", "POST");
