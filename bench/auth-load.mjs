// Load test of the API's auth endpoints against the PRODUCTION build (issue "Accounts", item 14).
//
//   npx next build && node bench/auth-load.mjs
//
// Starts a throwaway FerretDB (unless MONGODB_URI is set), an SMTP sink that discards mail and
// `next start`, seeds verified users straight into the database, then measures with 16 concurrent
// keep-alive clients:
//   (a) POST /api/v1/auth/login            20 s
//   (b) GET  /api/v1/auth/me (Bearer)      20 s
//   (c) GET  /api/health from 1 client     10 s alone, then 10 s while 16 login clients run
// and writes its section of bench/RESULTS.md ("## Auth load (issue 3)"; the other sections are kept).
// Everything it started is stopped at the end, even on error.
//
// Rate limits stay on (5/min per IP and per email, in Redis at REDIS_URL): every login carries a
// distinct X-Forwarded-For address, trusted because TRUSTED_PROXY_HEADER is set exactly as behind
// a real proxy, and no email is used more than 4 times. The limiter's keys (invyta:rl:login-*)
// are left in Redis; they expire by themselves within about two minutes.
//
// BENCH_QUICK=1 shortens every phase (a smoke test) and prints the table without writing RESULTS.md.
import { spawn, execFileSync } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import bcrypt from "bcryptjs";
import { MongoClient, ObjectId } from "mongodb";
import smtpServer from "smtp-server";
import { freePort, startLocalDb } from "../scripts/local-db.mjs";

const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
const QUICK = process.env.BENCH_QUICK === "1";
const CLIENTS = 16;
const SECONDS = QUICK
  ? { loginWarm: 1, login: 3, meWarm: 1, me: 3, healthWarm: 1, health: 3 }
  : { loginWarm: 3, login: 20, meWarm: 2, me: 20, healthWarm: 1, health: 10 };
const PASSWORD = "bench-password-1234";
const BCRYPT_COST = 10; // lib/auth/password.ts
const MAX_USES_PER_EMAIL = 4; // the per-email limit is 5 per minute
const SEED_USERS = 4000; // ≈ 16 clients × 40 s of login × up to 25 logins/s ÷ 4, with room to spare
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const RUN = randomBytes(3).toString("hex"); // in emails, so a rerun within a minute meets fresh limiter keys
// next.config.ts builds into NEXT_DIST_DIR when set (concurrent builds each use their own folder).
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
const COMMAND = process.env.NEXT_DIST_DIR
  ? `cd /work/main && export NEXT_DIST_DIR=${process.env.NEXT_DIST_DIR} && npx next build && node bench/auth-load.mjs`
  : "cd /work/main && npx next build && node bench/auth-load.mjs";

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Machine and build

function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trimEnd();
  } catch {
    return "(unavailable)";
  }
}

function machineInfo() {
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  return {
    date: sh("date", ["-u"]),
    nproc: sh("nproc", []),
    free: sh("free", ["-h"]),
    node: process.version,
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? "(unknown)",
    commit: sh("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]),
    dirty: sh("git", ["-C", ROOT, "status", "--porcelain"]).length > 0,
  };
}

/** Share of all cores busy over `ms` (from /proc/stat): what other processes use while we are idle. */
async function cpuBusy(ms) {
  const read = () => {
    const [, ...v] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
    const n = v.map(Number);
    return { idle: n[3] + (n[4] ?? 0), total: n.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = read();
    await sleep(ms);
    const b = read();
    return Math.round((100 * (1 - (b.idle - a.idle) / (b.total - a.total))));
  } catch {
    return NaN;
  }
}

/**
 * CPU time (clock ticks) of the whole machine and of the processes this bench runs on: the server's
 * process group, the database, this load generator, and redis-server (which serves our limiter).
 */
function cpuSnapshot() {
  try {
    const n = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const total = n.reduce((a, b) => a + b, 0);
    const busy = total - n[3] - (n[4] ?? 0);
    let bench = 0;
    const serverGroup = running.server?.child.pid;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue;
      }
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const fields = stat.slice(close + 2).split(" "); // fields[0] is field 3 (state)
      const pid = Number(entry);
      const pgrp = Number(fields[2]);
      const ours = pid === process.pid || pid === running.db?.pid || (serverGroup && pgrp === serverGroup) || comm === "redis-server";
      if (ours) bench += Number(fields[11]) + Number(fields[12]); // utime + stime
    }
    return { total, busy, bench };
  } catch {
    return null;
  }
}

