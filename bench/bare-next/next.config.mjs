// The bare Next.js app that bench/baseline-ratios.mjs measures Invyta against: the same `next` and
// `react`, nothing of Invyta's. Built into BARE_DIST_DIR (default .next-bare). Its own Turbopack
// root: with the repository's, Turbopack picks up Invyta's proxy.ts and instrumentation.ts; so
// bench/lib.mjs `buildBareNext` gives it the repository's node_modules as hard links (git ignores them).
/** @type {import("next").NextConfig} */
const nextConfig = {
  distDir: process.env.BARE_DIST_DIR || ".next-bare",
  poweredByHeader: false,
  reactStrictMode: true,
  turbopack: { root: import.meta.dirname },
};

export default nextConfig;
