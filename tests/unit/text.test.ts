import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LengthCounter } from "@/components/ui/length-counter";
import { DESCRIPTION_MAX, eventFormSchema, eventPatchSchema, tagsSchema, TITLE_MAX } from "@/lib/events/schema";
import { bioSchema, favoriteSchema, profileUpdateSchema } from "@/lib/profiles/schema";
import { hasControlCharacters, hasLoneSurrogate, MAX_UNITS_PER_CHARACTER, textLength } from "@/lib/characters";
import { humanText } from "@/lib/text";

const LONE_HIGH = "\ud83d";
const LONE_LOW = "\ude00";
const C0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i));
const C1 = Array.from({ length: 33 }, (_, i) => String.fromCharCode(0x7f + i)); // DEL and U+0080–U+009F

const title = humanText({ max: 5, label: "The title", typeError: "Give it a title.", tooLong: "Too long." });
const notes = humanText({ max: 10, multiline: true, trim: false, label: "The notes", typeError: "Text, please.", tooLong: "Too long." });
const messageOf = (r: { error?: { issues: { message: string }[] } }) => r.error?.issues[0]?.message;

describe("textLength: characters as a person sees them", () => {
  it("counts a combining sequence, a flag, an emoji family and a CRLF as one each", () => {
    expect(textLength("e\u0301")).toBe(1);
    expect(textLength("🇮🇳")).toBe(1);
    expect(textLength("👩🏽‍👩🏽‍👧🏽‍👦🏽")).toBe(1);
    expect(textLength("a\r\nb")).toBe(3);
    expect(textLength("a\rb")).toBe(3);
    expect(textLength("नमस्ते")).toBe(3);
    expect(textLength("")).toBe(0);
  });

  it("counts what a trimmed field keeps when asked", () => {
    expect(textLength("  Café \n")).toBe(8);
    expect(textLength("  Café \n", { trim: true })).toBe(4);
  });
});

describe("hasControlCharacters / hasLoneSurrogate", () => {
  it("finds every C0 and C1 control; multi-line text keeps only line feeds and tabs", () => {
    for (const c of [...C0, ...C1]) expect(hasControlCharacters(`a${c}b`), c.charCodeAt(0).toString(16)).toBe(true);
    for (const c of [...C0, ...C1]) {
      expect(hasControlCharacters(`a${c}b`, true), c.charCodeAt(0).toString(16)).toBe(c !== "\n" && c !== "\t");
    }
    expect(hasControlCharacters("Café 日本 👩🏽‍💻 \u00a0")).toBe(false);
  });

  it("finds a lone half of a surrogate pair, not a whole pair", () => {
    expect(hasLoneSurrogate(`a${LONE_HIGH}`)).toBe(true);
    expect(hasLoneSurrogate(`${LONE_LOW}a`)).toBe(true);
    expect(hasLoneSurrogate(`${LONE_LOW}${LONE_HIGH}`)).toBe(true); // reversed halves pair with nothing
    expect(hasLoneSurrogate("😀")).toBe(false);
  });
});

describe("humanText", () => {
  it("composes (NFC) and trims", () => {
    expect(title.parse("  Cafe\u0301 ")).toBe("Café");
    expect(title.parse("Ａ")).toBe("Ａ"); // NFC, not NFKC: full-width letters stay as typed
  });

  it("refuses NUL, other controls and line breaks in single-line text", () => {
    for (const bad of ["a\u0000b", "a\nb", "a\tb", "a\u001bb", "a\u007fb", "a\u0085b", "a\u009bb"]) {
      expect(messageOf(title.safeParse(bad)), JSON.stringify(bad)).toBe("The title cannot contain control characters or line breaks.");
    }
  });

  it("keeps line breaks (as \\n) and tabs in multi-line text, and refuses other controls", () => {
    expect(notes.parse(" a\r\nb\rc\td")).toBe(" a\nb\nc\td");
    expect(messageOf(notes.safeParse("a\u0000"))).toBe("The notes cannot contain control characters (only line breaks and tabs are allowed).");
    expect(notes.safeParse("a\u000b").success).toBe(false);
  });

  it("refuses lone surrogates", () => {
    expect(messageOf(title.safeParse(`ab${LONE_HIGH}`))).toMatch(/broken character/);
    expect(title.safeParse("ab😀").success).toBe(true);
  });

  it("counts the limit in characters a person sees, and bounds the storage too", () => {
    expect(title.parse("e\u0301e\u0301e\u0301e\u0301e\u0301")).toBe("ééééé");
    expect(title.parse("🇮🇳🇮🇳🇮🇳🇮🇳🇮🇳")).toHaveLength(20);
    expect(messageOf(title.safeParse("abcdef"))).toBe("Too long.");
    // One character carrying a pile of combining marks is still refused past max × 8 units (NFC
    // folds "a" and the first mark into "á", so one more mark than that).
    const pile = `a${"\u0301".repeat(5 * MAX_UNITS_PER_CHARACTER + 1)}`;
    expect(textLength(pile)).toBe(1);
    expect(messageOf(title.safeParse(pile))).toBe("Too long.");
  });

  it("refuses what is not a string", () => {
    for (const bad of [null, 1, ["x"], { $gt: "" }, true]) expect(messageOf(title.safeParse(bad))).toBe("Give it a title.");
  });
});

