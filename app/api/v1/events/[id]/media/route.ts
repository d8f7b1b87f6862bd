import { NextResponse } from "next/server";
import { parseWith } from "@/lib/api";
import { withMediaUser, withMediaViewer } from "@/lib/media/api";
import { mediaListQuerySchema } from "@/lib/media/schema";
import { listMedia, mediaJson, mediaPaths, uploadMedia } from "@/lib/media/service";
import { onlyMethods } from "@/lib/api-methods";

type Params = { id: string };

/** What the viewer may see, newest first; the host also gets counts per status. */
export const GET = withMediaViewer<Params>(async ({ req, user, params }) => {
  const query = parseWith(mediaListQuerySchema, Object.fromEntries(req.nextUrl.searchParams));
  const { items, counts, next_cursor } = await listMedia(user, params.id, query);
  return { media: items.map(mediaJson), next_cursor, ...(counts ? { counts } : {}) };
});

/**
 * multipart/form-data with the file in the field `file`. The body is read as a stream (never
 * `req.formData()`, which would buffer it): see uploadMedia.
 */
export const POST = withMediaUser<Params>(async ({ req, user, params }) => {
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
});

export const { PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET", "POST");
