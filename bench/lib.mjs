// What the load benchmarks in bench/ share: the machine and build they report, the processes they
// start and stop (FerretDB, an SMTP sink, `next start`), HTTP clients, latency statistics, and the
// section of bench/RESULTS.md each bench owns. Plain ESM, so `node bench/<name>.mjs` needs no build
// step. Each bench keeps its own `running` record of what it started; the helpers here take what
// they need from it as arguments and keep no state of their own.
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes, randomInt } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { finished } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import bcrypt from "bcryptjs";
import { MongoClient, ObjectId } from "mongodb";
import smtpServer from "smtp-server";
import { freePort, startLocalDb } from "../scripts/local-db.mjs";

export { freePort };

/** The repository's root; `next start` runs there. */
export const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
/** The password of every user a bench seeds. */
export const PASSWORD = "bench-password-1234";
/** bcrypt cost of the seeded password hashes: the app's own (lib/auth/password.ts). */
export const BCRYPT_COST = 10;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Machine and build

/** A command's output, or "(unavailable)": a missing tool must not fail the bench. */
function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trimEnd();
  } catch {
    return "(unavailable)";
  }
}

/** What a RESULTS.md section says about the machine and the checkout it ran on. */
export function machineInfo() {
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  const free = sh("free", ["-h"]);
  return {
    date: sh("date", ["-u"]),
    nproc: sh("nproc", []),
    free,
    mem: /^Mem:\s+(\S+)/m.exec(free)?.[1] ?? "(unavailable)", // total RAM, as `free -h` prints it
    node: process.version,
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? "(unknown)",
    commit: sh("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]),
    commitAt: sh("git", ["-C", ROOT, "log", "-1", "--format=%cI", "HEAD"]),
    dirty: sh("git", ["-C", ROOT, "status", "--porcelain"]).length > 0,
  };
}

/** The 1/5/15-minute load averages, "0.52 0.61 0.40". */
export function loadAverage() {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

/** Clock ticks since boot from /proc/stat's first line: all of them, and the busy ones. */
function machineTicks() {
  const n = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = n.reduce((a, b) => a + b, 0);
  return { total, busy: total - n[3] - (n[4] ?? 0) }; // n[3] idle, n[4] iowait
}

/** Share of all cores busy over `ms` (from /proc/stat): what other processes use while we are idle. */
export async function cpuBusy(ms) {
  try {
    const a = machineTicks();
    await sleep(ms);
    const b = machineTicks();
    return Math.round(100 * ((b.busy - a.busy) / (b.total - a.total)));
  } catch {
    return NaN;
  }
}

/**
 * CPU time (clock ticks) of the whole machine and of the processes a bench runs on: the server's
 * process group (`serverGroup`, the pid of the `next start` it spawned), the database (`dbPid`),
 * this load generator, and redis-server (which serves the rate limiter). `parts` splits `bench`
 * among those four. Null where /proc cannot be read.
 */
export function cpuSnapshot({ serverGroup, dbPid }) {
  try {
    const { total, busy } = machineTicks();
    let bench = 0;
    const parts = { server: 0, db: 0, loadgen: 0, redis: 0 };
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue; // exited meanwhile
      }
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const fields = stat.slice(close + 2).split(" "); // fields[0] is field 3 (state)
      const pid = Number(entry);
      const pgrp = Number(fields[2]);
      const part =
        pid === process.pid ? "loadgen" : pid === dbPid ? "db" : serverGroup && pgrp === serverGroup ? "server" : comm === "redis-server" ? "redis" : null;
      if (!part) continue;
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
      bench += ticks;
      parts[part] += ticks;
    }
    return { total, busy, bench, parts };
  } catch {
    return null;
  }
}

/** The processes of group `pgid`, with their command lines. */
export function groupMembers(pgid) {
  const members = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      members.push({ pid: Number(entry), cmdline: readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ").trim() });
    } catch {
      /* exited meanwhile */
    }
  }
  return members;
}

/** Name, VmRSS and VmHWM (bytes) of a process from /proc, or null when it is gone. */
export function procStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN);
    return { name: /^Name:\s+(.+)$/m.exec(text)?.[1] ?? "", rss: kb("VmRSS") * 1024, hwm: kb("VmHWM") * 1024 };
  } catch {
    return null;
  }
}

/** The process of `next start`'s group that serves requests: the one named next-server, else the biggest. */
export function serverPid(groupId) {
  const members = groupMembers(groupId).map((m) => ({ ...m, status: procStatus(m.pid) }));
  const named = members.find((m) => /next-server/.test(m.cmdline) || /next-server/.test(m.status?.name ?? ""));
  return (named ?? members.sort((a, b) => (b.status?.rss ?? 0) - (a.status?.rss ?? 0))[0])?.pid ?? groupId;
}

