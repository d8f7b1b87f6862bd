import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LinkifiedText } from "@/components/events/linkified-text";
import { linkifyText, type TextSegment } from "@/lib/events/linkify";
import { normalizeTags, queryTerms, searchTerms } from "@/lib/events/text";

const text = (value: string): TextSegment => ({ type: "text", value });
const link = (value: string, href = value): TextSegment => ({ type: "link", href, value });
const br: TextSegment = { type: "br" };
const links = (s: string) => linkifyText(s).flatMap((seg) => (seg.type === "link" ? [seg.href] : []));

describe("linkifyText", () => {
  it("turns http(s) URLs into links and keeps the text around them", () => {
    expect(linkifyText("See https://example.com/a?b=1#c for details")).toEqual([
      text("See "),
      link("https://example.com/a?b=1#c"),
      text(" for details"),
    ]);
    expect(linkifyText("http://localhost:3000/x")).toEqual([link("http://localhost:3000/x")]);
    expect(linkifyText("HTTPS://EXAMPLE.COM")).toEqual([link("HTTPS://EXAMPLE.COM")]);
  });

  it("links www. hosts over https", () => {
    expect(linkifyText("go to www.example.org/tickets.")).toEqual([
      text("go to "),
      link("www.example.org/tickets", "https://www.example.org/tickets"),
      text("."),
    ]);
    expect(links("www.example.dev www.example.events")).toEqual(["https://www.example.dev", "https://www.example.events"]);
    expect(links("www.example.notatld")).toEqual([]);
  });

  it("leaves sentence punctuation after a URL outside the link", () => {
    for (const p of [".", ",", ";", ":", "!", "?", "...", "?!", ")."]) {
      const input = `(x) https://example.com/path${p}`;
      expect(links(input), input).toEqual(["https://example.com/path"]);
      expect(linkifyText(input).at(-1), input).toEqual(text(p));
    }
    expect(links("https://example.com/a.b,c?d=e")).toEqual(["https://example.com/a.b,c?d=e"]);
  });

  it("keeps balanced parentheses and drops an unbalanced closing one", () => {
    expect(links("https://en.wikipedia.org/wiki/Python_(language)")).toEqual(["https://en.wikipedia.org/wiki/Python_(language)"]);
    expect(linkifyText("(see https://en.wikipedia.org/wiki/Python_(language))")).toEqual([
      text("(see "),
      link("https://en.wikipedia.org/wiki/Python_(language)"),
      text(")"),
    ]);
    expect(linkifyText("(https://example.com/x).")).toEqual([text("("), link("https://example.com/x"), text(").")]);
    expect(links("[https://example.com/a]")).toEqual(["https://example.com/a"]);
  });

  it("never links other schemes", () => {
    for (const s of [
      "javascript:alert(1)",
      "JavaScript:alert(document.cookie)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox",
      "ftp://example.com/file",
      "mailto:a@b.co",
      "file:///etc/passwd",
    ]) {
      expect(linkifyText(s), s).toEqual([text(s)]);
    }
    // Only the http(s) part of a stacked scheme is a link, and its href is http(s).
    for (const href of links("javascript:https://example.com and javascript://www.example.com")) {
      expect(href).toMatch(/^https?:\/\//);
    }
  });

  it("does not link a scheme or www. in the middle of a word, a path or an address", () => {
    expect(linkifyText("foohttps://example.com")).toEqual([text("foohttps://example.com")]);
    expect(linkifyText("me@www.example.com")).toEqual([text("me@www.example.com")]);
    expect(linkifyText("abc.www.example.com")).toEqual([text("abc.www.example.com")]);
  });

  it("does not link a bare scheme or www. without a host", () => {
    for (const s of ["https://", "https://.", "http:// example.com", "www.", "www..", "see www. now"]) {
      expect(links(s), s).toEqual([]);
    }
  });

  it("stops at whitespace, angle brackets and quotes", () => {
    expect(linkifyText('<https://example.com/a>"x"')).toEqual([text("<"), link("https://example.com/a"), text('>"x"')]);
    expect(links('"https://example.com/q"')).toEqual(["https://example.com/q"]);
  });

  it("turns every kind of line break into br and keeps empty lines", () => {
    expect(linkifyText("a\nb\r\nc\rd")).toEqual([text("a"), br, text("b"), br, text("c"), br, text("d")]);
    expect(linkifyText("a\n\nhttps://x.io\n")).toEqual([text("a"), br, br, link("https://x.io"), br]);
  });

  it("returns nothing for empty text and never an empty text segment", () => {
    expect(linkifyText("")).toEqual([]);
    for (const seg of linkifyText("https://a.io https://b.io\nhttps://c.io")) {
      if (seg.type === "text") expect(seg.value).not.toBe("");
    }
    expect(linkifyText("https://a.io https://b.io")).toEqual([link("https://a.io"), text(" "), link("https://b.io")]);
  });
});

describe("normalizeTags", () => {
  it("splits on commas, trims, lower-cases and dedupes in order", () => {
    expect(normalizeTags(" Music, Tech ,music,,  ")).toEqual(["music", "tech"]);
    expect(normalizeTags(["Art", "art, Food", "FOOD"])).toEqual(["art", "food"]);
  });

  it("turns inner whitespace into one hyphen and strips other characters", () => {
    expect(normalizeTags(["Live   Music", "rock & roll", "C++", "#party!", "--a--b--", "tab\there"])).toEqual([
      "live-music",
      "rock-roll",
      "c",
      "party",
      "a-b",
      "tab-here",
    ]);
  });

  it("keeps letters and digits of any script, composed the same way", () => {
    expect(normalizeTags(["Café", "cafe\u0301", "Ünïcödé", "日本 音楽", "संगीत", "Москва 2026"])).toEqual([
      "café",
      "ünïcödé",
      "日本-音楽",
      "संगीत",
      "москва-2026",
    ]);
  });

  it("drops tags that end up empty", () => {
    expect(normalizeTags(["!!!", " ", "-", "😀"])).toEqual([]);
    expect(normalizeTags("")).toEqual([]);
  });
});

describe("searchTerms / queryTerms", () => {
  it("folds case and diacritics, splits on non-letters, keeps words of 2+ characters", () => {
    expect(searchTerms("Café Müller's Crème-Brûlée night!", "a I x9 Z")).toEqual([
      "cafe",
      "muller",
      "creme",
      "brulee",
      "night",
      "x9",
    ]);
    expect(searchTerms("İSTANBUL ﬁesta Ｔｏｋｙｏ")).toEqual(["istanbul", "fiesta", "tokyo"]);
  });

  it("dedupes across parts and keeps non-Latin words", () => {
    expect(searchTerms("Jazz JAZZ", "jazz, Москва", "東京 コンサート")).toEqual(["jazz", "москва", "東京", "コンサート"]);
  });

  it("caps the number of terms and the length of each", () => {
    const many = Array.from({ length: 300 }, (_, i) => `w${i}`).join(" ");
    const terms = searchTerms(many);
    expect(terms).toHaveLength(200);
    expect(terms[0]).toBe("w0");
    expect(terms.at(-1)).toBe("w199");
    expect(searchTerms("x".repeat(500))).toEqual(["x".repeat(64)]);
  });

  it("folds a query the same way, at most 5 terms", () => {
    expect(queryTerms("  CAFÉ   creme ")).toEqual(["cafe", "creme"]);
    expect(queryTerms("one two three four five six seven")).toEqual(["one", "two", "three", "four", "five"]);
    expect(queryTerms("a ! ?")).toEqual([]);
    const indexed = new Set(searchTerms("Crème Brûlée at Café Zoë"));
    for (const term of queryTerms("creme BRULEE cafe zoe")) expect(indexed.has(term), term).toBe(true);
  });
});

describe("LinkifiedText", () => {
  it("renders links safely and line breaks as <br>, escaping everything else", () => {
    const html = renderToStaticMarkup(
      createElement(LinkifiedText, { text: "Hi <b>you</b> & co\nhttps://example.com/a?x=1&y=2. javascript:alert(1)" }),
    );
    expect(html).toBe(
      "Hi &lt;b&gt;you&lt;/b&gt; &amp; co<br/>" +
        '<a href="https://example.com/a?x=1&amp;y=2" target="_blank" rel="noopener noreferrer nofollow" ' +
        'class="text-brand underline underline-offset-2 break-words">https://example.com/a?x=1&amp;y=2</a>' +
        ". javascript:alert(1)",
    );
  });
});
