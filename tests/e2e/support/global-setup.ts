import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FullConfig } from "@playwright/test";
import { startSmtpSink } from "../../support/smtp-sink";

/**
 * Checks the machine, and starts the SMTP server the app sends through (playwright.config.ts points
 * SMTP_URL at it). Each message lands as a file in E2E_MAIL_DIR, where tests read their codes.
 */
export default async function globalSetup(config: FullConfig) {
  const executable = config.projects[0]?.use.launchOptions?.executablePath;
  if (executable && !existsSync(executable)) {
    throw new Error(`Chromium not found at ${executable}: run \`apt-get install -y chromium\` or set CHROMIUM_PATH.`);
  }
  const sink = await startSmtpSink({
    port: Number(process.env.E2E_SMTP_PORT ?? 2526),
    dir: process.env.E2E_MAIL_DIR ?? join(tmpdir(), "invyta-e2e-mail"),
  });
  return () => sink.stop();
}
