// Plain-text helpers for event descriptions, tags and search. Pure: no server imports.

export type TextSegment =
  | { type: "text"; value: string }
  | { type: "link"; href: string; value: string }
  | { type: "br" };

// A URL starts at "http://", "https://" or "www." that does not continue a word, an e-mail address
// or a path, and runs to whitespace, an angle bracket, a double quote or CJK punctuation.
const URL_RE = /(?<![\p{L}\p{N}\p{M}_@./-])(?:https?:\/\/|www\.)[^\s<>"\u3000-\u303f\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f]+/giu;

/** Sentence punctuation after a URL belongs to the sentence. */
const TRAILING = new Set([".", ",", ";", ":", "!", "?", "'", "*"]);
/** A closing bracket belongs to the URL only while it balances an opening one inside it. */
const OPENER_OF: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

function trimTrailing(url: string): string {
  let end = url.length;
  while (end > 0) {
    const ch = url[end - 1] ?? "";
    const opener = OPENER_OF[ch];
    const head = url.slice(0, end);
    if (TRAILING.has(ch) || (opener !== undefined && count(head, ch) > count(head, opener))) end--;
    else break;
  }
  return url.slice(0, end);
}

/** The href for a candidate, or null unless it parses as an http(s) URL with a host. */
function hrefOf(candidate: string): string | null {
  const bare = /^www\./i.test(candidate);
  const href = bare ? `https://${candidate}` : candidate;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (!url.hostname || (bare && !/^www\.[^.]+/i.test(url.hostname))) return null;
  return href;
}

/**
 * Splits plain text into segments a component can render without HTML strings: line breaks become
 * `br`, http(s) URLs and "www." hosts become links (hrefs are always http: or https:), the rest stays
 * text. Adjacent text is merged; no segment is empty.
 */
export function linkifyText(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  const pushText = (value: string) => {
    if (!value) return;
    const last = out[out.length - 1];
    if (last?.type === "text") last.value += value;
    else out.push({ type: "text", value });
  };

  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (i > 0) out.push({ type: "br" });
    let cursor = 0;
    for (const match of line.matchAll(URL_RE)) {
      const start = match.index;
      const candidate = trimTrailing(match[0]);
      const href = candidate ? hrefOf(candidate) : null;
      if (!href) continue;
      pushText(line.slice(cursor, start));
      out.push({ type: "link", href, value: candidate });
      cursor = start + candidate.length;
    }
    pushText(line.slice(cursor));
  });
  return out;
}

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
