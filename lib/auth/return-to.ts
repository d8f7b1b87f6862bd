import { SIGNED_IN_HOME } from "./home";

// Every return target a visitor can choose (`?next=`, Auth.js's `callbackUrl`, a Referer) passes
// here before it reaches a Location header. Browsers read that header with the WHATWG URL parser,
// which drops tabs and newlines, reads "\" as "/" and "%2e%2e" as "..", so a check of the raw text
// alone (starts with "/", not "//") lets `/\t/evil.example` through as `//evil.example`. No
// server imports: the forms share this through ./schema.

const MAX_LENGTH = 2048;
/** A reserved name (RFC 2606): a target that resolves to any other origin is not ours. */
const PROBE_ORIGIN = "http://x.invalid";
/** Layers of percent-encoding looked through; a real path is not encoded deeper than this. */
const MAX_DECODES = 3;

/** Where to go after signing in: `value` when it is a path on this origin, else `fallback`. */
export function safeReturnTo(value: unknown, fallback = SIGNED_IN_HOME): string {
  return typeof value === "string" && isSameOriginPath(value) ? value : fallback;
}

/**
 * Auth.js's redirect callback: its `callbackUrl` is a path, or an absolute URL on `origin` (Auth.js
 * keeps its own earlier answer in a cookie that way). Answers a path that passes `safeReturnTo`.
 */
export function safeCallbackPath(target: string, origin: string, fallback = SIGNED_IN_HOME): string {
  if (target.startsWith("/")) return safeReturnTo(target, fallback);
  try {
    const url = new URL(target);
    if (url.origin === new URL(origin).origin) return safeReturnTo(`${url.pathname}${url.search}${url.hash}`, fallback);
  } catch {
    /* not an absolute URL */
  }
  return fallback;
}

/**
 * A path that stays on this origin as the browser parses it, and stays so after each percent-decoding
 * (a proxy or a later redirect may decode once more: `/%09/evil.example` becomes `/\t/evil.example`).
 * Printable ASCII only: a Location header cannot carry CR/LF or raw non-ASCII.
 */
export function isSameOriginPath(value: string): boolean {
  if (value.length === 0 || value.length > MAX_LENGTH || !/^[\x21-\x7e]+$/.test(value)) return false;
  let layer = value;
  for (let decodes = 0; decodes <= MAX_DECODES; decodes++) {
    if (!isSafeLayer(layer)) return false;
    const decoded = percentDecode(layer);
    if (decoded === layer) return true;
    layer = decoded;
  }
  return false;
}

function isSafeLayer(path: string): boolean {
  if (/[\x00-\x1f\x7f]/.test(path)) return false;
  if (!/^\/(?![/\\])/.test(path)) return false;
  let url: URL;
  try {
    url = new URL(path, PROBE_ORIGIN);
  } catch {
    return false;
  }
  // "/..//x" and "/%2e%2e//x" resolve to the path "//x", which a relative Location reads as a host.
  return url.origin === PROBE_ORIGIN && !/^\/[/\\]/.test(url.pathname);
}

/** One round of %XX decoding, byte by byte; invalid escapes stay as they are (as lenient decoders do). */
function percentDecode(text: string): string {
  return text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
