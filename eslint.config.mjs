import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Layering (STYLE.md): the database driver lives in lib/ server modules only (not in schemas, which
// forms share, nor in server actions); nothing imports from app/; components/ui never imports a
// domain module.
const noAppImports = {
  group: ["@/app", "@/app/*", "**/app/*"],
  message: "Nothing imports from app/: move shared code to lib/ or components/.",
};
const noMongo = {
  name: "mongodb",
  message: "Use the driver only in lib/ server modules (lib/db/, lib/<domain>/ services), not in components, pages, schemas or actions.",
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", "out/**", "build/**", "next-env.d.ts", ".tools/**", ".data/**", "test-results/**", "playwright-report/**", "bench/bare-next/**"]),
  {
    rules: {
      "no-restricted-imports": ["error", { paths: [noMongo], patterns: [noAppImports] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["lib/**/*.ts", "scripts/**", "bench/**"],
    ignores: ["lib/**/schema.ts", "lib/**/actions.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [noAppImports] }] },
  },
  {
    // Tests call route handlers directly and seed the database through the driver.
    files: ["tests/**"],
    // Playwright fixtures call `use(…)`, which is not React's hook.
    rules: { "no-restricted-imports": "off", "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["components/ui/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [noMongo],
          patterns: [
            noAppImports,
            { group: ["@/lib/*/**", "@/lib/db", "@/lib/auth*", "@/components/*/**", "!@/components/ui/**"], message: "components/ui holds primitives: no domain imports." },
          ],
        },
      ],
    },
  },
]);
