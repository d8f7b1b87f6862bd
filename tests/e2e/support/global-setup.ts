import type { FullConfig } from "@playwright/test";

/** Fails fast with a readable message when the machine lacks what the e2e run needs. */
export default async function globalSetup(config: FullConfig) {
  const { existsSync } = await import("node:fs");
  const executable = config.projects[0]?.use.launchOptions?.executablePath;
  if (executable && !existsSync(executable)) {
    throw new Error(`Chromium not found at ${executable}: run \`apt-get install -y chromium\` or set CHROMIUM_PATH.`);
  }
}
