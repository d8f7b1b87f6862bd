// Characters as a person counts them, and the ones typed text may not hold: what lib/text.ts's schema
// checks with. No zod here: the form counters (components/ui/length-counter.tsx) count with it too,
// and every page with a form loads them, the invite page opened from a QR code on a phone included.

let segmenter: Intl.Segmenter | null = null;

/**
 * Characters as a person sees them: "é" typed as e + a combining accent, a flag or a family emoji is
 * one. The form counters and the length checks both count with this, so they never disagree; `trim`
 * counts what a trimmed field will keep.
 */
export function textLength(text: string, { trim = false }: { trim?: boolean } = {}): number {
  segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  const normalized = unifyNewlines(text.normalize("NFC"));
  return Array.from(segmenter.segment(trim ? normalized.trim() : normalized)).length;
}

/** Windows and old Mac line breaks become "\n", so a line break is one character everywhere. */
export function unifyNewlines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/**
 * C0 controls, DEL and C1 controls: never part of text a person typed (NUL breaks C strings and
 * logs, the others can hide or reorder what is shown). Multi-line text keeps line breaks and tabs.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const CONTROL_EXCEPT_BREAKS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
/** With the u flag a paired surrogate is one code point, so this matches only a lone half. */
const LONE_SURROGATE = /\p{Cs}/u;

export function hasControlCharacters(text: string, multiline = false): boolean {
  return (multiline ? CONTROL_EXCEPT_BREAKS : CONTROL).test(text);
}

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/**
 * A character may be many UTF-16 units (a family emoji with skin tones is 19; "a" with a pile of
 * combining marks is one character of any length), so storage is bounded separately: at most this
 * many units per allowed character.
 */
export const MAX_UNITS_PER_CHARACTER = 8;
