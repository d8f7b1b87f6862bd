import { randomBytes } from "node:crypto";
import { defineConfig, devices } from "@playwright/test";

// Runs against the production build (`next build` + `next start`) in the machine's Chromium.
// `npm run test:e2e` wraps this in scripts/with-db.mjs, which starts the database and picks ports.
const port = Number(process.env.E2E_PORT ?? 3100);
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 2526);
const baseURL = `http://127.0.0.1:${port}`;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// The server's job queue in Redis is this run's own: with the default prefix, any other Invyta on
// the machine (`npm run dev`, a bench, another run) would take this run's jobs (ticket mails,
// reminders, announcements) and run them against its own database. Set once, in the runner's
// environment, so the workers that load this file again see the same one.
const jobsPrefix = (process.env.E2E_JOBS_PREFIX ??= `e2e_${randomBytes(6).toString("hex")}`);

export default defineConfig({
  testDir: "tests/e2e",
  // One folder per build folder, so concurrent runs (see NEXT_DIST_DIR) do not delete each other's traces.
  outputDir: `test-results/${(process.env.NEXT_DIST_DIR || ".next").replace(/^\./, "")}`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  globalSetup: "./tests/e2e/support/global-setup.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } },
    {
      name: "phone",
      use: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, userAgent: devices["Pixel 5"].userAgent },
    },
  ],
  webServer: {
    // --keepAliveTimeout as `npm start` sets it: with Node's 5 s, an API context idle that long reused
    // its socket just as the server closed it, and the request failed with "socket hang up".
    command: `INVYTA_SKIP_BUILD_TYPECHECK=1 npm run build && npx next start -p ${port} -H 127.0.0.1 --keepAliveTimeout 65000`,
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      APP_URL: baseURL,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      // Each test's browser sends its own X-Forwarded-For (tests/e2e/support/fixtures.ts), so
      // per-IP rate limits apply per test rather than to the whole run from 127.0.0.1.
      TRUSTED_PROXY_HEADER: "x-forwarded-for",
      JOBS_PREFIX: jobsPrefix,
    },
  },
});
