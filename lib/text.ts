import { z } from "zod";

// Human text (titles, names, bios, locations, tags) as the forms and the API accept it: composed the
// same way (NFC), trimmed, free of control characters and lone surrogates, and no longer than a
// number of characters counted the way a person counts them. Pure: the form counters use it too.

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

export type TextRules = {
  /** Most characters (textLength) allowed. */
  max: number;
  /** Keeps line breaks and tabs (descriptions, bios); single-line fields refuse them. */
  multiline?: boolean;
  /** Removes leading and trailing whitespace before anything is checked (default true). */
  trim?: boolean;
  /** The field as the subject of a message: "The title" (cannot contain…). */
  label: string;
  /** When the value is not a string at all. */
  typeError: string;
  tooLong: string;
};

/**
 * The one schema for human text. Stays a ZodString, so a field can add its own checks
 * (`.min(1, "Give the event a title.")`, a pattern).
 */
export function humanText({ max, multiline = false, trim = true, label, typeError, tooLong }: TextRules) {
  let schema = z.string({ error: typeError }).normalize("NFC");
  if (multiline) schema = schema.overwrite(unifyNewlines);
  if (trim) schema = schema.trim();
  return schema
    .refine((s) => !hasLoneSurrogate(s), { error: `${label} contains a broken character (a lone UTF-16 surrogate).`, abort: true })
    .refine((s) => !hasControlCharacters(s, multiline), {
      error: multiline
        ? `${label} cannot contain control characters (only line breaks and tabs are allowed).`
        : `${label} cannot contain control characters or line breaks.`,
      abort: true,
    })
    .refine((s) => s.length <= max * MAX_UNITS_PER_CHARACTER && textLength(s) <= max, { error: tooLong, abort: true });
}
