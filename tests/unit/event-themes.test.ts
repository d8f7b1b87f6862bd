import { describe, expect, it } from "vitest";
import { apiEventCreateSchema, eventPatchSchema } from "@/lib/events/schema";
import { DEFAULT_THEME, EVENT_THEMES, THEME_NAMES, themeGradient } from "@/lib/events/themes";

/** WCAG 2 contrast ratio of two #rrggbb colors. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe("event themes", () => {
  it("keep white text readable on every stop (WCAG AA, 4.5:1)", () => {
    for (const name of THEME_NAMES) {
      for (const stop of EVENT_THEMES[name].stops) expect(contrast(stop, "#ffffff"), `${name} ${stop}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("draw as a three-stop gradient", () => {
    expect(themeGradient("ocean")).toBe("linear-gradient(135deg, #0e7490 0%, #0369a1 55%, #1e3a8a 100%)");
  });

  it("default to indigo on create, and refuse a name that is not a theme", () => {
    const base = { title: "Picnic", starts_at: "2030-06-01T12:00" };
    expect(apiEventCreateSchema.parse(base).theme).toBe(DEFAULT_THEME);
    expect(apiEventCreateSchema.parse({ ...base, theme: "forest" }).theme).toBe("forest");
    const bad = apiEventCreateSchema.safeParse({ ...base, theme: "neon" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("theme must be one of indigo, sunset, forest, ocean, berry, midnight.");
    expect(eventPatchSchema.parse({ theme: "berry" })).toEqual({ theme: "berry" });
    expect(eventPatchSchema.safeParse({ theme: { $ne: 1 } }).success).toBe(false);
  });
});
