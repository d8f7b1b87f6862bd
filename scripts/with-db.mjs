// Runs a command with MONGODB_URI pointing at a database: the configured one, or a local server
// started here and stopped when the command ends.
//   node scripts/with-db.mjs --dev  -- next dev        (data kept in .data/; on 127.0.0.1 unless HOST is set)
//   node scripts/with-db.mjs --test -- playwright test (fresh temporary data)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import nextEnv from "@next/env";
import { freePort, startLocalDb } from "./local-db.mjs";

const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
const argv = process.argv.slice(2);
const sep = argv.indexOf("--");
const flags = argv.slice(0, sep);
const [cmd, ...args] = argv.slice(sep + 1);
const mode = flags.includes("--test") ? "test" : "dev";
if (sep < 0 || !cmd) {
  console.error("usage: node scripts/with-db.mjs [--dev|--test] -- <command> [args…]");
  process.exit(2);
}

if (mode === "dev") nextEnv.loadEnvConfig(ROOT, true);

/**
 * `next dev` and `next start` listen on every interface unless told otherwise, and the dev outbox
 * holds live sign-in codes: here they listen on 127.0.0.1 unless HOST (or their own -H) says
 * otherwise. HOST=0.0.0.0 opens the app to the local network on purpose, e.g. for a phone.
 */
function withHostname(command, commandArgs, host) {
  const servesNext = /(^|[/\\])next$/.test(command) && ["dev", "start"].includes(commandArgs[0]);
  const chosen = commandArgs.some((a) => a === "-H" || a === "--hostname" || a.startsWith("--hostname="));
  return servesNext && !chosen ? [...commandArgs, "--hostname", host] : commandArgs;
}

/** A stable development secret, so sessions survive restarts; never used in production. */
function devSecret() {
  const file = join(ROOT, ".data", "dev-auth-secret");
  if (!existsSync(file)) {
    mkdirSync(join(ROOT, ".data"), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

const env = { ...process.env };
// glibc's default of 8 malloc arenas per core let the server's memory grow under load and stay
// grown (lib/malloc-arenas.ts, bench/RESULTS.md); it is read only when a process starts.
env.MALLOC_ARENA_MAX ??= "2";
if (!env.AUTH_SECRET && process.env.NODE_ENV !== "production") {
  env.AUTH_SECRET = mode === "test" ? randomBytes(32).toString("base64url") : devSecret();
}

if (mode === "test") {
  // Ports for the e2e server and its SMTP sink, chosen once here so that Playwright's config,
  // evaluated again in every worker, agrees on them.
  env.E2E_PORT ??= String(await freePort());
  env.E2E_SMTP_PORT ??= String(await freePort());
  // The e2e SMTP sink writes each message here; Playwright workers read it.
  env.E2E_MAIL_DIR ??= mkdtempSync(join(tmpdir(), "invyta-mail-"));
}

let db = null;
if (!env.MONGODB_URI) {
  try {
    db = await startLocalDb({ mode });
  } catch (err) {
    console.error(`\n${err.message}\n`);
    process.exit(1);
  }
  env.MONGODB_URI = db.uri;
  env.INVYTA_LOCAL_DB_PID = String(db.pid);
  console.error(`[local-db] ${db.kind} on ${db.uri} (data: ${db.dataRoot})`);
}

// The command runs in its own process group, so a signal reaches everything it started
// (npx → next-server, playwright → its web server) and nothing is left running afterwards.
const childArgs = mode === "dev" ? withHostname(cmd, args, env.HOST || "127.0.0.1") : args;
const child = spawn(cmd, childArgs, { stdio: "inherit", env, shell: false, detached: true });
const killGroup = (sig) => {
  try {
    process.kill(-child.pid, sig);
  } catch {
    /* already gone */
  }
};
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => killGroup(sig));
child.on("error", async (err) => {
  console.error(`could not run ${cmd}: ${err.message}`);
  await db?.stop();
  process.exit(1);
});
child.on("exit", async (code, signal) => {
  killGroup("SIGTERM");
  await db?.stop();
  if (mode === "test" && !process.env.E2E_MAIL_DIR && env.E2E_MAIL_DIR) rmSync(env.E2E_MAIL_DIR, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
