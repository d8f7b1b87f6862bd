// Memory under a long mixed load (issue 11, item 11): does the production server's RSS stay bounded,
// and does it come back down when the load stops? "## Memory soak (issue 11)" in bench/RESULTS.md.
//
//   node bench/soak-memory.mjs --label after
//   SOAK_MINUTES=2 node bench/soak-memory.mjs --skip-build --no-write      (a short investigation run)
//
// Builds (production) this checkout into .next-soak and the bare app (bench/bare-next) into its own
// folder, then:
//   1. the bare app alone under a comparable read load (its JSON route and its page, the same
//      clients) for SOAK_BARE_MINUTES (default 3): RSS idle → peak → idle after;
//   2. Invyta (FerretDB, an SMTP sink, `next start`): seeds users and events, signs everyone in,
//      warms every route once, then SOAK_MINUTES (default 10) of SOAK_CLIENTS (default 12) closed-loop
//      clients, each request drawn from a fixed mix: anonymous event page, event JSON, join page and
//      discover; signed-in /api/v1/auth/me and recommendations; joins, RSVPs, event creation, photo
//      uploads (JPEG, re-encoded with a WebP preview by sharp) and their downloads;
//   3. both: a forced full GC, SOAK_REST_SECONDS (default 60) of rest, the RSS again, another GC and
//      the V8 heap.
// The RSS is the server's process group's (every process `next start` runs, from /proc), sampled every
// SOAK_SAMPLE_SECONDS (default 5) together with the V8 heap. The heap comes from bench/soak-preload.mjs,
// loaded with NODE_OPTIONS="--expose-gc --import …": on SIGUSR2 it reads a command, forces a GC when
// asked, writes a heap snapshot when asked, and answers with process.memoryUsage() and
// v8.getHeapStatistics(). SOAK_SNAPSHOTS=1 writes heap snapshots before and after the soak to
// bench/.out/soak/ (compare them with bench/heap-diff.mjs); they are taken after the RSS readings,
// since writing one grows the process.
//
// Each run's summary is kept under its --label in bench/soak-memory-runs.json (committed, so a
// "before" run stays for the "after" one) and the RESULTS.md section shows every label. The servers
// run with MALLOC_ARENA_MAX=2, as `npm start` starts Invyta (lib/malloc-arenas.ts says why);
// `--arenas default` leaves glibc's default, the setting the memory grew under. Other settings in
// the environment reach the servers too (UV_THREADPOOL_SIZE, say); the report names them.
// SOAK_NO_PHOTOS=1 leaves photo uploads and downloads out of the mix.
//
// Options: --label NAME (default "after"), --note TEXT (shown beside the label), --arenas N|default
// (default 2), --skip-build (reuse both builds), --no-write (print and keep
// bench/.out/soak-memory-<label>.json only), --no-bare (skip the bare app), --render-only (no run:
// rewrite the RESULTS.md section from bench/soak-memory-runs.json, the run --label names as the latest).
import { randomBytes, randomInt } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import sharp from "sharp";
import {
  BARE,
  ROOT,
  apiRequest,
  buildBareNext,
  checkBuild,
  clientAddresses,
  connectMongo,
  fmt,
  freeBlock,
  freePort,
  groupMembers,
  installedVersion,
  keepAliveAgent,
  loadAverage,
  log,
  machineInfo,
  nextBuild,
  parseJson,
  request,
  runBench,
  sleep,
  startServer,
  startStack,
  statusKey,
  waitUntilHealthy,
  writeOut,
  writeResultsSection,
} from "./lib.mjs";
import { RSVP_CYCLE, bump, createEvents, seedUsers, signIn } from "./events-workload.mjs";

