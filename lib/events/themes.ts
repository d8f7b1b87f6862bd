// The looks a host can give an event: a gradient behind its invitation, its page's cover band and its
// link-preview image. Each stop keeps white text at 4.5:1 or better (WCAG AA), since the invitation
// strip and the preview image put text on it. Shared by the form, the schema and the pages.

export const EVENT_THEMES = {
  indigo: { label: "Indigo", stops: ["#4338ca", "#6d28d9", "#be185d"] },
  sunset: { label: "Sunset", stops: ["#c2410c", "#be123c", "#9d174d"] },
  forest: { label: "Forest", stops: ["#166534", "#15803d", "#3f6212"] },
  ocean: { label: "Ocean", stops: ["#0e7490", "#0369a1", "#1e3a8a"] },
  berry: { label: "Berry", stops: ["#86198f", "#a21caf", "#be185d"] },
  midnight: { label: "Midnight", stops: ["#0f172a", "#1e293b", "#334155"] },
} as const satisfies Record<string, { label: string; stops: readonly [string, string, string] }>;

export type EventTheme = keyof typeof EVENT_THEMES;
export const THEME_NAMES = Object.keys(EVENT_THEMES) as [EventTheme, ...EventTheme[]];
export const DEFAULT_THEME: EventTheme = "indigo";

/** The theme's gradient as CSS, at `angle` degrees. */
export function themeGradient(theme: EventTheme, angle = 135): string {
  const [a, b, c] = EVENT_THEMES[theme].stops;
  return `linear-gradient(${angle}deg, ${a} 0%, ${b} 55%, ${c} 100%)`;
}
