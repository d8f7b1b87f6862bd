// Links in plain text (event descriptions). Pure: no server imports. Kept apart from text.ts so the
// client components that import text.ts do not ship linkify-it and its TLD list.
import { LinkifyIt } from "linkify-it";
import tlds from "tlds";

export type TextSegment =
  | { type: "text"; value: string }
  | { type: "link"; href: string; value: string }
  | { type: "br" };

// Only http(s) URLs and "www." hosts become links: linkify-it's other schemes (ftp:, mailto:, "//")
// are switched off, schemeless e-mail addresses too, and a schemeless match counts only when it
// starts with "www.". The full TLD list lets "www.example.dev" through, not only the default few.
const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: false, urlAuth: true, tlds })
  .add("ftp:", null)
  .add("mailto:", null)
  .add("//", null);

/** Sentence punctuation after a URL belongs to the sentence; linkify-it keeps a final ":", "*" or "?!". */
const TRAILING = /[.,;:!?'*]+$/;

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
    for (const match of linkify.match(line) ?? []) {
      const value = match.raw.replace(TRAILING, "");
      const href = match.schema ? value : /^www\./i.test(value) ? `https://${value}` : null;
      if (!href || !/^https?:\/\/./i.test(href)) continue;
      pushText(line.slice(cursor, match.index));
      out.push({ type: "link", href, value });
      cursor = match.index + value.length;
    }
    pushText(line.slice(cursor));
  });
  return out;
}
