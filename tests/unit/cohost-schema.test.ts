import { describe, expect, it } from "vitest";
import { cohostAddOf, cohostAddSchema } from "@/lib/events/cohost-schema";

describe("cohostAddOf: the Manage page's one field", () => {
  it("reads an address as an email and anything else as a username, without a leading @", () => {
    expect(cohostAddOf("  Ana@Example.com ")).toEqual({ email: "Ana@Example.com" });
    expect(cohostAddOf("@ana_b")).toEqual({ username: "ana_b" });
    expect(cohostAddOf("ana_b")).toEqual({ username: "ana_b" });
  });
});

describe("cohostAddSchema", () => {
  it("takes exactly one of email and username, and lower-cases the email", () => {
    expect(cohostAddSchema.parse({ email: " Ana@Example.COM " })).toEqual({ email: "ana@example.com" });
    expect(cohostAddSchema.parse({ username: " ana " })).toEqual({ username: "ana" });
    for (const bad of [{}, { email: "a@example.com", username: "ana" }, { email: "not-an-email" }, { username: "" }, { email: { $ne: null } }, { username: ["a"] }, { email: "a@example.com", role: "owner" }]) {
      expect(cohostAddSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