describe("the schemas that take human text use it", () => {
  const event = { title: "Picnic", starts_at: "2030-06-01T12:00" };

  it("event title, location, description and tags", () => {
    const errors = (body: object) => eventFormSchema.safeParse({ ...event, ...body }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(errors({ title: "Pic\u0000nic" })).toEqual(["title: The title cannot contain control characters or line breaks."]);
    expect(errors({ location: `Park${LONE_LOW}` })).toEqual(["location: The location contains a broken character (a lone UTF-16 surrogate)."]);
    expect(errors({ description: "Bring\u0007 food" })).toEqual([
      "description: The description cannot contain control characters (only line breaks and tabs are allowed).",
    ]);
    expect(errors({ tags: ["music", "ja\u0000zz"] })).toEqual(["tags.1: A tag cannot contain control characters or line breaks."]);
    expect(errors({ tags: "music, ja\u0000zz" })).toEqual(["tags.1: A tag cannot contain control characters or line breaks."]);
    expect(errors({ tags: 7 })).toEqual(['tags: Tags are a list of words, like ["music", "outdoors"].']);
    expect(errors({ tags: ["x".repeat(61)] })).toEqual(["tags.0: Keep each tag under 60 characters."]);
  });

  it("event text is stored composed, with one kind of line break", () => {
    const parsed = eventFormSchema.parse({ ...event, title: " Cafe\u0301 ", description: "Line 1\r\n\tLine 2", location: "Zu\u0308rich", tags: ["Cafe\u0301"] });
    expect(parsed).toMatchObject({ title: "Café", description: "Line 1\n\tLine 2", location: "Zürich", tags: ["café"] });
  });

  it("event limits are counted like the form's counters", () => {
    expect(eventFormSchema.safeParse({ ...event, title: "é".repeat(TITLE_MAX) }).success).toBe(true);
    expect(eventFormSchema.safeParse({ ...event, title: "e\u0301".repeat(TITLE_MAX) }).success).toBe(true);
    expect(eventFormSchema.safeParse({ ...event, title: "x".repeat(TITLE_MAX + 1) }).success).toBe(false);
    expect(eventFormSchema.safeParse({ ...event, description: "😀".repeat(DESCRIPTION_MAX) }).success).toBe(true);
    expect(eventFormSchema.safeParse({ ...event, description: "\r\n".repeat(DESCRIPTION_MAX) }).success).toBe(true);
    expect(eventFormSchema.safeParse({ ...event, description: "x".repeat(DESCRIPTION_MAX + 1) }).success).toBe(false);
  });

  it("the API's patch body too", () => {
    expect(eventPatchSchema.safeParse({ title: "a\u0000" }).success).toBe(false);
    expect(eventPatchSchema.parse({ title: "Cafe\u0301" })).toEqual({ title: "Café" });
    expect(tagsSchema.parse(["Ja\u0301zz", "jázz"])).toEqual(["jázz"]);
  });

  it("profile bio and favorites", () => {
    expect(bioSchema.parse(" Hi\r\nthere ")).toBe("Hi\nthere");
    expect(bioSchema.safeParse("Hi\u0000").success).toBe(false);
    expect(bioSchema.safeParse(`Hi${LONE_HIGH}`).success).toBe(false);
    expect(favoriteSchema.parse(" Live  Mu\u0301sic ")).toBe("live músic");
    expect(favoriteSchema.safeParse("jazz\u0000").success).toBe(false);
    expect(favoriteSchema.safeParse("jazz\nfunk").success).toBe(false);
    expect(profileUpdateSchema.safeParse({ bio: "x\u001b[31m" }).success).toBe(false);
  });
});

describe("LengthCounter", () => {
  const render = (value: string, max = 120, trim?: boolean) => renderToStaticMarkup(createElement(LengthCounter, { id: "title-count", value, max, trim }));
  const spoken = (html: string) => /<p aria-live="polite"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];

  it("shows n / max counted like the schema, in an element the field can name", () => {
    expect(render("Cafe\u0301  ")).toContain('<p id="title-count" class="shrink-0 text-sm tabular-nums text-ink-muted">4 / 120<span class="sr-only"> characters</span></p>');
    expect(render("  a  ", 10, false)).toContain(">5 / 10<");
    expect(render("x".repeat(121))).toMatch(/font-medium text-danger">121 \/ 120/);
  });

  it("speaks only near, at and past the limit, in steps", () => {
    expect(spoken(render(""))).toBe("");
    expect(spoken(render("x".repeat(99)))).toBe("");
    expect(spoken(render("x".repeat(100)))).toBe("20 or fewer characters left.");
    expect(spoken(render("x".repeat(109)))).toBe("20 or fewer characters left.");
    expect(spoken(render("x".repeat(110)))).toBe("10 or fewer characters left.");
    expect(spoken(render("x".repeat(120)))).toBe("Character limit reached.");
    expect(spoken(render("x".repeat(125)))).toBe("Over the character limit.");
    // A short limit warns in its last fifth: 30 → from 6 left.
    expect(spoken(render("x".repeat(23), 30))).toBe("");
    expect(spoken(render("x".repeat(24), 30))).toBe("6 or fewer characters left.");
  });
});
