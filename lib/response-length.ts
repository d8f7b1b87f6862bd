import "server-only";
import type { ServerResponse } from "node:http";
import { onEveryRequest } from "@/lib/request-hooks";

// Next 16 drops Content-Length from every route-handler response (server/send-response.js: the body
// "may have been transparently decoded", so it never forwards the header) and sends the body chunked.
// For a stored file we know the exact length, and clients want it: download progress, video players
// sizing their buffers, resumable downloads. A route handler that streams bytes it has counted sets
// this private header instead; the Node server (lib/request-hooks.ts) turns it into
// Content-Length on the way out. Nothing else can set it: it is a response header our code writes.

export const RESPONSE_LENGTH_HEADER = "x-invyta-content-length";

/** Makes every response of this process's servers take RESPONSE_LENGTH_HEADER as its Content-Length. */
export function installResponseLength(): void {
  onEveryRequest("response-length", (_req, res) => restoreLength(res));
}

/** Makes `res` take RESPONSE_LENGTH_HEADER (a decimal byte count) as its Content-Length. */
export function restoreLength(res: ServerResponse): void {
  const setHeader = res.setHeader;
  res.setHeader = function (this: ServerResponse, name: string, value: number | string | readonly string[]) {
    if (name.toLowerCase() !== RESPONSE_LENGTH_HEADER) return setHeader.call(this, name, value);
    const length = String(Array.isArray(value) ? value[0] : value);
    return /^\d{1,15}$/.test(length) ? setHeader.call(this, "content-length", length) : this;
  } as typeof res.setHeader;
}
