import "server-only";
import type { Readable } from "node:stream";
import { RangeNotSatisfiable } from "@/lib/errors";
import { contentDisposition, etagOf, ifRangeAllows, matchesIfNoneMatch, parseRange } from "@/lib/media/http";
import type { MediaArchive } from "@/lib/media/archive";
import type { MediaFile } from "@/lib/media/service";
import type { PictureFile } from "@/lib/media/pictures";
import { RESPONSE_LENGTH_HEADER } from "@/lib/response-length";

// Binary answers: a stored file streamed with validators and byte ranges.

/** A Node stream as a web stream that reads one chunk per pull (backpressure) and stops GridFS when the client leaves. */
function webStreamOf(node: Readable): ReadableStream<Uint8Array> {
  const chunks = node[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      } catch (err) {
        controller.error(err);
      }
    },
    cancel() {
      node.destroy();
    },
  });
}

const PUBLIC_MAX_AGE = 3600;
const PRIVATE_MAX_AGE = 300;

/**
 * Streams a stored file: Content-Length, a strong ETag (304 on a match), single byte ranges (206,
 * 416 naming the size in Content-Range). Only an approved item of a public event may sit in a
 * shared cache; everything else is `private`. Next 16 drops Content-Length from route-handler
 * responses, so the length also goes in RESPONSE_LENGTH_HEADER, which our server turns back into it.
 */
export function fileResponse(req: Request, file: MediaFile): Response {
  const etag = etagOf(file.fileId, file.length);
  const headers = new Headers({
    "Content-Type": file.contentType,
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Cache-Control": file.cacheablePublicly ? `public, max-age=${PUBLIC_MAX_AGE}` : `private, max-age=${PRIVATE_MAX_AGE}`,
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": contentDisposition(file.filename),
    "Cross-Origin-Resource-Policy": "same-origin",
  });
  if (!file.cacheablePublicly) headers.set("Vary", "Authorization, Cookie");

  if (matchesIfNoneMatch(req.headers.get("if-none-match"), etag)) {
    headers.delete("Content-Type");
    headers.delete("Content-Disposition");
    return new Response(null, { status: 304, headers });
  }

  const range = ifRangeAllows(req.headers.get("if-range"), etag) ? parseRange(req.headers.get("range"), file.length) : ({ kind: "full" } as const);
  if (range.kind === "unsatisfiable") throw new RangeNotSatisfiable(file.length);
  if (range.kind === "partial") {
    headers.set("Content-Range", `bytes ${range.start}-${range.end}/${file.length}`);
    setLength(headers, range.end - range.start + 1);
    return new Response(webStreamOf(file.open(range)), { status: 206, headers });
  }
  setLength(headers, file.length);
  return new Response(webStreamOf(file.open()), { status: 200, headers });
}

function setLength(headers: Headers, length: number) {
  headers.set("Content-Length", String(length));
  headers.set(RESPONSE_LENGTH_HEADER, String(length));
}

/**
 * A picture (a cover, an avatar): small, sent whole, with a strong ETag (304 on a match).
 * `cacheControl` says who may keep it and how long: a URL that names the file (`?v=`) never changes.
 */
export function pictureResponse(req: Request, file: PictureFile, cacheControl: string): Response {
  const etag = etagOf(file.fileId, file.length);
  const headers = new Headers({
    ETag: etag,
    "Cache-Control": cacheControl,
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
  });
  if (cacheControl.startsWith("private")) headers.set("Vary", "Cookie");
  if (matchesIfNoneMatch(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", file.contentType);
  setLength(headers, file.length);
  return new Response(webStreamOf(file.open()), { status: 200, headers });
}

/**
 * A zip made while it is sent: its length is known only at the end (so none is declared), and it
 * changes as items are approved or removed (so no validators, and no cache keeps it).
 */
export function archiveResponse(archive: MediaArchive): Response {
  const headers = new Headers({
    "Content-Type": "application/zip",
    "Content-Disposition": contentDisposition(archive.filename, "attachment"),
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
  });
  return new Response(webStreamOf(archive.open()), { status: 200, headers });
}
