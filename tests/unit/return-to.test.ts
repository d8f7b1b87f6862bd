import { describe, expect, it } from "vitest";
import { SIGNED_IN_HOME } from "@/lib/auth/home";
import { isSameOriginPath, safeCallbackPath, safeReturnTo } from "@/lib/auth/return-to";
import { DOT_SEGMENT_ESCAPES, ESCAPE_AS_PARSED, ESCAPE_WHEN_DECODED, GOOD_TARGETS, NOT_A_HEADER_VALUE, NOT_A_PATH } from "../support/return-targets";

// Each hostile target is first shown to be hostile under WHATWG URL semantics (Node's URL is the
// WHATWG parser browsers use), so the list cannot quietly hold harmless entries; then refused.

const ORIGIN = "https://invyta.test";
const landsOn = (target: string) => new URL(target, `${ORIGIN}/login`).origin;

/** The target and each successive percent-decoding of it, as far as decodeURIComponent goes. */
function decodings(target: string): string[] {
  const out = [target];
  for (let i = 0; i < 4; i++) {
    try {
      const next = decodeURIComponent(out.at(-1)!);
      if (next === out.at(-1)) break;
      out.push(next);
    } catch {
      break;
    }
  }
  return out;
}

describe("safeReturnTo", () => {
  it.each(ESCAPE_AS_PARSED)("refuses %j, which a browser resolves to another origin", (target) => {
    expect(landsOn(target)).not.toBe(ORIGIN);
    expect(safeReturnTo(target)).toBe(SIGNED_IN_HOME);
  });

  it.each(ESCAPE_WHEN_DECODED)("refuses %j, which leaves the origin once decoded", (target) => {
    expect(landsOn(target), "as written it stays on the origin; the danger is in decoding").toBe(ORIGIN);
    expect(decodings(target).some((d) => landsOn(d) !== ORIGIN)).toBe(true);
    expect(safeReturnTo(target)).toBe(SIGNED_IN_HOME);
  });

  it.each(DOT_SEGMENT_ESCAPES)("refuses %j, whose path resolves to //evil.example", (target) => {
    const { pathname } = new URL(target, ORIGIN);
    expect(pathname).toMatch(/^\/\//);
    expect(landsOn(pathname), "that path as a relative Location").not.toBe(ORIGIN);
    expect(safeReturnTo(target)).toBe(SIGNED_IN_HOME);
  });

  it.each(NOT_A_HEADER_VALUE)("refuses %j, which is no clean Location value", (target) => {
    const bytes = decodings(target).some((d) => /[^\x21-\x7e]/.test(d));
    expect(bytes, "holds a control, a space or a non-ASCII character, decoded or not").toBe(true);
    expect(safeReturnTo(target)).toBe(SIGNED_IN_HOME);
  });

  it("refuses CR/LF that a Location header would not carry, and answers instead of throwing", () => {
    expect(() => new Headers({ location: "/events\r\nSet-Cookie: a=b" })).toThrow();
    expect(() => new Headers({ location: safeReturnTo("/events\r\nSet-Cookie: a=b") })).not.toThrow();
  });

  it.each(NOT_A_PATH)("refuses %j, which is not an absolute path of ours", (target) => {
    expect(safeReturnTo(target)).toBe(SIGNED_IN_HOME);
  });

  it.each([undefined, null, 42, {}, ["/events"], new URL("https://invyta.test/events")])("refuses a non-string (%j)", (target) => {
    expect(safeReturnTo(target)).toBe(SIGNED_IN_HOME);
  });

  it.each(GOOD_TARGETS)("keeps %j unchanged", (target) => {
    expect(landsOn(target)).toBe(ORIGIN);
    expect(safeReturnTo(target)).toBe(target);
  });

  it("accepts up to 2048 characters and uses the caller's fallback", () => {
    const long = `/events?q=${"a".repeat(2048 - 10)}`;
    expect(long).toHaveLength(2048);
    expect(safeReturnTo(long)).toBe(long);
    expect(safeReturnTo(`${long}a`, "/")).toBe("/");
    expect(safeReturnTo("//evil.example", "/profile")).toBe("/profile");
  });

  it("looks through three layers of percent-encoding and gives up on a fourth", () => {
    expect(isSameOriginPath("/a%252541")).toBe(true); // → /a%2541 → /a%41 → /aA
    expect(isSameOriginPath("/a%25252541")).toBe(false);
    expect(isSameOriginPath("/%25252F%25252Fevil.example")).toBe(false); // → … → ///evil.example
  });
});

describe("safeCallbackPath (Auth.js callbackUrl)", () => {
  it("keeps a path, or the path of an absolute URL on our origin", () => {
    expect(safeCallbackPath("/events/abc?x=1#y", ORIGIN)).toBe("/events/abc?x=1#y");
    expect(safeCallbackPath(`${ORIGIN}/events?x=1#y`, ORIGIN)).toBe("/events?x=1#y");
    expect(safeCallbackPath(ORIGIN, ORIGIN)).toBe("/");
  });

  it.each([
    "https://evil.example/events",
    "http://invyta.test/events", // another scheme is another origin
    "https://invyta.test:8443/events",
    `${ORIGIN}.evil.example/events`,
    `${ORIGIN}@evil.example/events`,
    `${ORIGIN}//evil.example`,
    `${ORIGIN}/\t/evil.example`,
    `${ORIGIN}/..//evil.example`,
    "javascript:alert(1)",
    "not a url",
    ...ESCAPE_AS_PARSED,
    ...ESCAPE_WHEN_DECODED,
  ])("answers the default page for %j", (target) => {
    expect(safeCallbackPath(target, ORIGIN)).toBe(SIGNED_IN_HOME);
  });
});
