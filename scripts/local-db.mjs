// Local MongoDB-compatible server for development and tests when MONGODB_URI is unset.
// FerretDB v1 (SQLite backend) is built once into .tools/ with the machine's Go, with the patches
// in scripts/ferretdb-patches/ applied; a `mongod` on PATH is used instead when
// INVYTA_LOCAL_DB=mongod or when Go is missing.
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, cpSync, chmodSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const FERRETDB_VERSION = "v1.24.2";
const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
const TOOLS = join(ROOT, ".tools");
const PATCHES = join(ROOT, "scripts", "ferretdb-patches");
/**
 * INVYTA_FERRETDB_PATCHES=none builds and runs the stock server (into its own path): the patch
 * tests are expected to fail against it, which is how each patch is shown to matter.
 */
const STOCK = process.env.INVYTA_FERRETDB_PATCHES === "none";
export const FERRETDB_BIN = join(TOOLS, "bin", STOCK ? "ferretdb-stock" : "ferretdb");
const STAMP = `${FERRETDB_BIN}.build`;

/** The patch files, in the order they apply. */
function patchFiles() {
  if (STOCK || !existsSync(PATCHES)) return [];
  return readdirSync(PATCHES)
    .filter((f) => f.endsWith(".patch"))
    .sort()
    .map((f) => join(PATCHES, f));
}

/** What the binary is built from: the version and the patches' contents. A change rebuilds it. */
function buildId() {
  const hash = createHash("sha256").update(FERRETDB_VERSION);
  for (const file of patchFiles()) hash.update(`\0${file.slice(PATCHES.length)}\0`).update(readFileSync(file));
  return `${FERRETDB_VERSION} ${hash.digest("hex").slice(0, 16)}`;
}

function log(msg) {
  process.stderr.write(`[local-db] ${msg}\n`);
}

