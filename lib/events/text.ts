// Plain-text helpers for event tags, search and file names. Pure: no server imports.
// Links in descriptions: lib/events/linkify.ts.

/**
 * Tags as stored on events: strings split on commas, trimmed, lower-cased, inner whitespace turned
 * into "-", anything but letters (of any script), digits and "-" removed, repeated/edge hyphens
 * collapsed; empty ones dropped, duplicates removed (first occurrence kept).
 */
export function normalizeTags(input: string[] | string): string[] {
  const raw = (Array.isArray(input) ? input : [input]).flatMap((s) => (typeof s === "string" ? s.split(",") : []));
  const tags = new Set<string>();
  for (const item of raw) {
    const tag = item
      .normalize("NFC")
      .trim()
      .toLowerCase()
      .replace(/\s+/gu, "-")
      // \p{M} keeps the vowel signs of Indic scripts, which are marks, not letters.
      .replace(/[^\p{L}\p{M}\p{N}-]/gu, "")
      .replace(/-{2,}/g, "-")
      .replace(/^-|-$/g, "");
    if (tag) tags.add(tag);
  }
  return [...tags];
}

export const MAX_SEARCH_TERMS = 200;
export const MAX_QUERY_TERMS = 5;
/** Longer words are cut (the same way in the index and the query), keeping index keys small. */
export const MAX_TERM_LENGTH = 64;

function termsOf(parts: string[], limit: number): string[] {
  const terms = new Set<string>();
  for (const part of parts) {
    if (typeof part !== "string") continue;
    // Lower-case first ("İ" lower-cases to i + a combining dot), then decompose and drop the
    // non-spacing marks: "Café" → "cafe", "ﬁ" → "fi".
    const folded = part.toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "");
    for (const word of folded.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []) {
      const chars = [...word];
      if (chars.length < 2) continue;
      terms.add(chars.slice(0, MAX_TERM_LENGTH).join(""));
      if (terms.size >= limit) return [...terms];
    }
  }
  return [...terms];
}

/** Index terms for an event (title, description, location, tags…): folded words of 2+ characters, deduped, at most 200. */
export function searchTerms(...parts: string[]): string[] {
  return termsOf(parts, MAX_SEARCH_TERMS);
}

/** A search box's terms, folded exactly like `searchTerms`, at most 5. */
export function queryTerms(q: string): string[] {
  return termsOf([q], MAX_QUERY_TERMS);
}

/** An ASCII file-name stem from a title ("Café & Résumé" → "cafe-resume"), so headers need no encoding. */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "event";
}
