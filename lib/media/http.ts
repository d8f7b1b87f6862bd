// HTTP details of serving a stored file: byte ranges (RFC 9110 §14), validators and the
// Content-Disposition file name (RFC 6266 / RFC 5987). Pure.

export type RangeResult = { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

/**
 * One `bytes=` range of a file of `size` bytes: `a-b`, `a-` or `-n` (inclusive ends). A header that
 * is malformed, not in bytes, or asks for several ranges is ignored (the whole file is sent), as
 * RFC 9110 allows; a well-formed range that starts past the end is unsatisfiable (416).
 */
export function parseRange(header: string | null | undefined, size: number): RangeResult {
  if (!header) return { kind: "full" };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return { kind: "full" };
  const [, a, b] = m as unknown as [string, string, string];
  if (a === "" && b === "") return { kind: "full" };
  if (a === "") {
    const suffix = Number(b);
    if (!Number.isSafeInteger(suffix)) return { kind: "full" };
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const last = b === "" ? Infinity : Number(b);
  if (!Number.isSafeInteger(start) || !(last === Infinity || Number.isSafeInteger(last))) return { kind: "full" };
  if (last < start) return { kind: "full" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end: Math.min(last, size - 1) };
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

/** `inline; filename="ascii fallback"; filename*=UTF-8''percent-encoded` for any name. */
export function contentDisposition(name: string, type: "inline" | "attachment" = "inline"): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_").replace(/%/g, "_") || "file";
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