function onPath(cmd) {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

function installedVersion() {
  if (!existsSync(FERRETDB_BIN)) return null;
  const r = spawnSync(FERRETDB_BIN, ["--version"], { encoding: "utf8" });
  const m = /version:\s*(\S+)/.exec(r.stdout ?? "");
  return m ? m[1] : null;
}

/** True when the binary there was built from this version and this patch set. */
function upToDate() {
  return existsSync(STAMP) && readFileSync(STAMP, "utf8").trim() === buildId() && installedVersion() === FERRETDB_VERSION;
}

/**
 * Builds FerretDB into .tools/bin. A plain `go install …/cmd/ferretdb@v1.24.2` produces a binary
 * that panics at start ("Invalid build/version/version.txt file content"): the module ships without
 * its generated version.txt. So we download the same module through the Go proxy, add that one file,
 * and `go build` it.
 */
export function installFerretDB() {
  if (upToDate()) return FERRETDB_BIN;
  const go = onPath("go");
  if (!go) return null;
  mkdirSync(TOOLS, { recursive: true });
  const lock = join(TOOLS, "install.lock");
  // mkdir is atomic: a second process waits for the first install instead of racing it.
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - started > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
      spawnSync("sleep", ["2"]);
      if (upToDate()) return FERRETDB_BIN;
    }
  }
  try {
    log(`building FerretDB ${FERRETDB_VERSION} with ${go} (first run only, a few minutes)…`);
    const t0 = Date.now();
    const env = { ...process.env, GOFLAGS: "-mod=mod", CGO_ENABLED: "0" };
    const info = JSON.parse(
      execFileSync(go, ["mod", "download", "-json", `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], {
        cwd: TOOLS,
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      }),
    );
    // Outside this repository: inside it, `git apply` would skip every path as "outside the directory".
    const src = mkdtempSync(join(tmpdir(), `ferretdb-${FERRETDB_VERSION}-`));
    rmSync(src, { recursive: true, force: true });
    cpSync(info.Dir, src, { recursive: true });
    execFileSync("chmod", ["-R", "u+w", src]);
    writeFileSync(join(src, "build", "version", "version.txt"), `${FERRETDB_VERSION}\n`);
    for (const patch of patchFiles()) {
      log(`applying ${patch.slice(ROOT.length + 1)}`);
      // git apply works outside a repository too, and refuses a patch that does not fit exactly.
      execFileSync("git", ["apply", "--verbose", "--whitespace=nowarn", patch], { cwd: src, stdio: "inherit" });
    }
    mkdirSync(join(TOOLS, "bin"), { recursive: true });
    rmSync(STAMP, { force: true });
    execFileSync(go, ["build", "-buildvcs=false", "-trimpath", "-o", FERRETDB_BIN, "./cmd/ferretdb"], {
      cwd: src,
      env,
      stdio: "inherit",
    });
    chmodSync(FERRETDB_BIN, 0o755);
    writeFileSync(STAMP, `${buildId()}\n`);
    rmSync(src, { recursive: true, force: true });
    log(`FerretDB ${installedVersion()} (${STOCK ? "stock" : `${patchFiles().length} patches`}) installed in ${Math.round((Date.now() - t0) / 1000)} s`);
    return FERRETDB_BIN;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A zombie (exited, not yet reaped) answers signal 0 but is gone.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/**
 * The pid file names the server and the process that started it. A server whose starter is gone
 * was left behind by a crashed run: it still holds the data folder's SQLite files, so stop it. A
 * server whose starter is alive belongs to another `npm run dev` on this checkout: say so.
 */
function stopStale(pidFile) {
  if (!existsSync(pidFile)) return;
  let server = 0;
  let owner = 0;
  try {
    ({ server, owner } = JSON.parse(readFileSync(pidFile, "utf8")));
  } catch {
    server = Number(readFileSync(pidFile, "utf8")) || 0;
  }
  if (server > 0 && alive(server)) {
    if (owner > 0 && owner !== process.pid && alive(owner)) {
      throw new Error(
        `Another process (pid ${owner}) is already running the local database in ${pidFile.replace(/\/server\.pid$/, "")}. ` +
          "Stop it first (Ctrl-C in its terminal), or point MONGODB_URI at its server.",
      );
    }
    let cmdline = "";
    try {
      cmdline = readFileSync(`/proc/${server}/cmdline`, "utf8");
    } catch {
      /* not Linux, or gone */
    }
    if (/ferretdb|mongod/.test(cmdline)) {
      log(`stopping a stale server from an earlier run (pid ${server})`);
      process.kill(server, "SIGKILL");
    }
  }
  rmSync(pidFile, { force: true });
}

async function waitReady(port, child, timeoutMs) {
  const { MongoClient } = await import("mongodb");
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the database server exited with code ${child.exitCode}`);
    const client = new MongoClient(`mongodb://127.0.0.1:${port}/`, { serverSelectionTimeoutMS: 500 });
    try {
      await client.db("admin").command({ ping: 1 });
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.close().catch(() => {});
    }
  }
  throw new Error(`the database server did not answer within ${timeoutMs} ms: ${lastError?.message}`);
}

/**
 * Starts a local server. `mode` "dev" keeps data in .data/; "test" uses a fresh temporary folder
 * that is removed on stop. Returns { uri, stop, kind, dataRoot, pid }, and pause()/resume(): end the
 * server process and start it again on the same port and data (a database outage, for fault tests).
 */
export async function startLocalDb({ mode = "dev", quiet = true } = {}) {
  const preferMongod = process.env.INVYTA_LOCAL_DB === "mongod";
  const mongod = onPath("mongod");
  let bin = null;
  let kind = "ferretdb";
  if (preferMongod && mongod) {
    bin = mongod;
    kind = "mongod";
  } else {
    bin = installFerretDB();
    if (!bin && mongod) {
      bin = mongod;
      kind = "mongod";
    }
  }
  if (!bin) {
    throw new Error(
      "No database available. Set MONGODB_URI to a MongoDB 6+ server (e.g. in .env.local), " +
        "or install Go (https://go.dev/dl/; the project then builds FerretDB itself), or put `mongod` on PATH.",
    );
  }

  const dataRoot =
    mode === "test" ? mkdtempSync(join(tmpdir(), "invyta-db-")) : join(ROOT, ".data", kind);
  mkdirSync(join(dataRoot, "sqlite"), { recursive: true });
  const pidFile = join(dataRoot, "server.pid");
  stopStale(pidFile);

  const port = await freePort();
  // synchronous=NORMAL: in WAL mode SQLite then syncs at checkpoints, not on every commit. A crash
  // of the server (or the app) loses nothing; a power cut may lose the last commits, as MongoDB's
  // default write concern may (its journal is flushed every 100 ms). Writes are serialized (patch
  // 03), so one fsync per commit capped them: 710 → 1,201 guarded updates/s at 32 clients.
  // wal_autocheckpoint(10000): copy the WAL back into the database every ~40 MB instead of every
  // ~4 MB. A page written many times (a busy event's) is copied once per checkpoint, and the
  // checkpoint was a sixth of FerretDB's CPU on writes: 2,000 → 1,350 µs per findOneAndUpdate of an
  // event at 32 clients. Nothing is less durable; a crash replays the longer WAL on the next start.
  const sqliteUrl = `file:${join(dataRoot, "sqlite")}/?_pragma=synchronous(NORMAL)&_pragma=wal_autocheckpoint(10000)`;
  const args =
    kind === "ferretdb"
      ? [
          "--handler=sqlite",
          `--sqlite-url=${sqliteUrl}`,
          `--listen-addr=127.0.0.1:${port}`,
          `--state-dir=${dataRoot}`,
          "--telemetry=disable",
          "--debug-addr=-",
          "--log-level=error",
        ]
      : ["--dbpath", join(dataRoot, "sqlite"), "--bind_ip", "127.0.0.1", "--port", String(port), "--quiet"];
  const launch = () => {
    const started = spawn(bin, args, { stdio: ["ignore", quiet ? "ignore" : "inherit", "inherit"] });
    writeFileSync(pidFile, JSON.stringify({ server: started.pid, owner: process.pid }));
    return started;
  };
  let child = launch();

  /** Ends the server process (its data folder stays): SIGTERM, or SIGKILL for a crash. */
  const kill = async (signal = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(pidFile, { force: true });
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await kill();
    if (mode === "test") rmSync(dataRoot, { recursive: true, force: true });
  };

  // For fault tests: an outage of the server and its recovery, at the same address with the same data.
  const pause = async ({ crash = false } = {}) => {
    if (stopped) throw new Error("the database server was stopped");
    await kill(crash ? "SIGKILL" : "SIGTERM");
  };
  const resume = async () => {
    if (stopped) throw new Error("the database server was stopped");
    if (child.exitCode === null && child.signalCode === null) return;
    child = launch();
    result.pid = child.pid;
    await waitReady(port, child, 30_000);
  };

  try {
    await waitReady(port, child, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  const result = { uri: `mongodb://127.0.0.1:${port}/`, stop, pause, resume, kind, dataRoot, pid: child.pid };
  return result;
}