function checkBuild() {
  const file = join(ROOT, DIST_DIR, "BUILD_ID");
  if (!existsSync(file)) {
    console.error(
      `No production build: ${DIST_DIR}/BUILD_ID is missing.\n` +
        `Build first, then run the bench:\n\n  ${COMMAND}\n`,
    );
    process.exit(1);
  }
  return { id: readFileSync(file, "utf8").trim(), builtAt: statSync(file).mtime.toISOString() };
}

// ---------------------------------------------------------------------------------------------
// What the bench starts, and stops in `cleanup`

const running = { db: null, sink: null, server: null, seeded: null };

function startSink() {
  const { SMTPServer } = smtpServer;
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    onAuth: (auth, _session, cb) => cb(null, { user: auth.username ?? "bench" }),
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 500,
    onData(stream, _session, cb) {
      stream.on("end", () => cb());
      stream.resume(); // accept and discard
    },
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", fail);
      server.on("error", () => {});
      ok({ port: server.server.address().port, stop: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

async function startServer(env, port) {
  const bin = join(ROOT, "node_modules", ".bin", "next");
  // Its own process group, so stopping it also stops any child next start forks.
  const child = spawn(bin, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = [];
  const keep = (chunk) => {
    const text = chunk.toString();
    server.redisTimeouts += (text.match(/Command timed out/g) ?? []).length;
    output.push(text);
    if (output.length > 500) output.shift();
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })));
  const server = {
    child,
    output,
    redisTimeouts: 0,
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
  running.server = server;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}:\n${output.join("")}`);
    const r = await request(undefined, port, { method: "GET", path: "/api/health" });
    if (r.status === 200) return server;
    if (Date.now() > deadline) throw new Error(`/api/health did not answer 200 within 60 s (last: ${r.status} ${r.error ?? ""}):\n${output.join("")}`);
    await sleep(250);
  }
}

async function cleanup() {
  const steps = [
    ["server", () => running.server?.stop()],
    ["seeded users", () => running.seeded?.()],
    ["database", () => running.db?.stop()],
    ["SMTP sink", () => running.sink?.stop()],
  ];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (err) {
      log(`could not stop the ${name}: ${err.message}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding

async function seedUsers(uri) {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  await client.connect();
  const users = client.db("bench").collection("users");
  const password_hash = await bcrypt.hash(PASSWORD, BCRYPT_COST); // one hash, reused by every user
  const emails = [];
  const now = new Date();
  for (let start = 0; start < SEED_USERS; start += 1000) {
    const docs = [];
    for (let i = start; i < Math.min(SEED_USERS, start + 1000); i++) {
      const email = `bench-${RUN}-${i}@example.test`;
      emails.push(email);
      docs.push({ _id: new ObjectId(), email, emailVerified: now, password_hash, favorites: [], created_at: now });
    }
    await users.insertMany(docs, { ordered: false });
  }
  return {
    emails,
    async remove() {
      await users.deleteMany({ email: { $regex: `^bench-${RUN}-` } });
    },
    close: () => client.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// Load

function request(agent, port, { method, path, headers = {}, body }) {
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
    req.setTimeout(30_000, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.end(body);
  });
}

function newStats(name) {
  return { name, samples: [], statuses: new Map(), warmupErrors: new Map(), windowStart: 0, windowEnd: 0, completed: 0 };
}

/** Latency and status: requests that started in the window. Throughput: answers that arrived in it. */
function record(stats, r) {
  const end = r.start + r.ms;
  const key = r.status === 0 ? `net:${r.error}` : String(r.status);
  if (end >= stats.windowStart && end <= stats.windowEnd) stats.completed += 1;
  if (r.start < stats.windowStart) {
    // Warm-up: not measured, but a failure there is still reported.
    if (!/^2\d\d$/.test(key)) stats.warmupErrors.set(key, (stats.warmupErrors.get(key) ?? 0) + 1);
    return;
  }
  if (r.start >= stats.windowEnd) return;
  stats.samples.push(r.ms);
  stats.statuses.set(key, (stats.statuses.get(key) ?? 0) + 1);
}

/**
 * `clients` loops, each sending one request and awaiting the answer before the next, until the
 * window [measureFrom, end) is over; only the window is measured (before it: warm-up).
 */
async function runClients({ clients, send, stats, measureFrom, end, stop }) {
  stats.windowStart = measureFrom;
  stats.windowEnd = end;
  const timer = setTimeout(() => (stats.cpuStart = cpuSnapshot()), Math.max(0, measureFrom - performance.now()));
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < end && !stop()) {
        const r = await send(client);
        if (!r) break;
        record(stats, r);
      }
    }),
  );
  clearTimeout(timer);
  stats.cpuEnd = cpuSnapshot();
}

