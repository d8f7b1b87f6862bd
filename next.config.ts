import type { NextConfig } from "next";
const nextConfig: NextConfig = {
  // A separate build folder lets two builds (e.g. a benchmark and the e2e run) share a checkout.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks before the e2e build, which then skips doing it again.
  typescript: { ignoreBuildErrors: process.env.INVYTA_SKIP_BUILD_TYPECHECK === "1" },
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["mongodb", "bcryptjs", "nodemailer", "ioredis"],
  // Security headers: lib/response-security.ts, on the Node response of every request.
};

export default nextConfig;
