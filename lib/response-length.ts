import "server-only";
import http, { type ServerResponse } from "node:http";
import https from "node:https";

// Next 16 drops Content-Length from every route-handler response (server/send-response.js: the body
// "may have been transparently decoded", so it never forwards the header) and sends the body chunked.
// For a stored file we know the exact length, and clients want it: download progress, video players
// sizing their buffers, resumable downloads. A route handler that streams bytes it has counted sets
// this private header instead; the Node server, patched here once per process, turns it into
// Content-Length on the way out. Nothing else can set it: it is a response header our code writes.

export const RESPONSE_LENGTH_HEADER = "x-invyta-content-length";

const g = globalThis as typeof globalThis & { __invytaResponseLength?: boolean };

/** Patches the HTTP(S) servers of this process, once, to turn RESPONSE_LENGTH_HEADER into Content-Length. */
export function installResponseLength(): void {
  if (g.__invytaResponseLength) return;
  g.__invytaResponseLength = true;
  for (const Server of [http.Server, https.Server]) {
    const emit = Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
    Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "request") restoreLength(args[1] as ServerResponse);
      return emit.call(this, event, ...args);
    } as typeof Server.prototype.emit;
  }
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