/** Samples VmRSS every 100 ms until stopped; returns the peak and the samples' count. */
export function sampleRss(pid) {
  let peak = 0;
  let samples = 0;
  const timer = setInterval(() => {
    const s = procStatus(pid);
    if (!s) return;
    samples++;
    peak = Math.max(peak, s.rss);
  }, 100);
  const first = procStatus(pid);
  peak = first?.rss ?? 0;
  return {
    start: first?.rss ?? NaN,
    stop() {
      clearInterval(timer);
      const last = procStatus(pid);
      return { start: this.start, peak: Math.max(peak, last?.rss ?? 0), end: last?.rss ?? NaN, hwm: last?.hwm ?? NaN, samples };
    },
  };
}

/**
 * The production build in `distDir` of the app in `dir`: its BUILD_ID and when it was written.
 * Without one, prints `missing` (which says how to build) and exits 1: a bench never builds by
 * itself (except bench/baseline-ratios.mjs, through `nextBuild`, which it says in its command).
 */
export function checkBuild(distDir, missing, dir = ROOT) {
  const file = join(dir, distDir, "BUILD_ID");
  if (!existsSync(file)) {
    console.error(missing);
    process.exit(1);
  }
  return { id: readFileSync(file, "utf8").trim(), builtAt: statSync(file).mtime.toISOString() };
}

/** The version of package `name` installed for the app in `dir` (null when it has none of its own). */
export function installedVersion(dir, name) {
  try {
    return JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
}

/**
 * `next build` of the app in `dir` into `distDir` (`env` says so to its next.config: NEXT_DIST_DIR
 * for Invyta); its output goes to bench/.out/`logName`. Rejects with the output's last lines when
 * the build fails. Next adds `<distDir>/types/**` to tsconfig.json's "include"; the file is put back
 * as it was when that is all that changed, so a bench build leaves the checkout as it found it.
 */
export async function nextBuild(dir, { distDir, env, logName }) {
  const tsconfig = join(dir, "tsconfig.json");
  const before = existsSync(tsconfig) ? readFileSync(tsconfig, "utf8") : null;
  try {
    return await runNextBuild(dir, env, logName);
  } finally {
    const after = before === null ? null : readFileSync(tsconfig, "utf8");
    if (after !== before && onlyDistTypesAdded(before, after, distDir)) writeFileSync(tsconfig, before);
  }
}

function onlyDistTypesAdded(before, after, distDir) {
  try {
    const a = JSON.parse(before);
    const b = JSON.parse(after);
    const added = (b.include ?? []).filter((x) => !(a.include ?? []).includes(x));
    return added.every((x) => x.startsWith(`${distDir}/`)) && JSON.stringify({ ...b, include: a.include }) === JSON.stringify(a);
  } catch {
    return false;
  }
}

function runNextBuild(dir, env, logName) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(nextBin(dir), ["build"], { cwd: dir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const chunks = [];
    child.stdout.on("data", (c) => chunks.push(c));
    child.stderr.on("data", (c) => chunks.push(c));
    child.once("error", reject);
    child.once("exit", (code) => {
      const output = Buffer.concat(chunks).toString("utf8");
      const file = writeOut(logName, output);
      if (code === 0) resolvePromise(file);
      else reject(new Error(`next build in ${dir} failed (exit ${code}; full output in ${file}):\n${output.split("\n").slice(-30).join("\n")}`));
    });
  });
}

/**
 * The bare Next.js app (bench/bare-next): a route handler returning JSON (/api/ping) and a trivial
 * server-rendered page (/), the baseline bench/baseline-ratios.mjs divides by. Built into
 * `BARE.distDir` with Turbopack as Invyta is. Turbopack resolves nothing outside its root and
 * finds Invyta's proxy.ts and instrumentation.ts when the root is the repository's, so the bare
 * app is its own root (next.config.mjs) with the repository's node_modules as hard links (no
 * copy, and the same next, react and react-dom) in bench/bare-next/node_modules, which git ignores.
 */
export const BARE = { dir: join(ROOT, "bench", "bare-next"), distDir: ".next-bare", route: "/api/ping", page: "/" };
const BARE_PACKAGES = ["next", "react", "react-dom"];

export async function buildBareNext() {
  const modules = join(BARE.dir, "node_modules");
  if (BARE_PACKAGES.some((name) => installedVersion(BARE.dir, name) !== installedVersion(ROOT, name))) {
    rmSync(modules, { recursive: true, force: true });
    try {
      execFileSync("cp", ["-al", join(ROOT, "node_modules"), modules], { stdio: "ignore" });
    } catch {
      rmSync(modules, { recursive: true, force: true });
      execFileSync("cp", ["-a", join(ROOT, "node_modules"), modules]); // another file system: a real copy
    }
  }
  await nextBuild(BARE.dir, { distDir: BARE.distDir, env: { BARE_DIST_DIR: BARE.distDir }, logName: "bare-next-build.log" });
  return { ...checkBuild(BARE.distDir, "the bare app's build left no BUILD_ID", BARE.dir), next: installedVersion(BARE.dir, "next"), react: installedVersion(BARE.dir, "react") };
}