function summarize(stats) {
  const sorted = Float64Array.from(stats.samples).sort();
  const n = sorted.length;
  const pct = (p) => (n ? sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] : NaN);
  const seconds = (stats.windowEnd - stats.windowStart) / 1000;
  const errors = [...stats.statuses].filter(([s]) => !/^2\d\d$/.test(s));
  const a = stats.cpuStart;
  const b = stats.cpuEnd;
  const dt = a && b ? b.total - a.total : 0;
  const cpuBench = dt > 0 ? (100 * (b.bench - a.bench)) / dt : NaN;
  const cpuOther = dt > 0 ? Math.max(0, (100 * (b.busy - a.busy)) / dt - cpuBench) : NaN;
  return {
    name: stats.name,
    n,
    cpuBench,
    cpuOther,
    rps: stats.completed / seconds,
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    max: n ? sorted[n - 1] : NaN,
    errors: errors.length ? errors.map(([s, c]) => `${c}× ${s}`).join(", ") : "0",
    errorCount: errors.reduce((a, [, c]) => a + c, 0),
    count429: (stats.statuses.get("429") ?? 0) + (stats.warmupErrors.get("429") ?? 0),
    warmupErrors: [...stats.warmupErrors].map(([s, c]) => `${c}× ${s}`).join(", "),
    warmupErrorCount: [...stats.warmupErrors].reduce((a, [, c]) => a + c, 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const build = checkBuild();
  const machine = machineInfo();
  const loadBefore = loadavg().map((l) => l.toFixed(2)).join(" ");
  const busyBefore = await cpuBusy(3_000);
  log(`build ${build.id} (${build.builtAt}); run id ${RUN}${QUICK ? " (quick)" : ""}`);

  // One bcryptjs compare at cost 10 on this CPU, measured here while nothing else of ours runs.
  const probeHash = await bcrypt.hash(PASSWORD, BCRYPT_COST);
  const probe = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await bcrypt.compare(PASSWORD, probeHash);
    probe.push(performance.now() - t);
  }
  const compareMs = Math.min(...probe); // the fastest of 5: the CPU cost with the least interference

  let uri = process.env.MONGODB_URI;
  if (!uri) {
    running.db = await startLocalDb({ mode: "test" });
    uri = running.db.uri;
    log(`${running.db.kind} on ${uri}`);
  } else {
    log(`using MONGODB_URI from the environment (database "bench")`);
  }
  running.sink = await startSink();

  const port = await freePort();
  const env = {
    ...process.env,
    MONGODB_URI: uri,
    MONGODB_DB: "bench",
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    APP_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: `smtp://bench:bench@127.0.0.1:${running.sink.port}`,
    REDIS_URL,
    TRUSTED_PROXY_HEADER: "x-forwarded-for",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const tStart = performance.now();
  await startServer(env, port);
  log(`next start on :${port} healthy after ${Math.round(performance.now() - tStart)} ms`);

  const seed = await seedUsers(uri);
  // A throwaway FerretDB is deleted whole; a configured database gets its bench users removed.
  running.seeded = async () => {
    if (process.env.MONGODB_URI) await seed.remove();
    await seed.close();
  };
  log(`seeded ${seed.emails.length} verified users`);

  // Distinct client addresses: a random 10.x.y.z base, then consecutive addresses.
  let ipCounter = randomInt(0, 1 << 23);
  const nextIp = () => {
    const n = (ipCounter++ % (1 << 24)) >>> 0;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };
  let loginCounter = 0;
  const tokens = [];
  let loginBudgetExceeded = false;

  const login = (agent) => async () => {
    if (loginCounter >= seed.emails.length * MAX_USES_PER_EMAIL) {
      loginBudgetExceeded = true; // an email would be used a 5th time: stop rather than meet the limit
      return null;
    }
    const i = loginCounter++;
    const email = seed.emails[i % seed.emails.length];
    const r = await request(agent, port, {
      method: "POST",
      path: "/api/v1/auth/login",
      headers: { "content-type": "application/json", "x-forwarded-for": nextIp() },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (r.status === 200 && tokens.length < 256) tokens.push(JSON.parse(r.body).access_token);
    return r;
  };
  const newAgent = () => new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 4 });
  const phaseWindow = (warm, secs) => {
    const measureFrom = performance.now() + warm * 1000;
    const end = measureFrom + secs * 1000;
    return { measureFrom, end, stop: () => loginBudgetExceeded };
  };

  // (a) login
  log(`(a) login: ${SECONDS.loginWarm} s warm-up + ${SECONDS.login} s at ${CLIENTS} clients`);
  let agent = newAgent();
  const loginStats = newStats("POST /api/v1/auth/login");
  await runClients({ clients: CLIENTS, send: login(agent), stats: loginStats, ...phaseWindow(SECONDS.loginWarm, SECONDS.login) });
  agent.destroy();
  if (tokens.length < CLIENTS) throw new Error(`only ${tokens.length} logins succeeded; cannot run /me`);

  // (b) /me with tokens from the logins above
  log(`(b) /me: ${SECONDS.meWarm} s warm-up + ${SECONDS.me} s at ${CLIENTS} clients (${tokens.length} tokens)`);
  agent = newAgent();
  const meStats = newStats("GET /api/v1/auth/me");
  let meCounter = 0;
  const me = async () =>
    request(agent, port, {
      method: "GET",
      path: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${tokens[meCounter++ % tokens.length]}` },
    });
  await runClients({ clients: CLIENTS, send: me, stats: meStats, ...phaseWindow(SECONDS.meWarm, SECONDS.me) });
  agent.destroy();

  // (c) /api/health alone, then under login load
  log(`(c) /api/health: ${SECONDS.health} s alone, then ${SECONDS.health} s beside ${CLIENTS} login clients`);
  const health = (a) => async () => request(a, port, { method: "GET", path: "/api/health" });
  agent = newAgent();
  const healthIdle = newStats("GET /api/health, alone (1 client)");
  await runClients({ clients: 1, send: health(agent), stats: healthIdle, ...phaseWindow(SECONDS.healthWarm, SECONDS.health) });
  agent.destroy();

  const loadAgent = newAgent();
  const probeAgent = newAgent();
  const healthLoaded = newStats(`GET /api/health, 1 client beside ${CLIENTS} login clients`);
  const loginLoaded = newStats(`POST /api/v1/auth/login, ${CLIENTS} clients beside the health client`);
  const loadWindow = phaseWindow(SECONDS.loginWarm, SECONDS.health);
  await Promise.all([
    runClients({ clients: CLIENTS, send: login(loadAgent), stats: loginLoaded, ...loadWindow }),
    runClients({ clients: 1, send: health(probeAgent), stats: healthLoaded, ...loadWindow }),
  ]);
  loadAgent.destroy();
  probeAgent.destroy();
  if (loginBudgetExceeded) throw new Error(`more than ${MAX_USES_PER_EMAIL} logins per seeded email would be needed: raise SEED_USERS`);

  const rows = [loginStats, meStats, healthIdle, healthLoaded, loginLoaded].map(summarize);
  const maxUses = Math.ceil(loginCounter / seed.emails.length);
  const loadAfter = loadavg().map((l) => l.toFixed(2)).join(" ");
  const serverLog = running.server.output.join("");
  const redisTimeouts = running.server.redisTimeouts;
  return { rows, machine, build, loadBefore, loadAfter, busyBefore, redisTimeouts, compareMs, logins: loginCounter, maxUses, seeded: seed.emails.length, serverLog };
}

// ---------------------------------------------------------------------------------------------
// Report

const f = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : "–");

function table(rows) {
  const head =
    "| phase | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx / errors | CPU % bench / other |\n" +
    "|---|--:|--:|--:|--:|--:|--:|---|--:|";
  const cpu = (r) => (Number.isFinite(r.cpuBench) ? `${Math.round(r.cpuBench)} / ${Math.round(r.cpuOther)}` : "–");
  return [
    head,
    ...rows.map((r) => `| ${r.name} | ${r.n} | ${f(r.rps)} | ${f(r.p50)} | ${f(r.p90)} | ${f(r.p99)} | ${f(r.max)} | ${r.errors} | ${cpu(r)} |`),
  ].join("\n");
}

function interpretation({ rows, compareMs, redisTimeouts, machine }) {
  const [login, me, idle, loaded] = rows;
  const perThread = 1000 / compareMs;
  // More logins per second than one thread can hash: the server hashes on several threads.
  const oneThread = login.rps <= 1.1 * perThread;
  const cpu = Number.isFinite(login.cpuBench) ? `; the bench's processes used ${Math.round(login.cpuBench)}% of the ${machine.nproc}-core machine meanwhile` : "";
  const s = [];
  s.push(
    `Login serves ${f(login.rps)} req/s (p50 ${f(login.p50)} ms). One bcryptjs compare at cost 10 takes ${f(compareMs)} ms on ` +
      `this CPU (fastest of 5, in the bench process), so one thread hashes at most ~${f(perThread)} logins/s; the login rate is ` +
      `${Math.round((100 * login.rps) / perThread)}% of that${cpu}. ` +
      (login.cpuOther > 30
        ? `Other processes used ${Math.round(login.cpuOther)}% of the machine during this phase, so the rate mostly reflects the ` +
          `CPU left to the bench, not the server's capacity; rerun on a quiet machine for that. `
        : oneThread
        ? `Login is bounded by bcrypt on one thread — bcryptjs is pure JavaScript, and where it runs on the event loop the other ` +
          `core cannot help — with the rest of each request (two Redis limiter calls, the user lookup, signing the token) and ` +
          `other processes taking the remainder. `
        : `The server hashes on more than one thread, so login is bounded by the machine's cores rather than by one thread. `) +
      `The ${CLIENTS} clients wait in the queue: ${CLIENTS} ÷ ${f(login.rps)} req/s ≈ ${f((CLIENTS / login.rps) * 1000)} ms.`,
  );
  s.push(
    `GET /me (verify the HS256 token, read the user by _id) serves ${f(me.rps)} req/s, ${f(me.rps / login.rps)}× login: ` +
      `signing in, not using a token, is the expensive step.`,
  );
  const degraded = loaded.p50 > 5 * Math.max(idle.p50, 1);
  s.push(
    `/api/health (one database ping) answers in p50 ${f(idle.p50)} / p99 ${f(idle.p99)} ms alone and p50 ${f(loaded.p50)} / ` +
      `p99 ${f(loaded.p99)} ms (${loaded.n} samples) while ${CLIENTS} logins run: ` +
      (!degraded
        ? `the event loop keeps serving other requests while logins are hashed (p50 ×${f(loaded.p50 / idle.p50)}, p99 ×${f(loaded.p99 / idle.p99)}).`
        : oneThread
          ? `the event loop is blocked by the hashing. bcryptjs's async API yields only after 100 ms slices (MAX_EXECUTION_TIME), ` +
            `longer than a whole cost-10 compare here, so each compare runs as one setImmediate task and one turn of the loop can ` +
            `run up to ${CLIENTS} of them (~${f(CLIENTS * compareMs)} ms) before it reads another socket; every request on the ` +
            `instance waits while logins are queued.`
          : `other requests are slowed while logins run, though hashing is spread over threads: the event loop competes with ` +
            `the hashing threads for ${machine.nproc} cores.`),
  );
  const errs = rows.reduce((a, r) => a + r.errorCount + r.warmupErrorCount, 0);
  const count429 = rows.reduce((a, r) => a + r.count429, 0);
  if (errs === 0) {
    s.push(
      `No request failed and none was rate-limited (0× 429): each login came from its own X-Forwarded-For address and no email was used more than ${MAX_USES_PER_EMAIL} times.`,
    );
  } else {
    s.push(
      `${errs} requests failed, warm-ups included (${count429} of them 429s)` +
        (redisTimeouts > 0
          ? `; the server logged ${redisTimeouts}× "Command timed out" from the rate limiter's Redis client: its 1 s command timeout ` +
            `fires when the event loop is held up for longer than that, even if Redis answered in time, and the limiter fails closed with a 500.`
          : "."),
    );
  }
  return s;
}

const SECTION = "## Auth load (issue 3)";

/** Replaces this bench's section of bench/RESULTS.md (or appends it); other benches' sections are kept. */
function writeSection(markdown) {
  const file = join(ROOT, "bench", "RESULTS.md");
  const text = existsSync(file)
    ? readFileSync(file, "utf8")
    : "# Benchmarks\n\nRun by hand; numbers depend on the machine. Each section says how it was produced.\n";
  const start = text.indexOf(SECTION);
  let next;
  if (start < 0) next = `${text.trimEnd()}\n\n${markdown}`;
  else {
    const after = text.indexOf("\n## ", start + SECTION.length);
    next = `${text.slice(0, start)}${markdown}${after < 0 ? "" : `\n${text.slice(after + 1)}`}`;
  }
  writeFileSync(file, next.endsWith("\n") ? next : `${next}\n`);
}

function resultsMarkdown(result) {
  const { machine, build, loadBefore, loadAfter, busyBefore, logins, maxUses, seeded } = result;
  const warmup = result.rows.filter((r) => r.warmupErrorCount > 0).map((r) => `${r.name}: ${r.warmupErrors}`);
  return `${SECTION}

\`bench/auth-load.mjs\`: the production build (\`next start\`, NODE_ENV=production) on a local FerretDB
v1.24.2 (SQLite), rate limits in Redis at 127.0.0.1:6379 (on, 5/min per IP and per email), ${CLIENTS}
concurrent keep-alive clients (\`node:http\`) on the same machine, each sending its next request as soon as
the previous one is answered. Phases: (a) login ${SECONDS.login} s, (b) \`/me\` ${SECONDS.me} s with bearer tokens
from those logins, (c) \`/api/health\` from one client for ${SECONDS.health} s alone, then for ${SECONDS.health} s beside ${CLIENTS}
login clients (the last row is that login load). Each phase has an unmeasured warm-up (${SECONDS.loginWarm} s for login,
${SECONDS.meWarm} s for \`/me\`, ${SECONDS.healthWarm} s for health alone). req/s = answers received in the measured window ÷ its
length; latencies (client-side, ms) are over the requests started in the window, percentiles by nearest rank. The last
column is the share of the whole machine (${machine.nproc} cores = 100 %) used during the window by the bench's own processes
(next-server, FerretDB, redis-server, the load generator) and by everything else on the machine.

${table(result.rows)}

${interpretation(result).join(" ")}

- **Date:** ${machine.date}
- **Command:** \`${COMMAND}\`
- **Machine:** nproc ${machine.nproc}; CPU ${machine.cpu}; Node ${machine.node}; load average (1/5/15 min) ${loadBefore} before the run, ${loadAfter} after;
  other processes kept ${busyBefore}% of the CPU busy in the 3 s before the run (the load generator shares the machine too)
- **Build:** \`${DIST_DIR}/BUILD_ID\` ${build.id}, built ${build.builtAt}, from commit ${machine.commit}${machine.dirty ? " plus uncommitted changes in the working tree" : ""}
- **Failures during the unmeasured warm-ups:** ${warmup.length ? warmup.join("; ") : "none"}
- **Data:** ${seeded} verified users seeded directly (one shared bcrypt hash, cost 10); ${logins} logins in all, each from a distinct
  10.x.y.z address in \`X-Forwarded-For\` (\`TRUSTED_PROXY_HEADER=x-forwarded-for\`), each email used at most ${maxUses}×.
- **Left behind:** the limiter's Redis keys \`invyta:rl:login-ip:*\` and \`invyta:rl:login-email:*\`, which expire on their own
  within about two minutes; the server, FerretDB (and its temporary data) and the SMTP sink are stopped/removed.

\`free -h\`:

\`\`\`
${machine.free}
\`\`\`
`;
}

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
  const result = await main();
  const out = table(result.rows);
  console.log(`\n${out}\n\n${interpretation(result).join("\n\n")}\n`);
  if (!QUICK) {
    writeSection(resultsMarkdown(result));
    mkdirSync(join(ROOT, "bench", ".out"), { recursive: true });
    writeFileSync(join(ROOT, "bench", ".out", "auth-load-server.log"), result.serverLog);
    log(`wrote the "${SECTION.slice(3)}" section of bench/RESULTS.md (server log in bench/.out/auth-load-server.log)`);
  }
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