const { values: opts } = parseArgs({
  options: {
    label: { type: "string", default: "after" },
    "skip-build": { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
    "no-bare": { type: "boolean", default: false },
    arenas: { type: "string", default: "2" },
    note: { type: "string" },
    "render-only": { type: "boolean", default: false },
  },
});
const numberEnv = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${v}"`);
  return n;
};
const MINUTES = numberEnv("SOAK_MINUTES", 10);
const BARE_MINUTES = numberEnv("SOAK_BARE_MINUTES", Math.min(3, MINUTES));
const CLIENTS = numberEnv("SOAK_CLIENTS", 12);
const SAMPLE_MS = numberEnv("SOAK_SAMPLE_SECONDS", 5) * 1000;
const REST_MS = numberEnv("SOAK_REST_SECONDS", 60) * 1000;
const SNAPSHOTS = process.env.SOAK_SNAPSHOTS === "1";
const NO_PHOTOS = process.env.SOAK_NO_PHOTOS === "1";
const DIST = ".next-soak";
const DB_NAME = "bench_soak";
const RUN = randomBytes(3).toString("hex");
const HOSTS = 8;
const GUESTS = 192;
const EVENTS = 400;
const TAGS = ["music", "food", "tech", "hiking", "art", "sports", "books", "film"];
const PRELOAD = join(ROOT, "bench", "soak-preload.mjs");
const CONTROL_DIR = join(ROOT, "bench", ".out", "soak");
const RUNS_FILE = join(ROOT, "bench", "soak-memory-runs.json");
const SECTION = "## Memory soak (issue 11)";
/** Settings in the environment that change how the server uses memory: named in the report. */
/**
 * The servers' MALLOC_ARENA_MAX: 2 by default, as `npm start` (scripts/with-db.mjs) sets it; "default"
 * leaves glibc's own (8 arenas per core), the setting the memory grew under (lib/malloc-arenas.ts).
 */
if (!(opts.arenas === "default" || /^[1-9]\d*$/.test(opts.arenas))) throw new Error(`--arenas must be a number or "default", not "${opts.arenas}"`);
const ARENAS = opts.arenas === "default" ? null : opts.arenas;
const MEMORY_KNOBS = ["SOAK_NO_PHOTOS", "MALLOC_TRIM_THRESHOLD_", "UV_THREADPOOL_SIZE", "VIPS_CONCURRENCY", "NODE_OPTIONS"];
const SOAK_SETTINGS = ["SOAK_MINUTES", "SOAK_BARE_MINUTES", "SOAK_CLIENTS", "SOAK_SAMPLE_SECONDS", "SOAK_REST_SECONDS", "SOAK_SNAPSHOTS"];
const COMMAND = [
  `cd ${ROOT} &&`,
  ...[...SOAK_SETTINGS, ...MEMORY_KNOBS].filter((k) => process.env[k]).map((k) => `${k}=${process.env[k]}`),
  `node bench/soak-memory.mjs --label ${JSON.stringify(opts.label)}`,
  ...(opts.arenas === "2" ? [] : [`--arenas ${opts.arenas}`]),
  ...(opts.note ? [`--note ${JSON.stringify(opts.note)}`] : []),
  ...["skip-build", "no-bare", "no-write"].filter((f) => opts[f]).map((f) => `--${f}`),
].join(" ");

/**
 * The mix: each request a client sends is one of these, drawn with these weights (out of 100).
 * Reads dominate, as on a real site; every kind of write the app has is there.
 */
const PHOTO_KINDS = ["photo upload", "photo download", "preview download"];
const MIX = [
  ["event page (anonymous)", 17],
  ["event JSON (anonymous)", 13],
  ["join page (anonymous)", 7],
  ["discover (anonymous)", 8],
  ["/api/v1/auth/me", 12],
  ["recommendations", 8],
  ["join", 10],
  ["rsvp", 10],
  ["create event", 4],
  ["photo upload", 2],
  ["photo download", 6],
  ["preview download", 3],
].filter(([kind]) => !(NO_PHOTOS && PHOTO_KINDS.includes(kind))); // SOAK_NO_PHOTOS=1: is it the images?
const MIX_TOTAL = MIX.reduce((a, [, w]) => a + w, 0);

const running = { db: null, sink: null, server: null, bare: null, mongo: null };

// ---------------------------------------------------------------------------------------------
// Memory: /proc for the RSS, the preload for the heap

/** VmRSS (bytes) of a process, or null when it is gone. */
function rssOf(pid) {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : 0; // a zombie has no VmRSS
  } catch {
    return null;
  }
}

/** RSS of the whole group (what the machine gives `next start`) and of its biggest process (the server). */
function groupRss(pgid) {
  let total = 0;
  let biggest = 0;
  const members = groupMembers(pgid);
  for (const m of members) {
    const rss = rssOf(m.pid) ?? 0;
    total += rss;
    biggest = Math.max(biggest, rss);
  }
  return { total, server: biggest, processes: members.length };
}

/** The process of the group that serves requests: the one titled next-server, else the biggest. */
function serverPid(pgid) {
  const members = groupMembers(pgid);
  const named = members.find((m) => /next-server/.test(m.cmdline));
  return (named ?? members.sort((a, b) => (rssOf(b.pid) ?? 0) - (rssOf(a.pid) ?? 0))[0])?.pid ?? pgid;
}

