import { describe, expect, it } from "vitest";
import { initialsOf } from "@/components/ui/initials";

describe("initialsOf", () => {
  it("takes the first and last word's first letters, or a single word's first two", () => {
    expect(initialsOf("Zoë Ortiz")).toBe("ZO");
    expect(initialsOf("Mary Ann van der Berg")).toBe("MB");
    expect(initialsOf("sam_rivera")).toBe("SR");
    expect(initialsOf("kim")).toBe("KI");
    expect(initialsOf("  ")).toBe("?");
    expect(initialsOf(null)).toBe("?");
  });

  it("never splits a character made of two UTF-16 units", () => {
    expect(initialsOf("𝒜lice 𝒵ed")).toBe("𝒜𝒵");
    expect(initialsOf("😀")).toBe("😀");
  });
});
