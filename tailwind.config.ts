import type { Config } from "tailwindcss";

// Design tokens. Tailwind 4 reads this file through `@config` in app/globals.css.
// Colors are chosen for WCAG AA contrast: text on `surface`, white on `brand`/`danger`.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: { DEFAULT: "#4338ca", hover: "#3730a3", soft: "#eef2ff", ink: "#312e81" },
        ink: { DEFAULT: "#111827", muted: "#4b5563", subtle: "#6b7280" },
        surface: { DEFAULT: "#ffffff", sunken: "#f9fafb", border: "#e5e7eb" },
        success: { DEFAULT: "#15803d", soft: "#f0fdf4" },
        warning: { DEFAULT: "#a16207", soft: "#fefce8" },
        danger: { DEFAULT: "#b91c1c", hover: "#991b1b", soft: "#fef2f2" },
      },
      fontFamily: {
        sans: ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
        mono: ["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
      },
      borderRadius: { card: "0.75rem", control: "0.5rem", pill: "9999px" },
      maxWidth: { page: "72rem" },
    },
  },
};

export default config;