let commandId = 0;
/** One probe at a time: they share command.json, and two signals sent close together may arrive as one. */
let probeQueue = Promise.resolve();

/** Asks the preload in `pid` for its heap figures (after a full GC when `gc`; a heap snapshot named `snapshot`). */
function probeHeap(pid, options) {
  const next = probeQueue.then(() => probeOnce(pid, options));
  probeQueue = next.catch(() => {});
  return next;
}

async function probeOnce(pid, { gc = false, snapshot = null, timeoutMs = 120_000 } = {}) {
  const id = `${process.pid}-${++commandId}`;
  const answerFile = join(CONTROL_DIR, `answer-${id}.json`);
  writeFileSync(join(CONTROL_DIR, "command.json"), JSON.stringify({ id, gc, snapshot }));
  process.kill(pid, "SIGUSR2");
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(answerFile)) {
    if (Date.now() > deadline) throw new Error(`the server (pid ${pid}) did not answer the heap probe within ${timeoutMs / 1000} s: is ${PRELOAD} loaded?`);
    await sleep(50);
  }
  const answer = JSON.parse(readFileSync(answerFile, "utf8"));
  rmSync(answerFile, { force: true });
  if (answer.error) throw new Error(`heap probe failed in the server: ${answer.error}`);
  if (gc && !answer.gc) throw new Error("the server has no global.gc: --expose-gc did not reach it");
  return answer;
}

/** One point of the curve: seconds since `t0`, the group's RSS, and the heap as it is (no GC). */
async function samplePoint(pgid, pid, t0, requests) {
  const rss = groupRss(pgid);
  const h = await probeHeap(pid).catch(() => null);
  return {
    t: (performance.now() - t0) / 1000,
    rss: rss.total,
    serverRss: rss.server,
    processes: rss.processes,
    heapUsed: h?.memory.heapUsed ?? null,
    heapTotal: h?.memory.heapTotal ?? null,
    external: h?.memory.external ?? null,
    arrayBuffers: h?.memory.arrayBuffers ?? null,
    requests: requests(),
  };
}

/** Samples every SAMPLE_MS until `stop()`; `points` grows as it goes. */
function startSampling(pgid, pid, t0, requests) {
  const points = [];
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      points.push(await samplePoint(pgid, pid, t0, requests));
      const wait = performance.now() + SAMPLE_MS;
      while (!stopped && performance.now() < wait) await sleep(100);
    }
  })();
  return {
    points,
    async stop() {
      stopped = true;
      await done;
      return points;
    },
  };
}

