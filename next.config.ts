import type { NextConfig } from "next";
import {
  API_CSP,
  CAMERA_PATHS,
  PERMISSIONS_POLICY_CAMERA,
  staticSecurityHeaders,
} from "./lib/security-headers";

const nextConfig: NextConfig = {
  // A separate build folder lets two builds (e.g. a benchmark and the e2e run) share a checkout.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks before the e2e build, which then skips doing it again.
  typescript: { ignoreBuildErrors: process.env.INVYTA_SKIP_BUILD_TYPECHECK === "1" },
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["mongodb", "bcryptjs", "nodemailer", "ioredis"],
  async headers() {
    const production = process.env.NODE_ENV === "production";
    // A later entry that sets the same key wins, so the narrower rules come last.
    return [
      { source: "/:path*", headers: staticSecurityHeaders(production) },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
      { source: CAMERA_PATHS, headers: [{ key: "Permissions-Policy", value: PERMISSIONS_POLICY_CAMERA }] },
    ];
  },
};

export default nextConfig;
