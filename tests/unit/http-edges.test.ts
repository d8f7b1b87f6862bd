import { describe, expect, it } from "vitest";
import { repairPercentEncoding } from "@/lib/http-edges";

describe("repairPercentEncoding", () => {
  it("writes the % of escapes that do not decode as %25, so the path routes and decodes to the literal text", () => {
    expect(repairPercentEncoding("/api/v1/events/%ff%fe")).toBe("/api/v1/events/%25ff%25fe");
    expect(repairPercentEncoding("/events/%E0%A4%A")).toBe("/events/%25E0%25A4%25A");
    expect(repairPercentEncoding("/events/50%/manage")).toBe("/events/50%25/manage");
    expect(repairPercentEncoding("/events/%zz")).toBe("/events/%25zz");
    expect(decodeURIComponent(repairPercentEncoding("/events/%E0%A4%A"))).toBe("/events/%E0%A4%A");
  });

  it("keeps valid escapes, other segments and the query string as they were", () => {
    expect(repairPercentEncoding("/users/caf%C3%A9/%ff?q=%ff&x=1")).toBe("/users/caf%C3%A9/%25ff?q=%ff&x=1");
    // ASCII escapes next to a broken byte stay escapes; only the broken byte goes literal.
    expect(repairPercentEncoding("/a/%41%ff")).toBe("/a/%41%25ff");
  });

  it("leaves a path that decodes untouched (the same string)", () => {
    for (const target of ["/", "/events/abc", "/events/%E0%A4%A4", "/a%20b?c=%ff", "/api/v1/events?tag=%E0"]) {
      expect(repairPercentEncoding(target)).toBe(target);
    }
  });
});
