import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { brotliDecompressSync, gunzipSync, gzipSync, inflateSync } from "node:zlib";
// The function Next itself tells crawlers apart with (its internal path: check it on upgrades).
import { getBotType } from "next/dist/shared/lib/router/utils/is-bot";
import { hasSessionCookie } from "@/lib/auth/session-cookie";
import { SOCKET_IP_HEADER } from "@/lib/client-ip";
import { env } from "@/lib/env";
import { RateLimited } from "@/lib/errors";
import { enforceRequestPolicy, LIMITS } from "@/lib/limits";
import { outageSince } from "@/lib/outages";
import { claimRequests } from "@/lib/request-hooks";
import { nonceOfPolicy } from "@/lib/security-headers";
import { MAX_PAGE_BYTES, sharedPages, type SharedPages, type StoredPage } from "./store";

// The Node side of shared pages (./store.ts): a signed-out GET of an event's page, a join page or /discover is
// answered from memory when a render of the same URL was kept, with this response's own CSP nonce
// written over the kept one and our own gzip; otherwise Next renders it, and the response is
// captured on its way out and kept if the render offered itself (./share.ts) and came out whole.
// Not for: a request carrying a session cookie, Next's own navigation and prefetch requests (RSC),
// anything but GET, and dev (pages change as you edit them).
// A join page sent from memory still counts against the invite-token limit; over it, Next renders
// the page, which counts and says so.

/** The pages that may offer themselves: an event's page, its join page, the discover listing. */
const SHARED_PATHS = /^\/(events\/|discover(\?|$))/;
const NEXT_ROUTER_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action", "next-url"];
/** Headers not sent again from a kept page: each response has its own (or none). */
const NOT_KEPT = new Set(["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "date", "etag", "set-cookie", "content-security-policy", "content-security-policy-report-only", "age"]);

/** The cache key of a request that may be answered with a shared page, or null. */
export function sharedPageKey(req: IncomingMessage): string | null {
  const url = req.url ?? "/";
  if (req.method !== "GET" || !SHARED_PATHS.test(url) || url.includes("_rsc=")) return null;
  for (const name of NEXT_ROUTER_HEADERS) if (req.headers[name] !== undefined) return null;
  if (hasSessionCookie(cookieNames(req.headers.cookie))) return null;
  // Next renders a page's metadata into <head> for crawlers that do not run scripts, and streams it
  // for everyone else: the two are different pages.
  return `${getBotType(req.headers["user-agent"] ?? "") ?? "browser"} ${url}`;
}

function* cookieNames(header: string | undefined): Iterable<{ name: string }> {
  if (!header) return;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    yield { name: (eq < 0 ? part : part.slice(0, eq)).trim() };
  }
}

/** Serves and keeps shared pages on this process's servers (lib/request-hooks.ts). */
export function installSharedPages(): void {
  if (process.env.NODE_ENV !== "production") return;
  claimRequests((req, res) => claim(sharedPages(), req, res));
}

/** False: Next handles the request now; a promise: whether it was answered from memory (else Next handles it then). */
export function claim(pages: SharedPages, req: IncomingMessage, res: ServerResponse): Promise<boolean> | false {
  const key = sharedPageKey(req);
  const nonce = key ? nonceOfPolicy(req.headers["content-security-policy"]) : null;
  if (!key || !nonce) return false;
  const page = pages.get(key);
  if (!page) {
    capture(pages, key, nonce, req, res);
    return false;
  }
  return answer(pages, page, nonce, req, res).then((answered) => {
    if (!answered) capture(pages, key, nonce, req, res);
    return answered;
  });
}

async function answer(pages: SharedPages, page: StoredPage, nonce: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  try {
    await pages.fresh(page);
    // Still kept after catching up: a change another process noted may have dropped it meanwhile.
    if (pages.get(page.key) !== page) return false;
    // Counted last: a view counted here is sent from here, never rendered and counted again.
    if (page.limit) await enforceRequestPolicy(LIMITS[page.limit], limitHeaders(req));
  } catch (err) {
    if (!(err instanceof RateLimited)) console.error(`[invyta] shared page not sent: ${(err as Error).message}`);
    return false;
  }
  const html = page.html.replaceAll(page.nonce, nonce);
  for (const [name, value] of page.headers) res.setHeader(name, value);
  const gzip = acceptsGzip(req.headers["accept-encoding"]);
  const body = gzip ? gzipSync(html) : Buffer.from(html);
  if (gzip) res.setHeader("Content-Encoding", "gzip");
  res.setHeader("Content-Length", body.length);
  res.setHeader("Age", String(Math.floor((Date.now() - page.storedAt) / 1000)));
  res.statusCode = 200;
  res.end(body);
  return true;
}

/** Keeps the response Next sends, if its render offered itself and it came out whole. */
function capture(pages: SharedPages, key: string, nonce: string, req: IncomingMessage, res: ServerResponse): void {
  pages.begin(nonce);
  const chunks: Buffer[] = [];
  let bytes = 0;
  const take = (chunk: unknown, encoding: unknown) => {
    if (bytes > MAX_PAGE_BYTES || chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array);
    chunks.push(buffer);
    bytes += buffer.length;
  };
  const write = res.write;
  const end = res.end;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    take(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof res.write;
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    take(chunk, rest[0]);
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as typeof res.end;
  res.once("close", () => {
    const offered = pages.finish(nonce);
    if (!offered || !res.writableFinished || bytes > MAX_PAGE_BYTES || res.statusCode !== 200) return;
    if (res.hasHeader("set-cookie") || !String(res.getHeader("content-type") ?? "").startsWith("text/html")) return;
    if (outageSince(offered.startedAt)) return;
    const html = decode(Buffer.concat(chunks), res.getHeader("content-encoding"));
    if (html === null || !isWhole(html, nonce)) return;
    const headers: [string, string | string[]][] = [];
    for (const [name, value] of Object.entries(res.getHeaders())) {
      if (value !== undefined && !NOT_KEPT.has(name)) headers.push([name, typeof value === "number" ? String(value) : value]);
    }
    pages.keep({ ...offered.share, key, headers, html, nonce });
  });
}

/** Decoded bytes of a response body as Next compressed it; null for an encoding we do not read. */
function decode(body: Buffer, encoding: unknown): string | null {
  try {
    if (encoding === undefined || encoding === "identity") return body.toString("utf8");
    if (encoding === "gzip") return gunzipSync(body).toString("utf8");
    if (encoding === "deflate") return inflateSync(body).toString("utf8");
    if (encoding === "br") return brotliDecompressSync(body).toString("utf8");
  } catch {
    // A body cut short: not kept.
  }
  return null;
}

/**
 * A whole document rendered for this request: it carries the request's nonce, ends its HTML, and
 * no Suspense boundary in it failed on the server (React marks one `<!--$!-->` and sends the error's
 * digest, leaving the client to retry) — such a page is sent once, never kept.
 */
function isWhole(html: string, nonce: string): boolean {
  return html.includes(`nonce="${nonce}"`) && html.trimEnd().endsWith("</html>") && !html.includes("<!--$!-->") && !html.includes("data-dgst");
}

function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(",") : (header ?? "");
  return /\bgzip\b/i.test(value) && !/\bgzip\s*;\s*q=0(\.0*)?\s*(,|$)/i.test(value);
}

function limitHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const name of [env().TRUSTED_PROXY_HEADER?.toLowerCase(), SOCKET_IP_HEADER]) {
    const value = name ? req.headers[name] : undefined;
    if (name && value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}
