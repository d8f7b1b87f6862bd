import { create as createContentDisposition } from "content-disposition";
import rangeParser from "range-parser";

// HTTP details of serving a stored file: byte ranges (RFC 9110 §14, read by range-parser),
// validators and the Content-Disposition file name (RFC 6266, written by content-disposition). Pure.

export type RangeResult = { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

const FULL = { kind: "full" } as const;

/**
 * One `bytes=` range of a file of `size` bytes: `a-b`, `a-` or `-n` (inclusive ends). A header that
 * is malformed, not in bytes, asks for several ranges or names a position past 2^53 is ignored (the
 * whole file is sent), as RFC 9110 allows; a well-formed range that starts past the end is
 * unsatisfiable (416).
 */
export function parseRange(header: string | null | undefined, size: number): RangeResult {
  if (!header || !/^\s*bytes\s*=/i.test(header) || header.includes(",")) return FULL;
  if (header.match(/\d+/g)?.some((digits) => !Number.isSafeInteger(Number(digits)))) return FULL;
  const ranges = rangeParser(size, header);
  if (ranges === -2) return FULL;
  if (ranges !== -1) return { kind: "partial", start: ranges[0]!.start, end: ranges[0]!.end };
  // range-parser 1.x also answers -1 where RFC 9110 §14.1.1 does not (2.x follows it, but needs
  // Node 22): a suffix longer than the file is the whole file, and a range that ends before it
  // starts is invalid, so ignored.
  const [first = "", last = ""] = header.slice(header.indexOf("=") + 1).split("-").map((s) => s.trim());
  if (first === "" && Number(last) > 0 && size > 0) return { kind: "partial", start: 0, end: size - 1 };
  if (first !== "" && last !== "" && Number(last) < Number(first)) return FULL;
  return { kind: "unsatisfiable" };
}

/** A strong validator: a stored file never changes, so its id and length identify its bytes. */
export function etagOf(fileId: string, length: number): string {
  return `"${fileId}-${length}"`;
}

/** If-None-Match: `*` or a list of entity tags (weak comparison, as RFC 9110 asks for GET). */
export function matchesIfNoneMatch(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === bare);
}

/** If-Range with an entity tag: the range applies only when the file is still the same one. */
export function ifRangeAllows(header: string | null | undefined, etag: string): boolean {
  if (!header) return true;
  return header.trim() === etag;
}

/**
 * `inline; filename="ascii fallback"; filename*=UTF-8''percent-encoded` for any name; a name that
 * is its own fallback goes alone (and unquoted when it is a token: `inline; filename=photo.jpg`).
 */
export function contentDisposition(name: string, type: "inline" | "attachment" = "inline"): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, "_") || "file";
  return createContentDisposition(name, { type, fallback });
}