/** After a full GC: the group's RSS and the heap; with `snapshot`, a heap snapshot taken last (writing it grows the process). */
async function settledMemory(pgid, pid, snapshot) {
  const heap = await probeHeap(pid, { gc: true });
  await sleep(2_000); // let freed pages go back (glibc trims on free; madvise is lazy)
  const rss = groupRss(pgid);
  const snap = snapshot ? await probeHeap(pid, { snapshot }) : null;
  return {
    rss: rss.total,
    serverRss: rss.server,
    heapUsed: heap.memory.heapUsed,
    heapTotal: heap.memory.heapTotal,
    external: heap.memory.external,
    arrayBuffers: heap.memory.arrayBuffers,
    mallocedMemory: heap.heap.malloced_memory,
    snapshot: snap?.snapshot ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// The workload

/** A few photos (JPEG, noisy enough that the encoder has work), made once with sharp here. */
async function makePhotos() {
  const sizes = [
    [1600, 1200],
    [1200, 1600],
    [2048, 1536],
    [800, 600],
  ];
  return Promise.all(
    sizes.map(async ([width, height], i) => {
      const raw = Buffer.alloc(width * height * 3);
      for (let p = 0; p < raw.length; p += 3) {
        const x = (p / 3) % width;
        const y = Math.floor(p / 3 / width);
        raw[p] = (x * 255) / width + randomInt(0, 24);
        raw[p + 1] = (y * 255) / height + randomInt(0, 24);
        raw[p + 2] = ((x + y + i * 50) % 256) ^ randomInt(0, 16);
      }
      return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
    }),
  );
}

/** POSTs `bytes` as the multipart field `file` (a small photo: sent from memory). */
function uploadPhoto(agent, port, path, token, bytes, name) {
  const boundary = `----soak${randomBytes(8).toString("hex")}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request(
      { host: "127.0.0.1", port, method: "POST", path, agent, headers: { authorization: `Bearer ${token}`, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": body.length } },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8"), start: t0, ms: performance.now() - t0 }));
      },
    );
    req.on("error", (err) => resolve({ status: 0, error: err.code ?? err.message, start: t0, ms: performance.now() - t0 }));
    req.setTimeout(60_000, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.end(body);
  });
}

/** A download whose body is counted and dropped (a photo is a few hundred KB). */
function fetchBytes(agent, port, path, token) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request({ host: "127.0.0.1", port, path, agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on("data", (c) => (bytes += c.length));
      res.on("end", () => resolve({ status: res.statusCode, bytes, start: t0, ms: performance.now() - t0 }));
    });
    req.on("error", (err) => resolve({ status: 0, error: err.code ?? err.message, start: t0, ms: performance.now() - t0 }));
    req.setTimeout(60_000, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.end();
  });
}

const pick = (list) => list[randomInt(0, list.length)];

/**
 * The senders of the mix over the seeded world (`world`: hosts, guests, events with invite tokens,
 * memberships, photos): each takes the agent and answers a `request` result. State they change
 * (memberships, uploaded photos, created events) is shared by all clients.
 */
function mixSenders(port, world, ips) {
  const { hosts, guests, events, memberships, photos, uploaded } = world;
  const call = (agent, method, path, options) => apiRequest(agent, port, method, path, options);
  let joinCursor = 0;
  let created = 0;
  return {
    "event page (anonymous)": (a) => request(a, port, { path: `/events/${pick(events).id}` }),
    "event JSON (anonymous)": (a) => request(a, port, { path: `/api/v1/events/${pick(events).id}` }),
    "join page (anonymous)": (a) => {
      const e = pick(events);
      return request(a, port, { path: `/events/join?${new URLSearchParams({ event_id: e.id, token: e.token })}`, headers: { "x-forwarded-for": ips.next() } });
    },
    "discover (anonymous)": (a) => {
      const variants = ["/discover", `/discover?tag=${pick(TAGS)}`, `/discover?q=bench+${pick(TAGS)}`, "/discover?sort=newest"];
      return request(a, port, { path: pick(variants) });
    },
    "/api/v1/auth/me": (a) => call(a, "GET", "/api/v1/auth/me", { token: pick(guests).token }),
    recommendations: (a) => call(a, "GET", "/api/v1/recommendations?limit=10", { token: pick(guests).token }),
    async join(a) {
      // Guest k mod G on event (k mod G + ⌊k/G⌋) mod E: no pair twice.
      const k = joinCursor++;
      const guest = guests[k % guests.length];
      const event = events[((k % guests.length) + Math.floor(k / guests.length)) % events.length];
      const r = await call(a, "POST", "/api/v1/events/join", { token: guest.token, body: { event_id: event.id, token: event.token }, ip: ips.next() });
      if (r.status === 200) memberships.push({ guest, event, status: parseJson(r.body)?.rsvp_status });
      return r;
    },
    async rsvp(a) {
      if (memberships.length === 0) return call(a, "GET", "/api/v1/auth/me", { token: pick(guests).token });
      const m = pick(memberships);
      const r = await call(a, "POST", `/api/v1/events/${m.event.id}/rsvp`, { token: m.guest.token, body: { rsvp_status: RSVP_CYCLE[m.status] ?? "maybe" } });
      if (r.status === 200) m.status = parseJson(r.body)?.rsvp_status ?? m.status;
      return r;
    },
    async "create event"(a) {
      const i = created++;
      const starts = new Date(Date.now() + (20 + (i % 60)) * 86_400_000);
      const body = {
        title: `Soak event ${RUN} ${i}`,
        description: "Created during the memory soak.",
        starts_at: starts.toISOString(),
        ends_at: new Date(starts.getTime() + 2 * 3_600_000).toISOString(),
        timezone: "Europe/Berlin",
        location: "Soak Hall",
        max_people: i % 2 ? 40 : null,
        is_private: i % 4 === 0,
        tags: [pick(TAGS), pick(TAGS)],
      };
      return call(a, "POST", "/api/v1/events", { token: pick(hosts).token, body });
    },
    async "photo upload"(a) {
      const host = pick(hosts);
      const event = host.ownEvent;
      const r = await uploadPhoto(a, port, `/api/v1/events/${event.id}/media`, host.token, pick(photos), `photo-${randomInt(1e6)}.jpg`);
      if (r.status === 201) uploaded.push({ host, event, fileId: parseJson(r.body)?.file_id });
      return r;
    },
    "photo download": (a) => {
      const u = pick(uploaded);
      return fetchBytes(a, port, `/api/v1/events/${u.event.id}/media/${u.fileId}`, u.host.token);
    },
    "preview download": (a) => {
      const u = pick(uploaded);
      return fetchBytes(a, port, `/api/v1/events/${u.event.id}/media/${u.fileId}/preview`, u.host.token);
    },
  };
}

/** Which kind of request comes next: a weighted draw from MIX. */
function drawKind() {
  let x = randomInt(0, MIX_TOTAL);
  for (const [kind, w] of MIX) {
    if (x < w) return kind;
    x -= w;
  }
  return MIX[0][0];
}

/** `clients` closed-loop clients until `endAt` (performance.now()), each request drawn by `draw`; per-kind counts and statuses. */
async function runLoad({ clients, endAt, draw, senders }) {
  const agent = keepAliveAgent(clients + 4);
  const byKind = {};
  let total = 0;
  let failed = 0;
  const firstErrors = {};
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < endAt) {
        const kind = draw();
        const r = await senders[kind](agent);
        total += 1;
        const k = (byKind[kind] ??= { n: 0, statuses: {}, ms: 0 });
        k.n += 1;
        k.ms += r.ms ?? 0;
        bump(k.statuses, statusKey(r));
        if (!(r.status >= 200 && r.status < 300)) {
          failed += 1;
          firstErrors[`${kind} ${statusKey(r)}`] ??= (r.body ?? r.error ?? "").slice(0, 160);
        }
      }
    }),
  );
  agent.destroy();
  return { total, failed, byKind, firstErrors };
}

/** Every request of the mix once, in order, checked: the soak must measure pages, not error pages. */
async function warmUp(senders) {
  const agent = keepAliveAgent(4);
  for (const [kind] of MIX) {
    for (let i = 0; i < 3; i++) {
      const r = await senders[kind](agent);
      if (!(r.status >= 200 && r.status < 300)) throw new Error(`warm-up ${kind}: ${statusKey(r)} ${(r.body ?? "").slice(0, 300)}`);
    }
  }
  agent.destroy();
}

// ---------------------------------------------------------------------------------------------
// One app's soak: idle → load (sampled) → GC + rest → idle after

/** The soak of a started server (`pgid`): settled memory before, the curve under load, settled memory after the rest. */
async function soak(name, { pgid, minutes, clients, draw, senders, snapshotPrefix }) {
  const pid = serverPid(pgid);
  log(`${name}: server pid ${pid}; settling before the load`);
  const before = await settledMemory(pgid, pid, SNAPSHOTS && snapshotPrefix ? `${snapshotPrefix}-before` : null);
  log(`${name}: before: RSS ${mib(before.rss)} MiB, heap used ${mib(before.heapUsed)} MiB after GC`);
  const t0 = performance.now();
  let requests = 0;
  const countingSenders = Object.fromEntries(Object.entries(senders).map(([k, send]) => [k, (a) => (requests++, send(a))]));
  const sampler = startSampling(pgid, pid, t0, () => requests);
  const progress = setInterval(() => {
    const p = sampler.points.at(-1);
    if (p) log(`${name}: ${fmt(p.t / 60)} min, ${requests} requests, RSS ${mib(p.rss)} MiB, heap ${mib(p.heapUsed)} MiB`);
  }, 60_000);
  const load = await runLoad({ clients, endAt: t0 + minutes * 60_000, draw, senders: countingSenders });
  clearInterval(progress);
  const loadSecs = (performance.now() - t0) / 1000;
  log(`${name}: ${load.total} requests in ${fmt(loadSecs)} s, ${load.failed} non-2xx; GC, then ${REST_MS / 1000} s of rest`);
  // The rest: sampling goes on (RSS after the load ends belongs to the curve), one GC at its start.
  await probeHeap(pid, { gc: true });
  await sleep(REST_MS);
  const points = await sampler.stop();
  const after = await settledMemory(pgid, pid, SNAPSHOTS && snapshotPrefix ? `${snapshotPrefix}-after` : null);
  const peak = points.reduce((m, p) => Math.max(m, p.rss), before.rss);
  const peakHeap = points.reduce((m, p) => Math.max(m, p.heapUsed ?? 0), 0);
  log(`${name}: peak RSS ${mib(peak)} MiB; after: RSS ${mib(after.rss)} MiB, heap used ${mib(after.heapUsed)} MiB after GC`);
  return { name, minutes, clients, loadSecs, rps: load.total / loadSecs, load, before, after, peak, peakHeap, points };
}

// ---------------------------------------------------------------------------------------------
// Main

const mib = (bytes) => (Number.isFinite(bytes) ? (bytes / 1024 / 1024).toFixed(0) : "–");

async function main() {
  const machine = machineInfo();
  mkdirSync(CONTROL_DIR, { recursive: true });
  let builds;
  if (opts["skip-build"]) {
    builds = {
      app: checkBuild(DIST, `No build in ${DIST}: run without --skip-build`),
      bare: { ...checkBuild(BARE.distDir, `No build in ${BARE.dir}/${BARE.distDir}: run without --skip-build`, BARE.dir), next: installedVersion(BARE.dir, "next") },
    };
  } else {
    log(`building the bare app and Invyta into ${DIST}`);
    const bare = opts["no-bare"] ? null : await buildBareNext();
    await nextBuild(ROOT, { distDir: DIST, env: { NEXT_DIST_DIR: DIST }, logName: "soak-memory-build.log" });
    builds = { app: checkBuild(DIST, "the build left no BUILD_ID"), bare };
    await sleep(10_000); // the build's workers go before anything is measured
  }
  const loadBefore = loadAverage();
  const nodeOptions = `${process.env.NODE_OPTIONS ?? ""} --expose-gc --import ${PRELOAD}`.trim();
  const probeEnv = { NODE_OPTIONS: nodeOptions, SOAK_CONTROL_DIR: CONTROL_DIR, MALLOC_ARENA_MAX: ARENAS ?? undefined };

  // 1. The bare app: its JSON route and its page, the same clients.
  let bare = null;
  if (!opts["no-bare"]) {
    const port = await freePort();
    // startBareNext's environment plus the probe's.
    running.bare = startServer({ ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", BARE_DIST_DIR: BARE.distDir, ...probeEnv }, port, { dir: BARE.dir });
    await waitUntilHealthy(running.bare, port, 60_000, BARE.route);
    const pgid = running.bare.child.pid;
    const started = groupRss(pgid).total;
    const paths = [BARE.route, BARE.page];
    const senders = Object.fromEntries(paths.map((p) => [p, (a) => request(a, port, { path: p })]));
    let i = 0;
    bare = await soak("bare app", { pgid, minutes: BARE_MINUTES, clients: CLIENTS, draw: () => paths[i++ % 2], senders, snapshotPrefix: "bare" });
    bare.started = started;
    await running.bare.stop();
    running.bare = null;
  }

  // 2. Invyta.
  const { uri, port } = await startStack(running, {
    dbName: DB_NAME,
    distDir: DIST,
    env: { TRUSTED_PROXY_HEADER: "x-forwarded-for", ...probeEnv },
    healthTimeoutMs: 90_000,
  });
  const pgid = running.server.child.pid;
  const started = groupRss(pgid).total;
  log(`Invyta on :${port}: RSS ${mib(started)} MiB just after start`);
  const client = await connectMongo(uri);
  const db = client.db(DB_NAME);
  running.mongo = client;
  const { hosts, guests } = await seedUsers(db, { kind: "soak", run: RUN, hosts: HOSTS, guests: GUESTS });
  const ips = clientAddresses();
  const agent = keepAliveAgent(24);
  const call = (method, path, options) => apiRequest(agent, port, method, path, options);
  await signIn(call, [...hosts, ...guests], ips);
  const specs = Array.from({ length: EVENTS }, (_, i) => ({ kind: i % 5 ? "open" : "capped", max_people: i % 5 ? null : 30, tags: [TAGS[i % TAGS.length], TAGS[(i * 3) % TAGS.length]] }));
  await createEvents(call, hosts, specs);
  agent.destroy();
  // Each host's first event takes its photos.
  hosts.forEach((h, i) => (h.ownEvent = specs[i]));
  const world = { hosts, guests, events: specs, memberships: [], photos: await makePhotos(), uploaded: [] };
  const senders = mixSenders(port, world, ips);
  await warmUp(senders);
  log(`seeded ${hosts.length + guests.length} users, ${specs.length} events; every route warmed`);
  const app = await soak("Invyta", { pgid, minutes: MINUTES, clients: CLIENTS, draw: drawKind, senders, snapshotPrefix: "invyta" });
  app.started = started;
  app.world = { memberships: world.memberships.length, photos: world.uploaded.length, eventsAtEnd: await db.collection("events").countDocuments({}) };

  return {
    label: opts.label,
    arenas: ARENAS ?? "glibc default",
    note: opts.note,
    command: COMMAND,
    knobs: Object.fromEntries(MEMORY_KNOBS.filter((k) => process.env[k]).map((k) => [k, process.env[k]])),
    date: machine.date,
    machine: { nproc: machine.nproc, cpu: machine.cpu, mem: machine.mem, node: machine.node, free: machine.free, commit: machine.commit, dirty: machine.dirty },
    builds,
    loadBefore,
    loadAfter: loadAverage(),
    bare,
    app,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

/** One row of the summary table. */
function summaryRow(label, s) {
  if (!s) return null;
  const kinds = Object.keys(s.load.byKind).length;
  return `| ${label} | ${s.name} | ${fmt(s.minutes)} min, ${s.clients} clients, ${kinds} request kinds | ${s.load.total} (${fmt(s.rps)}/s) | ${s.load.failed} | ${mib(s.started)} | ${mib(s.before.rss)} | **${mib(s.peak)}** | **${mib(s.after.rss)}** | ${mib(s.before.heapUsed)} → ${mib(s.after.heapUsed)} | ${mib(s.before.external)} → ${mib(s.after.external)} |`;
}

function summaryTable(runs) {
  const head =
    "| run | app | load | requests | non-2xx | RSS at start MiB | RSS idle before (GC) | RSS peak | RSS idle after (GC + rest) | V8 heap used after GC, before → after MiB | external (Buffers) MiB |\n" +
    "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|";
  const rows = [];
  for (const [label, r] of Object.entries(runs)) {
    const settings = [`MALLOC_ARENA_MAX ${r.arenas}`, ...(r.note ? [r.note] : []), ...Object.entries(r.knobs ?? {}).filter(([k]) => k !== "NODE_OPTIONS").map(([k, v]) => `${k}=${v}`)];
    rows.push(summaryRow(`${label} (${settings.join(", ")})`, r.app), summaryRow(label, r.bare));
  }
  return [head, ...rows.filter(Boolean)].join("\n");
}

/** The curve, one row a minute (the closest sample) and the last sample (the end of the rest). */
function curveTable(s) {
  const last = s.points.at(-1);
  const chosen = new Set();
  for (let m = 0; m * 60 <= (last?.t ?? 0); m++) chosen.add(s.points.reduce((best, q) => (Math.abs(q.t - m * 60) < Math.abs(best.t - m * 60) ? q : best)));
  if (last) chosen.add(last);
  const rows = [...chosen].map((p) => `| ${fmt(p.t / 60)} | ${p.requests} | ${mib(p.rss)} | ${mib(p.heapUsed)} | ${mib(p.heapTotal)} | ${mib(p.external)} |`);
  return ["| minute | requests so far | RSS MiB | heap used MiB (no GC) | heap total MiB | external MiB |", "|--:|--:|--:|--:|--:|--:|", ...rows].join("\n");
}

function mixTable(s) {
  return [
    "| request | share | count | mean ms | statuses |",
    "|---|--:|--:|--:|---|",
    ...Object.entries(s.load.byKind).map(([k, v]) => `| ${k} | ${fmt((100 * v.n) / s.load.total)}% | ${v.n} | ${fmt(v.ms / v.n)} | ${Object.entries(v.statuses).map(([st, n]) => `${n}× ${st}`).join(", ")} |`),
  ].join("\n");
}

function markdown(runs, latest) {
  const r = latest;
  return `${SECTION}

\`bench/soak-memory.mjs\`: production builds (\`next start\`, NODE_ENV=production) of Invyta (build in \`${DIST}\`) and of the bare
Next.js app (\`bench/bare-next\`, same next ${r.builds.bare?.next ?? ""}), each alone on the machine, FerretDB and Redis local.
RSS is the sum of VmRSS over the server's process group (from /proc), sampled every ${SAMPLE_MS / 1000} s; the V8 figures
come from bench/soak-preload.mjs in the server (NODE_OPTIONS \`--expose-gc --import\`), "after GC" meaning two forced
full collections. "Idle before" is after seeding ${HOSTS + GUESTS} users and ${EVENTS} events and one pass over every route,
then a GC; "idle after" is after the load, a GC, ${REST_MS / 1000} s of rest and another GC. Invyta's mix (${CLIENTS} closed-loop
clients, keep-alive): ${MIX.map(([k, w]) => `${k} ${w}%`).join(", ")}; the bare app gets its JSON route and its page,
alternately, from as many clients.

${summaryTable(runs)}

What the runs say. The growth was not the V8 heap: after a forced GC it grew by about as much in every run
(the column above), and two heap snapshots of the first run (\`SOAK_SNAPSHOTS=1\`, compared with
\`bench/heap-diff.mjs\`) differed by 20 MiB, all in groups that stop at a bound: compiled code, the event documents
of the catalog and of lib/events/doc-cache.ts (\`Date\`, \`ObjectId\`), Next's own LRU caches. No group grew with the
number of requests. It was glibc malloc: at the end of that run /proc/<pid>/smaps showed 14 thread arenas
(64 MiB-aligned anonymous mappings) holding 277 MiB and the main heap 208 MiB, against a V8 heap of 68 MiB. glibc gives a
thread that finds an arena busy one of its own (up to 8 per core) and seldom returns what is freed in one; the same mix
without photos stayed low, so the threads filling them are the photo path's (sharp: libvips's workers and libuv's
pool). The fix: the server runs with MALLOC_ARENA_MAX=2 (\`npm start\` sets it through scripts/with-db.mjs; a production
server without it warns at start, lib/malloc-arenas.ts) and sharp uses one libvips thread per image
(\`sharp.concurrency(1)\` in lib/media/image.ts; its operation cache was already off). The bare app's RSS also rises under
load and falls back most of the way, with Next's and Node's own buffers.

Latest run (${r.label}), Invyta's RSS and heap over time (the last ${REST_MS / 1000} s are the rest after the load):

${curveTable(r.app)}

${r.bare ? `The bare app over its ${fmt(r.bare.minutes)} minutes:\n\n${curveTable(r.bare)}\n\n` : ""}Invyta's requests in the latest run (writes left ${r.app.world.memberships} memberships, ${r.app.world.photos} photos, ${r.app.world.eventsAtEnd} events):

${mixTable(r.app)}

- **Date:** ${r.date}
- **Command:** \`${r.command}\`${Object.keys(r.knobs).length ? ` (environment: ${Object.entries(r.knobs).map(([k, v]) => `${k}=${v}`).join(", ")})` : ""}
- **Machine:** nproc ${r.machine.nproc}; CPU ${r.machine.cpu}; RAM ${r.machine.mem}; Node ${r.machine.node}; load average (1/5/15 min) ${r.loadBefore} before, ${r.loadAfter} after
- **Build:** \`${DIST}/BUILD_ID\` ${r.builds.app.id} (${r.builds.app.builtAt}), commit ${r.machine.commit}${r.machine.dirty ? " plus uncommitted changes" : ""}

${freeBlock(r.machine)}`;
}

function printSummary(result) {
  console.log(summaryTable({ [result.label]: result }));
  console.log();
  console.log(curveTable(result.app));
  console.log();
  console.log(mixTable(result.app));
}

if (opts["render-only"]) {
  const runs = JSON.parse(readFileSync(RUNS_FILE, "utf8"));
  if (!runs[opts.label]) throw new Error(`no run labelled "${opts.label}" in ${RUNS_FILE} (there are: ${Object.keys(runs).join("; ")})`);
  writeResultsSection(SECTION, markdown(runs, runs[opts.label]));
  log(`rewrote the ${SECTION.slice(3)} section of bench/RESULTS.md from ${RUNS_FILE}`);
  process.exit(0);
}

await runBench({
  main,
  report(result) {
    const file = writeOut(`soak-memory-${result.label}.json`, JSON.stringify(result, null, 1));
    log(`full result in ${file}`);
    printSummary(result);
    if (opts["no-write"]) return;
    const runs = existsSync(RUNS_FILE) ? JSON.parse(readFileSync(RUNS_FILE, "utf8")) : {};
    runs[result.label] = result;
    writeFileSync(RUNS_FILE, `${JSON.stringify(runs, null, 1)}\n`);
    writeResultsSection(SECTION, markdown(runs, result));
    log(`wrote the ${SECTION.slice(3)} section of bench/RESULTS.md and ${RUNS_FILE}`);
  },
  running,
  stopSteps: [
    ["bare app", () => running.bare?.stop()],
    ["driver client", () => running.mongo?.close(), "close"],
  ],
});