/** `next start` of the bare app's build on `port` (production); wait for it with `waitUntilHealthy(server, port, 60_000, BARE.route)`. */
export function startBareNext(port) {
  return startServer({ ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", BARE_DIST_DIR: BARE.distDir }, port, { dir: BARE.dir });
}

// ---------------------------------------------------------------------------------------------
// What a bench starts

/** The FerretDB builds scripts/local-db.mjs keeps in .tools/bin: with the project's patches, and without (INVYTA_FERRETDB_PATCHES=none). */
export const FERRETDB_BUILDS = { patched: "ferretdb", stock: "ferretdb-stock" };

/**
 * The database: MONGODB_URI when set, else a throwaway FerretDB (or mongod) whose data goes when it
 * is stopped. `local` is that server (`stop()`, `pid`, `kind`, `bin`), null with MONGODB_URI.
 * `ferretdb` picks the build (a key of FERRETDB_BUILDS, default "patched"): local-db.mjs reads
 * INVYTA_FERRETDB_PATCHES once, when it is loaded, so "stock" loads a second copy of it with that set.
 */
export async function startDatabase({ ferretdb = "patched" } = {}) {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, local: null };
  if (!FERRETDB_BUILDS[ferretdb]) throw new Error(`unknown FerretDB build "${ferretdb}" (one of: ${Object.keys(FERRETDB_BUILDS).join(", ")})`);
  let start = startLocalDb;
  if (ferretdb === "stock") {
    const saved = process.env.INVYTA_FERRETDB_PATCHES;
    process.env.INVYTA_FERRETDB_PATCHES = "none";
    try {
      ({ startLocalDb: start } = await import("../scripts/local-db.mjs?stock"));
    } finally {
      if (saved === undefined) delete process.env.INVYTA_FERRETDB_PATCHES;
      else process.env.INVYTA_FERRETDB_PATCHES = saved;
    }
  }
  const local = await start({ mode: "test" });
  local.bin = local.kind === "ferretdb" ? join(ROOT, ".tools", "bin", FERRETDB_BUILDS[ferretdb]) : local.kind;
  log(`${local.kind} on ${local.uri}${local.kind === "ferretdb" ? ` (${FERRETDB_BUILDS[ferretdb]})` : ""}`);
  return { uri: local.uri, local };
}

/** A connected driver client; it gives up after 5 s when the server does not answer. */
export async function connectMongo(uri) {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  await client.connect();
  return client;
}

/** A verified user as the app stores one (no username unless `extra` adds it), for insertMany. */
export function verifiedUser(email, passwordHash, now, extra = {}) {
  return { _id: new ObjectId(), email, emailVerified: now, password_hash: passwordHash, favorites: [], created_at: now, ...extra };
}

/** An SMTP server on a free local port that accepts any login and discards every mail; `received()` counts them. */
export function startSink() {
  const { SMTPServer } = smtpServer;
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    onAuth: (auth, _session, cb) => cb(null, { user: auth.username ?? "bench" }),
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 500,
    onData(stream, _session, cb) {
      stream.on("end", () => {
        received += 1;
        cb();
      });
      stream.resume(); // accept and discard
    },
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", fail);
      server.on("error", () => {});
      ok({ port: server.server.address().port, received: () => received, stop: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** A process spinning on one core (`for (;;) {}`) until `stop()`: the busy machine a user may meet. */
export function startCpuHog() {
  const child = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
  const exited = new Promise((r) => child.once("exit", r));
  return {
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/**
 * The environment `next start` runs with: production, a fresh AUTH_SECRET, the build in `distDir`,
 * database `dbName` at `uri`, mail to `smtpUrl` and the limiter in Redis at REDIS_URL; `extra` adds
 * to it (TRUSTED_PROXY_HEADER for the benches that send X-Forwarded-For). Its job queue has a prefix of its own.
 */
export function serverEnv({ port, uri, dbName, distDir, smtpUrl }, extra = {}) {
  return {
    ...process.env,
    NEXT_DIST_DIR: distDir,
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    APP_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: smtpUrl,
    REDIS_URL,
    // Its own job queue: with the default prefix another Invyta on the machine would take its jobs.
    JOBS_PREFIX: `bench_${randomBytes(6).toString("hex")}`,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extra,
  };
}

/** The `next` command of the app in `dir`: its own node_modules' when it has one, else the repository's. */
const nextBin = (dir) => [join(dir, "node_modules", ".bin", "next"), join(ROOT, "node_modules", ".bin", "next")].find((f) => existsSync(f));

/**
 * Spawns `next start` of the app in `dir` (default: this repository) on 127.0.0.1:`port`, in its
 * own process group so that `stop()` also stops any child it forks. Returns at once: keep it in
 * `running.server` before `waitUntilHealthy`, so it is stopped even if it never gets healthy.
 * `output` keeps the last 500 chunks of its stdout and stderr; `onOutput` sees every chunk.
 */
export function startServer(env, port, { onOutput, dir = ROOT } = {}) {
  const child = spawn(nextBin(dir), ["start", "-p", String(port), "-H", "127.0.0.1"], { cwd: dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const output = [];
  const keep = (chunk) => {
    const text = chunk.toString();
    onOutput?.(text);
    output.push(text);
    if (output.length > 500) output.shift();
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((r) => child.once("exit", r));
  return {
    child,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const group = (sig) => {
        try {
          process.kill(-child.pid, sig);
        } catch {
          /* gone */
        }
      };
      group("SIGTERM");
      const timer = setTimeout(() => group("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
      group("SIGKILL"); // anything the group left behind
    },
  };
}

/** Polls GET `path` (default /api/health) until it answers 200; throws (with the server's output) if the server exits or `timeoutMs` passes. */
export async function waitUntilHealthy(server, port, timeoutMs = 60_000, path = "/api/health") {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`next start exited with code ${server.child.exitCode}:\n${server.output.join("")}`);
    const r = await request(undefined, port, { path });
    if (r.status === 200) return;
    if (Date.now() > deadline) {
      throw new Error(`${path} did not answer 200 within ${timeoutMs / 1000} s (last: ${r.status} ${r.error ?? ""}):\n${server.output.join("")}`);
    }
    await sleep(250);
  }
}

/**
 * What the API benches run on: the database (`startDatabase({ ferretdb })`), an SMTP sink that
 * discards mail, and `next start` of the app in `dir` with its build in `distDir` and the database
 * `dbName`, each kept in `running` (db, sink, server) as soon as it exists so that it is stopped
 * whatever happens next. `env` adds to serverEnv's; `onOutput` sees the server's output. Returns
 * once the server is healthy: { uri, port, local }.
 */
export async function startStack(running, { dbName, distDir, dir = ROOT, ferretdb, env: extra = {}, onOutput, healthTimeoutMs = 60_000 }) {
  const { uri, local } = await startDatabase({ ferretdb });
  running.db = local;
  if (!local) log(`using MONGODB_URI from the environment (database "${dbName}")`);
  running.sink = await startSink();
  const port = await freePort();
  const env = serverEnv({ port, uri, dbName, distDir, smtpUrl: `smtp://bench:bench@127.0.0.1:${running.sink.port}` }, extra);
  const t = performance.now();
  running.server = startServer(env, port, { dir, onOutput });
  await waitUntilHealthy(running.server, port, healthTimeoutMs);
  log(`next start on :${port} healthy after ${Math.round(performance.now() - t)} ms`);
  return { uri, port, local };
}

/**
 * Stops what a bench started, in this order: the server (`running.server`), then `steps` (the
 * bench's own, [name, stop, verb = "stop"]: its seeded data, driver client, files), then the database
 * (`running.db`) and the SMTP sink (`running.sink`). A step that fails is logged ("could not <verb>
 * the <name>") and the rest still run.
 */
async function stopRunning(running, steps = []) {
  const all = [["server", () => running.server?.stop()], ...steps, ["database", () => running.db?.stop()], ["SMTP sink", () => running.sink?.stop()]];
  for (const [name, step, verb = "stop"] of all) {
    try {
      await step();
    } catch (err) {
      log(`could not ${verb} the ${name}: ${err.message}`);
    }
  }
}

/**
 * Runs a bench: `main()`, then `report(result)`, whose return value (if any) is the exit code.
 * Everything in `running` is stopped (`stopRunning(running, stopSteps)`) exactly once whatever
 * happens: after the report, after an error (exit 1; the server's last 40 lines of output are
 * printed) or on SIGINT/SIGTERM (exit 130).
 */
export async function runBench({ main, report, running, stopSteps = [] }) {
  const cleanup = () => stopRunning(running, stopSteps);
  let exitCode = 0;
  let interrupted = false;
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.on(sig, async () => {
      if (interrupted) return;
      interrupted = true;
      log(`${sig}: stopping everything`);
      await cleanup();
      process.exit(130);
    });
  }
  try {
    exitCode = (await report(await main())) ?? 0;
  } catch (err) {
    exitCode = 1;
    console.error(`\n[bench] failed: ${err.stack ?? err}\n`);
    if (running.server) console.error(`[bench] server output (last lines):\n${running.server.output.join("").split("\n").slice(-40).join("\n")}`);
  } finally {
    if (!interrupted) {
      await cleanup();
      process.exit(exitCode);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

/** A keep-alive agent; a fresh one per phase, so no socket left idle in between meets the server's keep-alive timeout. */
export const keepAliveAgent = (maxSockets) => new http.Agent({ keepAlive: true, maxSockets });

/**
 * One request to the server on 127.0.0.1:`port`. Never rejects: a network error or a timeout
 * answers status 0 and `error` (its code). `start` (performance.now() when sent) and `ms` time it.
 */
export function request(agent, port, { method = "GET", path, headers = {}, body, timeoutMs = 30_000 }) {
  return new Promise((resolvePromise) => {
    const t0 = performance.now();
    let settled = false;
    const done = (result) => {
      if (settled) return;
      settled = true;
      resolvePromise({ ...result, start: t0, ms: performance.now() - t0 });
    };
    const req = http.request(
      { host: "127.0.0.1", port, method, path, agent, headers: body ? { ...headers, "content-length": Buffer.byteLength(body) } : headers },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => done({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (err) => done({ status: 0, error: err.code ?? err.message }));
      },
    );
    req.on("error", (err) => done({ status: 0, error: err.code ?? err.message }));
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.end(body);
  });
}

/** A `request` to the JSON API: `body` sent as JSON, `token` as a bearer token, `ip` as X-Forwarded-For. */
export function apiRequest(agent, port, method, path, { token, body, ip, timeoutMs } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  if (ip) headers["x-forwarded-for"] = ip;
  return request(agent, port, { method, path, headers, body: body === undefined ? undefined : JSON.stringify(body), timeoutMs });
}

/** The JSON in `text`, or null when it is none. */
export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Distinct client addresses for X-Forwarded-For, so that per-IP rate limits never trip: a random
 * 10.x.y.z base, then consecutive addresses. `used()` counts those handed out.
 */
export function clientAddresses() {
  let counter = randomInt(0, 1 << 23);
  let used = 0;
  return {
    next() {
      const n = (counter++ % (1 << 24)) >>> 0;
      used += 1;
      return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
    },
    used: () => used,
  };
}

// ---------------------------------------------------------------------------------------------
// Statistics

/** An answer's status as counted: "200", "429", or "net:ECONNRESET" when none came. */
export const statusKey = (r) => (r.status === 0 ? `net:${r.error}` : String(r.status));
const isSuccess = (key) => /^2\d\d$/.test(String(key));

/** Adds one to `key`'s count in the Map `counts`. */
export function tally(counts, key) {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** "3× 500, 1× net:ECONNRESET" from [status, count] pairs (a Map works too); "" when there are none. */
function countsText(counts) {
  return [...counts].map(([key, count]) => `${count}× ${key}`).join(", ");
}

const countsTotal = (counts) => [...counts].reduce((a, [, count]) => a + count, 0);

/** The non-2xx statuses of `statuses` (status → count): as text ("0" when there are none) and their total. */
export function failures(statuses) {
  const bad = [...statuses].filter(([key]) => !isSuccess(key));
  return { text: bad.length ? countsText(bad) : "0", count: countsTotal(bad) };
}

/** Latency samples in ascending order, for `percentile`. */
export const sortedSamples = (samples) => Float64Array.from(samples).sort();

/** The `p`th percentile of ascending `sorted` by nearest rank (p = 100 is the maximum); NaN without samples. */
export function percentile(sorted, p) {
  const n = sorted.length;
  return n ? sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] : NaN;
}

/** The middle value (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** What `record` collects for one phase of `runClients`; `notes` is the bench's own. */
export function newStats(name) {
  return { name, samples: [], statuses: new Map(), warmupErrors: new Map(), allStatuses: new Map(), errorBodies: new Map(), windowStart: 0, windowEnd: 0, completed: 0, notes: {} };
}

/** Latency and status: requests that started in the window. Throughput: answers that arrived in it. */
function record(stats, r) {
  const end = r.start + r.ms;
  const key = statusKey(r);
  tally(stats.allStatuses, key);
  // The first answer of each failing kind, to say what it was.
  if (!isSuccess(key) && !stats.errorBodies.has(key)) stats.errorBodies.set(key, (r.body ?? r.error ?? "").slice(0, 160));
  if (end >= stats.windowStart && end <= stats.windowEnd) stats.completed += 1;
  if (r.start < stats.windowStart) {
    // Warm-up: not measured, but a failure there is still reported.
    if (!isSuccess(key)) tally(stats.warmupErrors, key);
    return;
  }
  if (r.start >= stats.windowEnd) return;
  stats.samples.push(r.ms);
  tally(stats.statuses, key);
}

/** A phase's measured window, [measureFrom, end) in performance.now() time: `warmSecs` of warm-up from now, then `secs`. */
export function measureWindow(warmSecs, secs) {
  const measureFrom = performance.now() + warmSecs * 1000;
  return { measureFrom, end: measureFrom + secs * 1000 };
}

/**
 * `clients` loops, each sending one request (`send(client)`) and awaiting the answer before the
 * next, until the window [measureFrom, end) is over or `stop()` says so; only the window is measured
 * (before it: warm-up). `send` answering null ends that client (its work ran out: `stats.ranOut`).
 * `snapshot()` (a `cpuSnapshot`) is taken as the window opens and as the last client ends.
 */
export async function runClients({ clients, send, stats, measureFrom, end, stop = () => false, snapshot = () => null }) {
  stats.windowStart = measureFrom;
  stats.windowEnd = end;
  const timer = setTimeout(() => (stats.cpuStart = snapshot()), Math.max(0, measureFrom - performance.now()));
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < end && !stop()) {
        const r = await send(client);
        if (!r) {
          stats.ranOut = true;
          break;
        }
        record(stats, r);
      }
    }),
  );
  clearTimeout(timer);
  stats.cpuEnd = snapshot();
}

/**
 * A row of `latencyTable` from a phase's stats: req/s, percentiles (ms), failures measured and in
 * the warm-up, and the CPU share (% of the whole machine) of the bench's processes (`cpuBench`,
 * split in `cpuParts`) and of everything else (`cpuOther`) during the window.
 */
export function summarize(stats) {
  const sorted = sortedSamples(stats.samples);
  const seconds = (stats.windowEnd - stats.windowStart) / 1000;
  const measured = failures(stats.statuses);
  const a = stats.cpuStart;
  const b = stats.cpuEnd;
  const dt = a && b ? b.total - a.total : 0;
  const cpuBench = dt > 0 ? (100 * (b.bench - a.bench)) / dt : NaN;
  const cpuOther = dt > 0 ? Math.max(0, (100 * (b.busy - a.busy)) / dt - cpuBench) : NaN;
  const cpuParts = dt > 0 ? Object.fromEntries(Object.keys(a.parts).map((k) => [k, (100 * (b.parts[k] - a.parts[k])) / dt])) : null;
  return {
    name: stats.name,
    n: sorted.length,
    cpuBench,
    cpuOther,
    cpuParts,
    rps: stats.completed / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
    errors: measured.text,
    errorCount: measured.count,
    warmupErrors: countsText(stats.warmupErrors),
    warmupErrorCount: countsTotal(stats.warmupErrors),
    notes: stats.notes,
    errorBodies: [...stats.errorBodies].map(([k, body]) => `${k} ${body}`),
    ranOut: !!stats.ranOut,
  };
}

/** Several phases' stats as one (for `summarize`): samples and counts added up, windows laid end to end, CPU ticks summed. */
export function poolStats(list) {
  const pooled = newStats(list[0].name);
  let windowMs = 0;
  for (const s of list) {
    for (const x of s.samples) pooled.samples.push(x);
    for (const key of ["statuses", "warmupErrors", "allStatuses"]) for (const [k, n] of s[key]) pooled[key].set(k, (pooled[key].get(k) ?? 0) + n);
    for (const [k, body] of s.errorBodies) if (!pooled.errorBodies.has(k)) pooled.errorBodies.set(k, body);
    pooled.completed += s.completed;
    pooled.ranOut ||= !!s.ranOut;
    windowMs += s.windowEnd - s.windowStart;
  }
  pooled.windowEnd = windowMs;
  if (list.every((s) => s.cpuStart && s.cpuEnd)) {
    const zero = () => ({ total: 0, busy: 0, bench: 0, parts: Object.fromEntries(Object.keys(list[0].cpuStart.parts).map((k) => [k, 0])) });
    pooled.cpuStart = zero();
    pooled.cpuEnd = zero();
    for (const { cpuStart: a, cpuEnd: b } of list) {
      for (const k of ["total", "busy", "bench"]) pooled.cpuEnd[k] += b[k] - a[k];
      for (const k of Object.keys(a.parts)) pooled.cpuEnd.parts[k] += b.parts[k] - a.parts[k];
    }
  }
  return pooled;
}

/**
 * The same closed loop (`clients` keep-alive clients, `warm` s of warm-up, then `secs` measured)
 * against a baseline (`bare`) and against the app (`app`), back to back: `rounds` rounds, the
 * order alternating (bare, app, app, bare, …) so that a drift in what else the machine does falls
 * on both alike. A side is { label, send(agent, client) → a `request` result, snapshot }. Returns
 * both sides' `summarize` rows (the rounds pooled), `ratio` = app req/s ÷ bare req/s, and each
 * round's ratio. A window with fewer than `minAnswers` answers after `secs` stays open until it has
 * them or `maxSecs` have passed: a slow endpoint still gets a few answers to count. `settle()`, when
 * given, is awaited before each side's run (to wait for a quieter machine, say).
 */
export async function measureRatio({ name, clients, warm, secs, rounds = 2, minAnswers = 0, maxSecs = secs, settle, bare, app }) {
  const runs = { bare: [], app: [] };
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? ["bare", "app"] : ["app", "bare"]) {
      const target = side === "bare" ? bare : app;
      await settle?.();
      const agent = keepAliveAgent(clients + 4);
      const stats = newStats(target.label);
      const { measureFrom, end } = measureWindow(warm, maxSecs);
      const minEnd = measureFrom + secs * 1000;
      let closed = false;
      const timer = setInterval(() => {
        const now = performance.now();
        if (closed || now < minEnd || (stats.completed < minAnswers && now < end)) return;
        closed = true;
        stats.windowEnd = Math.min(now, end);
      }, 50);
      await runClients({ clients, send: (c) => target.send(agent, c), stats, measureFrom, end, stop: () => closed, snapshot: target.snapshot });
      clearInterval(timer);
      agent.destroy();
      runs[side].push(stats);
      const row = summarize(stats);
      log(`  ${name} round ${round + 1}, ${target.label}: ${fmt(row.rps)} req/s, p50 ${fmt(row.p50)} ms, p99 ${fmt(row.p99)} ms, non-2xx ${row.errors}`);
    }
  }
  const rows = { bare: summarize(poolStats(runs.bare)), app: summarize(poolStats(runs.app)) };
  const rps = (s) => s.completed / ((s.windowEnd - s.windowStart) / 1000);
  return {
    name,
    clients,
    ...rows,
    ratio: rows.app.rps / rows.bare.rps,
    roundRatios: runs.app.map((s, i) => rps(s) / rps(runs.bare[i])),
  };
}

// ---------------------------------------------------------------------------------------------
// Media files: fake videos on disk, uploads streamed from them, downloads hashed as they stream in

/** Throughput in decimal MB (10⁶ bytes) per second. */
export const MB = 1_000_000;
export const mbps = (bytes, ms) => bytes / MB / (ms / 1000);

/** The start of an MP4: an `ftyp` box with brand isom. */
export const MP4_FTYP = Buffer.from([0, 0, 0, 0x18, ...Buffer.from("ftypisom"), 0, 0, 2, 0, ...Buffer.from("isomiso2")]);

/**
 * Writes `size` bytes to `path`: `ftyp`, an empty `moov` and an `mdat` box of random bytes (uploads
 * walk the top-level boxes). Returns the file's sha256 (hex).
 */
export async function writeFakeMp4(path, size, ftyp = MP4_FTYP) {
  const out = createWriteStream(path);
  const hash = createHash("sha256");
  const write = (b) => {
    hash.update(b);
    return out.write(b) ? null : new Promise((r) => out.once("drain", r));
  };
  const boxes = Buffer.alloc(16);
  boxes.writeUInt32BE(8, 0);
  boxes.write("moov", 4, "latin1");
  boxes.writeUInt32BE(size - ftyp.length - 8, 8);
  boxes.write("mdat", 12, "latin1");
  await write(ftyp);
  await write(boxes);
  let left = size - ftyp.length - boxes.length;
  while (left > 0) {
    const piece = randomBytes(Math.min(left, 1 << 20));
    left -= piece.length;
    await write(piece);
  }
  out.end();
  await finished(out);
  return hash.digest("hex");
}

/**
 * POSTs `file` as the form field `file`, streamed from disk. `abortAfter` bytes: the client drops
 * the connection there (a cancelled upload).
 */
export function uploadFile(port, path, token, file, { name = "video.mp4", abortAfter } = {}) {
  const boundary = `----benchmedia${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: video/mp4\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = statSync(file).size;
  return new Promise((ok) => {
    const t0 = performance.now();
    let sent = 0;
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": head.length + size + tail.length,
        },
      },
      (res) => {
        // An answer before the whole body is sent (a refusal): stop sending.
        const sentAtAnswer = sent;
        const answeredMs = performance.now() - t0;
        if (!bodyDone) source.destroy();
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (!bodyDone) req.destroy();
          ok({ status: res.statusCode, json: parseJson(text), ms: performance.now() - t0, answeredMs, sent: sentAtAnswer, complete: bodyDone });
        });
      },
    );
    req.on("error", (err) => ok({ status: 0, error: err.code ?? err.message, ms: performance.now() - t0, sent }));
    let bodyDone = false;
    const source = createReadStream(file, { highWaterMark: 256 * 1024 });
    req.write(head);
    source.on("data", (chunk) => {
      sent += chunk.length;
      if (abortAfter && sent >= abortAfter) {
        source.destroy();
        req.destroy();
        ok({ status: "aborted", ms: performance.now() - t0, sent });
        return;
      }
      if (!req.write(chunk)) {
        source.pause();
        req.once("drain", () => source.resume());
      }
    });
    source.on("end", () => {
      bodyDone = true;
      req.end(tail);
    });
  });
}

/** GETs a file with `token`, hashing it as it streams in (nothing kept). */
export function download(port, path, token, headers = {}) {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const req = http.request({ host: "127.0.0.1", port, method: "GET", path, headers: { authorization: `Bearer ${token}`, ...headers } }, (res) => {
      const hash = createHash("sha256");
      let bytes = 0;
      res.on("data", (c) => {
        bytes += c.length;
        hash.update(c);
      });
      res.on("end", () => ok({ status: res.statusCode, bytes, sha256: hash.digest("hex"), ms: performance.now() - t0, headers: res.headers }));
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------
// Report

/** A number for a table: one decimal below 100, none from 100 up, "–" when there is none. */
export const fmt = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : "–");

/** The Markdown table of `summarize` rows. */
export function latencyTable(rows) {
  const head =
    "| phase | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx / errors | CPU % bench / other |\n" +
    "|---|--:|--:|--:|--:|--:|--:|---|--:|";
  const cpu = (r) => (Number.isFinite(r.cpuBench) ? `${Math.round(r.cpuBench)} / ${Math.round(r.cpuOther)}` : "–");
  return [head, ...rows.map((r) => `| ${r.name} | ${r.n} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p90)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.errors} | ${cpu(r)} |`)].join(
    "\n",
  );
}

/**
 * Replaces the section of bench/RESULTS.md that starts with the line `heading` (up to the next
 * "## " heading) by `markdown`, or appends it; every other section is kept as it is.
 */
export function writeResultsSection(heading, markdown) {
  const file = join(ROOT, "bench", "RESULTS.md");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\nRun by hand; numbers depend on the machine. Each section says how it was produced.\n";
  const start = text.indexOf(`${heading}\n`);
  let next;
  if (start < 0) next = `${text.trimEnd()}\n\n${markdown}`;
  else {
    const after = text.indexOf("\n## ", start + heading.length);
    next = `${text.slice(0, start)}${markdown}${after < 0 ? "" : `\n${text.slice(after + 1)}`}`;
  }
  writeFileSync(file, next.endsWith("\n") ? next : `${next}\n`);
}

/** The machine's `free -h` as a fenced block: the end of every RESULTS.md section that reports it. */
export const freeBlock = (machine) => `\`free -h\`:\n\n\`\`\`\n${machine.free}\n\`\`\`\n`;

/** Writes `text` to bench/.out/`name` (git ignores that folder) and returns the file's path. */
export function writeOut(name, text) {
  const dir = join(ROOT, "bench", ".out");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A JSON API call over the default agent; `json` is the parsed answer (null if it is none). Rejects on a network error. */
export async function jsonRequest(port, method, path, options) {
  const r = await apiRequest(undefined, port, method, path, options);
  if (r.status === 0) throw new Error(`${method} ${path}: ${r.error}`);
  return { status: r.status, json: parseJson(r.body), text: r.body };
}

/**
 * What the media benches start from: the database and `next start` of the build in `distDir` (kept
 * in `running`), one verified user signed in through the API, and a private event of theirs.
 * Returns { uri, port, pid, client, database, token, eventId, mediaPath }.
 */
export async function startMediaBench(running, { distDir, dbPrefix, title }) {
  const { uri, local } = await startDatabase();
  running.db = local;
  const dbName = `${dbPrefix}_${randomBytes(3).toString("hex")}`;
  const port = await freePort();
  // Production insists on SMTP_URL and REDIS_URL; these benches send no mail and hit no rate limit.
  const env = serverEnv({ port, uri, dbName, distDir, smtpUrl: process.env.SMTP_URL ?? "smtp://127.0.0.1:9" });
  running.server = startServer(env, port);
  await waitUntilHealthy(running.server, port);
  const pid = serverPid(running.server.child.pid);

  const client = await connectMongo(uri);
  const database = client.db(dbName);
  const email = `${dbPrefix.replace(/_/g, "-")}-${randomBytes(4).toString("hex")}@example.test`;
  await database
    .collection("users")
    .insertOne(verifiedUser(email, await bcrypt.hash(PASSWORD, BCRYPT_COST), new Date(), { username: `bench_${randomBytes(3).toString("hex")}` }));
  const login = await jsonRequest(port, "POST", "/api/v1/auth/login", { body: { email, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
  const token = login.json.access_token;
  const created = await jsonRequest(port, "POST", "/api/v1/events", {
    token,
    body: { title, date: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10), is_private: true },
  });
  if (created.status !== 201) throw new Error(`event creation failed: ${created.status} ${created.text}`);
  const eventId = created.json.event_id;
  return { uri, port, pid, client, database, token, eventId, mediaPath: `/api/v1/events/${eventId}/media` };
}
