import { z } from "zod";
import { hasControlCharacters, hasLoneSurrogate, MAX_UNITS_PER_CHARACTER, textLength, unifyNewlines } from "./characters";

// Human text (titles, names, bios, locations, tags) as the forms and the API accept it: composed the
// same way (NFC), trimmed, free of control characters and lone surrogates, and no longer than a
// number of characters counted the way a person counts them. The counting lives in ./characters.ts,
// which has no zod, so the form counters can load it without this schema.

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
