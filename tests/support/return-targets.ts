// Return targets (`?next=`, `callbackUrl`) for lib/auth/return-to.ts, shared by the unit test (Node's
// WHATWG URL parser) and the e2e test (Chromium's own parser), so both judge the same list.

/** A browser resolving these against an https page of ours lands on another origin (or on no origin at all). */
export const ESCAPE_AS_PARSED = [
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/\t\\evil.example",
  "https://evil.example",
  "http:evil.example",
  "http:/evil.example",
  "HTTPS://evil.example/events",
  "ftp://evil.example",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
];

/** Safe as written, but another origin once percent-decoded (once or more), as a proxy or a later hop may do. */
export const ESCAPE_WHEN_DECODED = [
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%0D/evil.example",
  "/%2F/evil.example",
  "/%2f%2fevil.example",
  "/%5Cevil.example",
  "/%5c%5cevil.example",
  "/%09%5cevil.example",
  "%2F%2Fevil.example",
  "/%252F%252Fevil.example",
  "/%25252F%25252Fevil.example",
  "/%25%30%39/evil.example",
];

/** Resolve to a path starting "//", which a later relative redirect (`Location: //evil.example`) reads as a host. */
export const DOT_SEGMENT_ESCAPES = ["/..//evil.example", "/.//evil.example", "/%2e%2e//evil.example", "/%2E//evil.example", "/a/../..//evil.example"];

/** Cannot be written into a Location header as they are (controls, spaces, non-ASCII), decoded or not. */
export const NOT_A_HEADER_VALUE = [
  "/events\r\nSet-Cookie: a=b",
  "/events\n",
  "/events\u0000",
  "/events\u007f",
  "/ev ents",
  "/café",
  "/événements",
  "/\u2215\u2215evil.example",
  "/\uff0f\uff0fevil.example",
  "/events%0d%0aSet-Cookie:%20a=b",
  "/events%00",
];

/** Not a path at all. */
export const NOT_A_PATH = ["", "events", "?next=/events", "#/events", ".", "./events", "@evil.example", `/${"a".repeat(2048)}`];

/** Paths of ours, which must come back unchanged. */
export const GOOD_TARGETS = [
  "/",
  "/events",
  "/events/6650f0c2a1b2c3d4e5f60718/manage",
  "/events/join?event_id=6650f0c2a1b2c3d4e5f60718&token=Abc-_123",
  "/welcome?next=%2Fevents%2Fjoin%3Fevent_id%3Dabc%26token%3Dxyz",
  "/discover?q=100%25",
  "/discover?q=a%2F%2Fb",
  "/discover?q=caf%C3%A9&tag=music",
  "/events#rsvp",
  "/users/abc?x=a:b@c",
  "/a/b/../c",
];
