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
const noNext = {
  group: ["next", "next/*"],
  message: "lib/ below the edge does not import next/*: route wrappers, pages' notFound() and request headers live in lib/http/.",
};
// zod is about 31 KiB gzipped in the browser: the modules every form page loads (the UI primitives,
// the counting they do, the sign-in messages) stay free of it, or the invite page opened from a QR
// code on a phone loads it too (bench/first-load-js.mjs, issue 13).
const noZod = [
  { name: "zod", message: "No zod here: every page with a form loads this module, the invite page too. zod stays in schemas and server code." },
  { name: "@/lib/text", message: "lib/text.ts is the zod schema: count characters with lib/characters.ts." },
];
// Links prefetch on intent, not on sight: every page renders per request (components/ui/link.tsx).
const noNextLink = { name: "next/link", message: "Use Link from @/components/ui/link: it prefetches on hover or focus, not for every visible link." };
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
      "no-restricted-imports": ["error", { paths: [noMongo, noNextLink], patterns: [noAppImports] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["components/ui/link.tsx"],
    rules: { "no-restricted-imports": ["error", { paths: [noMongo], patterns: [noAppImports] }] },
  },
  {
    files: ["lib/**/*.ts", "scripts/**", "bench/**"],
    ignores: ["lib/**/schema.ts", "lib/**/actions.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [noAppImports] }] },
  },
  {
    // lib/ imports nothing from next/*: lib/http/ is the edge layer between Next and the domain.
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    ignores: [
      "lib/http/**",
      "lib/**/schema.ts", // forms share these; the block below adds noNext to their rules
      "lib/action.ts", // the server-action wrapper: rethrows Next's redirect()/notFound() (unstable_rethrow), reads headers()
      "lib/auth/actions.ts", // "use server" actions: headers() for the rate limit, redirect() after sign-in
      "lib/events/actions.ts", // "use server" actions: revalidatePath() and redirect() after a change
      "lib/media/actions.ts", // "use server" actions: revalidatePath() after moderation
      "lib/inbox/actions.ts", // "use server" actions: revalidatePath() after a decision
      "lib/profiles/actions.ts", // "use server" actions: revalidatePath() and redirect() after a change
      "lib/auth/session.ts", // the Auth.js session for pages: cookies() and redirect() to sign in
    ],
    rules: { "no-restricted-imports": ["error", { patterns: [noAppImports, noNext] }] },
  },
  {
    files: ["lib/characters.ts", "lib/auth/messages.ts"],
    rules: { "no-restricted-imports": ["error", { paths: noZod, patterns: [noAppImports, noNext] }] },
  },
  {
    files: ["lib/**/schema.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [noMongo], patterns: [noAppImports, noNext] }] },
  },
  {
    // The OpenAPI registry is the one place that imports route modules, to read the declarations
    // their handlers carry; the document's route and the reference page read it.
    files: ["app/api/v1/registry.ts", "app/api/v1/openapi.json/route.ts", "app/docs/api/page.tsx"],
    rules: { "no-restricted-imports": ["error", { paths: [noMongo] }] },
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
          paths: [noMongo, ...noZod],
          patterns: [
            noAppImports,
            { group: ["@/lib/*/**", "@/lib/db", "@/lib/auth*", "@/components/*/**", "!@/components/ui/**"], message: "components/ui holds primitives: no domain imports." },
          ],
        },
      ],
    },
  },
  {
    // Pages and components get view objects (string ids, ISO times) from lib/<domain>/views.ts:
    // documents, ObjectId and the driver stay in lib/ (STYLE.md, convention 4). components/ui/,
    // Route handlers answer with the JSON shapes of lib/<domain>/json.ts. components/ui/, the OpenAPI
    // registry and the API reference (app/docs/) have their own blocks above.
    files: ["app/**", "components/**"],
    ignores: ["app/api/v1/registry.ts", "app/api/v1/openapi.json/route.ts", "app/docs/**", "components/ui/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["mongodb", "bson"].map((name) => ({ name, message: "No ObjectId or driver here: take the view from lib/<domain>/views.ts (lib/events/views.ts, lib/media/views.ts, …)." })),
          patterns: [
            noAppImports,
            { group: ["mongodb/*", "bson/*", "@/lib/db", "@/lib/db/*"], message: "Documents stay in lib/: take the view (and its types) from lib/<domain>/views.ts (lib/events/views.ts, lib/media/views.ts, …)." },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.property.name='toHexString']", message: "Ids arrive as strings: take the view from lib/<domain>/views.ts." },
      ],
    },
  },
]);
