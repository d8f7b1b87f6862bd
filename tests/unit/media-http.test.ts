import { describe, expect, it } from "vitest";
import { contentDisposition, ifRangeAllows, matchesIfNoneMatch, parseRange } from "@/lib/media/http";

// Serving a stored file: byte ranges (range-parser, with RFC 9110's answers where it differs),
// validators and Content-Disposition (content-disposition).

describe("parseRange", () => {
  it("reads the three forms of one range", () => {
    expect(parseRange("bytes=0-99", 1000)).toEqual({ kind: "partial", start: 0, end: 99 });
    expect(parseRange("bytes=900-", 1000)).toEqual({ kind: "partial", start: 900, end: 999 });
    expect(parseRange("bytes=-100", 1000)).toEqual({ kind: "partial", start: 900, end: 999 });
    expect(parseRange("bytes=-5000", 1000)).toEqual({ kind: "partial", start: 0, end: 999 });
    expect(parseRange("bytes=990-2000", 1000)).toEqual({ kind: "partial", start: 990, end: 999 });
    expect(parseRange(" bytes = 1 - 2 ", 1000)).toEqual({ kind: "partial", start: 1, end: 2 });
  });
  it("is unsatisfiable past the end", () => {
    expect(parseRange("bytes=1000-", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=1000-1001", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", 1000)).toEqual({ kind: "unsatisfiable" });
  });
  it("an empty file has no range to give", () => {
    expect(parseRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-5", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("items=0-", 0)).toEqual({ kind: "full" });
  });
  it("ignores what it does not serve", () => {
    for (const h of [null, "", "bytes=", "bytes=-", "bytes=5-1", "bytes=0-1,3-4", "items=0-1", "bytes=a-b", `bytes=0-${"9".repeat(30)}`]) {
      expect(parseRange(h, 1000), String(h)).toEqual({ kind: "full" });
    }
  });
});

describe("validators and Content-Disposition", () => {
  it("If-None-Match and If-Range", () => {
    expect(matchesIfNoneMatch('"a-1"', '"a-1"')).toBe(true);
    expect(matchesIfNoneMatch('W/"a-1", "b"', '"a-1"')).toBe(true);
    expect(matchesIfNoneMatch("*", '"a-1"')).toBe(true);
    expect(matchesIfNoneMatch('"b"', '"a-1"')).toBe(false);
    expect(ifRangeAllows(null, '"a"')).toBe(true);
    expect(ifRangeAllows('"a"', '"a"')).toBe(true);
    expect(ifRangeAllows("Wed, 21 Oct 2015 07:28:00 GMT", '"a"')).toBe(false);
  });
  it("encodes any name per RFC 5987, with an ASCII fallback", () => {
    // A name that is its own ASCII fallback goes alone, as a token when it is one (content-disposition's
    // choice; this used to be `inline; filename="photo.jpg"; filename*=UTF-8''photo.jpg`).
    expect(contentDisposition("photo.jpg")).toBe("inline; filename=photo.jpg");
    expect(contentDisposition("my photo.jpg")).toBe(`inline; filename="my photo.jpg"`);
    expect(contentDisposition('Fête "été".jpg')).toBe(`inline; filename="F_te __t__.jpg"; filename*=UTF-8''F%C3%AAte%20%22%C3%A9t%C3%A9%22.jpg`);
    expect(contentDisposition("a;b\\c'(1)*.mp4")).toBe(`inline; filename="a;b_c'(1)*.mp4"; filename*=UTF-8''a%3Bb%5Cc%27%281%29%2A.mp4`);
    expect(contentDisposition("100%.mp4", "attachment")).toBe(`attachment; filename=100_.mp4; filename*=UTF-8''100%25.mp4`);
    expect(contentDisposition("😀.jpg")).toBe(`inline; filename=__.jpg; filename*=UTF-8''%F0%9F%98%80.jpg`);
  });
});
