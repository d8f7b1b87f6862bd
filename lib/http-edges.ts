import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { onEveryRequest } from "@/lib/request-hooks";

// Two faults of Next's own HTTP handling, fixed on the Node request before Next sees it:
// - A malformed %-escape in the path (`/events/%E0%A4%A`) makes Next's router throw a DecodeError
//   that it answers with a plain-text 500, before any route handler, proxy or not-found page runs.
// - A response sent before the request body was read (a 413 refusal, a 401 before an upload) left
//   the keep-alive socket holding the unread body: Next had stopped reading it, so the client's
//   next request on that socket waited for the server's timeout and then got a reset.

/** Installs both fixes on this process's servers (lib/request-hooks.ts). */
export function installHttpEdges(): void {
  onEveryRequest("http-edges", (req, res) => {
    req.url = repairPercentEncoding(req.url ?? "/");
    closeIfBodyUnread(req, res);
  });
}

/**
 * The request target with every %-escape that does not decode (not two hex digits, or bytes that are
 * not UTF-8) in its path written as a literal `%25`. The path then routes as usual and the odd
 * segment is just an unknown id: a JSON 404 from the API, the not-found page in the app. Valid
 * escapes and the query string are kept as they were.
 */
export function repairPercentEncoding(target: string): string {
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  if (!path.includes("%")) return target;
  const segments = path.split("/");
  let changed = false;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (!segment.includes("%") || decodes(segment)) continue;
    segments[i] = repairSegment(segment);
    changed = true;
  }
  return changed ? segments.join("/") + (q < 0 ? "" : target.slice(q)) : target;
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** Keeps each run of escapes that decodes to UTF-8 and turns the `%` of every other escape into `%25`. */
function repairSegment(segment: string): string {
  return segment.replace(/(?:%[0-9A-Fa-f]{2})+|%/g, (run) => {
    if (run === "%") return "%25";
    if (decodes(run)) return run;
    // A run mixing valid and broken bytes: the broken bytes go literal, a byte at a time.
    return run.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => (parseInt(hex, 16) < 0x80 ? escape : `%25${hex}`));
  });
}

/**
 * If the response starts before the whole request body has arrived, it says `Connection: close` and
 * the socket is closed once it is sent: the client knows to open a new connection, and the server
 * never reads (nor waits for) the rest of a body it refused. Bodies read to the end keep the
 * connection alive, as before.
 */
export function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  // Only a request that has a body: Node marks even a bodyless GET `complete` a moment after the
  // handler starts, so `complete` alone would close connections a quick answer did not need to.
  if (!hasBody(req)) return;
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    if (!req.complete && !this.headersSent) this.setHeader("Connection", "close");
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}
