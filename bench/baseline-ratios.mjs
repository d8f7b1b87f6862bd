// Invyta against a bare Next.js app of the same version (issue 10, item 6): the before/after table of
// the data layer, "## Data layer (issue 10)" in bench/RESULTS.md.
//
//   node bench/baseline-ratios.mjs --label after
//   node bench/baseline-ratios.mjs --label before --app /tmp/invyta-before --ferretdb stock
//
// Builds (production, Turbopack) the Invyta checkout in --app into .next-bench-ratios and the bare
// app in bench/bare-next (a JSON route handler /api/ping, a trivial server-rendered page /, the
// same next and react), starts a throwaway FerretDB (--ferretdb: the project's patched build or the
// stock one), an SMTP sink, both apps with `next start`, seeds verified users straight into the
// database, signs each in once through the API, creates --events public upcoming events through
// POST /api/v1/events, and measures, in this order:
//   (a) POST /api/v1/events/join, 32 clients: spread over 220 events, then all on one hot event
//   (b) POST /api/v1/events/{id}/rsvp, 32 clients toggling memberships of one hot event
//   (c) 50 joins at once on a 10-seat event: 10 attending, 40 waitlisted, 0 errors?; then again on
//       another 10-seat event while a process spins on one core (a CPU hog)
//   (d) req/s of Invyta ÷ req/s of the bare app, the same closed loop back to back (16 clients,
//       rounds bare, app, app, bare): GET /api/v1/events/{id} and GET /api/v1/auth/me against the
//       bare route; GET /events/{id}, the join page /events/join?event_id=…&token=… and /discover
//       (anonymous) against the trivial page
//   (e) a 50 MB video downloaded with 300 MB stored (250 MB + the 50 MB), MB/s
// then checks in the database that, for every event, the stored counters equal a recount of its
// memberships and attending ≤ max_people (events-workload.mjs checkEventInvariants).
//
// Each run stores its figures under its --label in bench/data-layer-runs.json (committed, so the
// "before" run stays for the "after" one) and rewrites the RESULTS.md section from both labels.
//
// Options: --app DIR (default: this repository; its node_modules must be a real folder, not a
// symlink: Turbopack resolves nothing outside the project — `cp -al` makes hard links), --ferretdb
// patched|stock (default patched), --label before|after (default after), --events N (default
// 10000), --guests N (default 512), --rounds N (ratio rounds, default 2), --skip-build (reuse both
// builds), --no-write (print and keep bench/.out/baseline-ratios-<label>.json only: a smoke run),
// --quick (short phases, 1,000 events; as --no-write). MONGODB_URI, when set, replaces FerretDB.
//
// The machine is shared: before the run (up to 10 min) and before each measured phase (up to 2
// min) the bench waits until other processes, and its own left-over work, keep at most 20% of it
// busy; the report gives each phase's load average and the CPU share others took meanwhile. Each
// ratio round also waits (up to 2 min) until the app's job worker has stopped sending the write
// phases' ticket mails (none reach the SMTP sink for 2 s), and logs how many came during the round.
//
// Rate limits stay on (Redis at REDIS_URL): every login, join and join-page request carries its own
// X-Forwarded-For address, trusted because TRUSTED_PROXY_HEADER is set as behind a real proxy.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import {
  BARE,
  MB,
  ROOT,
  apiRequest,
  buildBareNext,
  checkBuild,
  clientAddresses,
  connectMongo,
  cpuBusy,
  cpuSnapshot,
  download,
  fmt as f,
  freeBlock,
  freePort,
  installedVersion,
  keepAliveAgent,
  loadAverage,
  log,
  machineInfo,
  mbps,
  measureRatio,
  measureWindow,
  median,
  newStats,
  nextBuild,
  parseJson,
  request,
  runBench,
  runClients,
  sleep,
  startBareNext,
  startCpuHog,
  startStack,
  statusKey,
  summarize,
  uploadFile,
  waitUntilHealthy,
  writeFakeMp4,
  writeOut,
  writeResultsSection,
} from "./lib.mjs";
import { checkEventInvariants, createEvents, hotJoins, invariantLine, joiner, rsvpSender, seedUsers, signIn, spreadJoins, topUpHot } from "./events-workload.mjs";

const { values: opts } = parseArgs({
  options: {
    app: { type: "string", default: ROOT },
    ferretdb: { type: "string", default: "patched" },
    label: { type: "string", default: "after" },
    events: { type: "string" },
    guests: { type: "string" },
    rounds: { type: "string" },
    "skip-build": { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
    quick: { type: "boolean", default: process.env.BENCH_QUICK === "1" },
  },
});
const QUICK = opts.quick;
const APP = resolve(opts.app);
const LABELS = ["before", "after"];
if (!LABELS.includes(opts.label)) throw new Error(`--label must be one of ${LABELS.join(", ")}`);
const DIST = ".next-bench-ratios";
const DB_NAME = "bench_ratios";
const RUN = randomBytes(3).toString("hex"); // in emails, so a rerun within a minute meets fresh limiter keys
const EVENTS = Number(opts.events ?? (QUICK ? 1000 : 10_000));
const GUESTS = Number(opts.guests ?? (QUICK ? 128 : 512));
const ROUNDS = Number(opts.rounds ?? (QUICK ? 1 : 2));
const HOSTS = 8;
const WRITE_CLIENTS = 32;
const READ_CLIENTS = 16;
const PHASE = QUICK ? { warm: 1, secs: 3 } : { warm: 3, secs: 15 };
const RATIO = QUICK ? { warm: 1, secs: 3 } : { warm: 3, secs: 10 };
const DISCOVER = { clients: 4, minAnswers: QUICK ? 2 : 6, maxSecs: QUICK ? 30 : 150, timeoutMs: 600_000 };
/**
 * Before the run (at most `startMs`) and before each measured phase (at most `phaseMs`), wait until other processes keep
 * at most `busyPercent` of the machine busy: the machine is shared, and a phase measured beside someone's test run says little.
 */
const IDLE = QUICK ? { startMs: 0, phaseMs: 0, busyPercent: 20 } : { startMs: 600_000, phaseMs: 120_000, busyPercent: 20 };
const CAPPED_EVENTS = 200;
const CAPPED_SEATS = 50;
const UNLIMITED_EVENTS = 20;
/** Each guest joins a hot event once; when they have all joined, the next hot event takes the load. */
const HOT_EVENTS = 12;
const HOT_SEATS = 20;
const HOT_MIN_MEMBERS = 2 * WRITE_CLIENTS;
const RUSH = { joins: 50, seats: 10 };
const MEDIA = QUICK ? { filler: 20 * MB, file: 10 * MB, rounds: 1 } : { filler: 250 * MB, file: 50 * MB, rounds: 3 };
const MEDIA_BUDGET_MS = 180_000; // downloads stop after this (at least one): the stock FerretDB may take minutes per download
const FILLER_TAGS = ["music", "food", "tech", "hiking", "art", "sports", "books", "film", "games", "yoga", "wine", "coffee"];
const RUNS_FILE = join(ROOT, "bench", "data-layer-runs.json");
const SECTION = "## Data layer (issue 10)";
const command = (label, app, ferretdb) =>
  `cd ${ROOT} && node bench/baseline-ratios.mjs --label ${label}${app === ROOT ? "" : ` --app ${app}`}${ferretdb === "patched" ? "" : ` --ferretdb ${ferretdb}`}`;
const COMMAND = command(opts.label, APP, opts.ferretdb);

// ---------------------------------------------------------------------------------------------
// What the bench starts (`runBench` stops it all at the end)

const running = { db: null, sink: null, server: null, bare: null, mongo: null, hog: null, files: [] };

const appSnapshot = () => cpuSnapshot({ serverGroup: running.server?.child.pid, dbPid: running.db?.pid });
const bareSnapshot = () => cpuSnapshot({ serverGroup: running.bare?.child.pid, dbPid: running.db?.pid });

/** The short commit of the checkout in `dir`, "+ changes" when its working tree differs. */
function checkoutOf(dir) {
  const git = (...args) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
  try {
    return `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no") ? " + uncommitted changes" : ""}`;
  } catch {
    return "(not a git checkout)";
  }
}

// ---------------------------------------------------------------------------------------------
// Measures

/** A phase of `clients` closed-loop clients on the app (`send(client, stats)`): a row of summarize plus the load average when it started. */
async function appPhase(name, clients, send) {
  const idle = await waitForIdle(IDLE.phaseMs);
  const load = loadAverage();
  const stats = newStats(name);
  log(`${name}: ${PHASE.warm} s warm-up + ${PHASE.secs} s at ${clients} clients (load ${load})`);
  await runClients({ clients, send: (c) => send(c, stats), stats, ...measureWindow(PHASE.warm, PHASE.secs), snapshot: appSnapshot });
  const row = { ...summarize(stats), load, idle };
  log(`  ${row.n} requests, ${f(row.rps)} req/s, p50 ${f(row.p50)} ms, p99 ${f(row.p99)} ms, non-2xx ${row.errors}`);
  return row;
}

/** 50 joins sent at once on a 10-seat event, each from its own guest and address; the answers and a recount in the database. */
async function rush(port, db, event, guests, ips) {
  const agent = keepAliveAgent(RUSH.joins + 4);
  const t = performance.now();
  const answers = await Promise.all(
    guests.map((g) =>
      apiRequest(agent, port, "POST", "/api/v1/events/join", { token: g.token, body: { event_id: event.id, token: event.token }, ip: ips.next(), timeoutMs: 120_000 }),
    ),
  );
  const ms = performance.now() - t;
  agent.destroy();
  const said = {};
  const statuses = {};
  for (const r of answers) {
    statuses[statusKey(r)] = (statuses[statusKey(r)] ?? 0) + 1;
    if (r.status === 200) {
      const s = parseJson(r.body)?.rsvp_status ?? "?";
      said[s] = (said[s] ?? 0) + 1;
    }
  }
  await sleep(500);
  const stored = {};
  for (const m of await db.collection("attendances").find({}, { projection: { event_id: 1, status: 1 } }).toArray()) {
    if (String(m.event_id) === event.id) stored[m.status] = (stored[m.status] ?? 0) + 1;
  }
  const errors = answers.filter((r) => r.status !== 200).length;
  const ok = errors === 0 && said.attending === RUSH.seats && said.waitlisted === RUSH.joins - RUSH.seats && stored.attending === RUSH.seats && stored.waitlisted === RUSH.joins - RUSH.seats;
  const firstError = answers.find((r) => r.status !== 200);
  return { said, stored, statuses, errors, ok, ms, firstError: firstError ? `${statusKey(firstError)} ${(firstError.body ?? "").slice(0, 160)}` : null };
}

/** Over `ms`: the share of the machine (%) the bench's own processes (both apps, the database, redis, this process) and all others kept busy. */
async function cpuShares(ms) {
  const a = [appSnapshot(), bareSnapshot()];
  if (!a[0] || !a[1]) return { own: NaN, other: await cpuBusy(ms) };
  await sleep(ms);
  const b = [appSnapshot(), bareSnapshot()];
  const total = b[0].total - a[0].total;
  const own = b[0].bench - a[0].bench + (b[1].parts.server - a[1].parts.server);
  return { own: Math.round((100 * own) / total), other: Math.max(0, Math.round((100 * (b[0].busy - a[0].busy - own)) / total)) };
}

/**
 * Waits until neither other processes nor the bench's own (work left over from the last phase) keep more than
 * IDLE.busyPercent of the machine busy, or `maxWaitMs` is over; returns how long it waited and the last shares (% over 2 s).
 */
async function waitForIdle(maxWaitMs) {
  const t = performance.now();
  for (;;) {
    const { own, other } = await cpuShares(2_000);
    const waited = performance.now() - t;
    if (!(other > IDLE.busyPercent || own > IDLE.busyPercent) || waited >= maxWaitMs) return { secs: waited / 1000, busy: other, own };
    if (Math.round(waited / 1000) % 30 < 2) {
      log(`the machine is ${other}% busy with other processes, ${own}% with the bench's (load ${loadAverage()}): waiting for ≤ ${IDLE.busyPercent}% each (${Math.round(waited / 1000)} of ${maxWaitMs / 1000} s)`);
    }
  }
}

/**
 * Waits (at most `maxWaitMs`) until the SMTP sink has received no mail for 2 s: the app's job worker
 * sends the write phases' ticket mails for a while after them, in the server's process.
 */
async function mailsDelivered(maxWaitMs) {
  const end = performance.now() + maxWaitMs;
  for (let seen = running.sink.received(); performance.now() < end; ) {
    await sleep(2_000);
    const now = running.sink.received();
    if (now === seen) return;
    seen = now;
  }
}

/** One request that must answer 200 with `expect` in its body (a ratio of error pages would mean nothing); the body's size in bytes. */
async function probe(port, path, expect, headers = {}) {
  const r = await request(undefined, port, { path, headers, timeoutMs: 300_000 });
  if (r.status !== 200 || !r.body.includes(expect)) throw new Error(`GET ${path}: ${r.status}, "${expect}" ${r.body.includes(expect) ? "found" : "not found"}: ${r.body.slice(0, 300)}`);
  return Buffer.byteLength(r.body);
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const machine = machineInfo();
  const app = { dir: APP, checkout: checkoutOf(APP), next: installedVersion(APP, "next"), react: installedVersion(APP, "react") };
  if (!app.next) throw new Error(`${APP}/node_modules has no next: link the repository's (cp -al ${ROOT}/node_modules ${APP}/node_modules)`);

  let builds;
  if (opts["skip-build"]) {
    builds = {
      app: checkBuild(DIST, `No build in ${APP}/${DIST}: run without --skip-build`, APP),
      bare: { ...checkBuild(BARE.distDir, `No build in ${BARE.dir}/${BARE.distDir}: run without --skip-build`, BARE.dir), next: installedVersion(BARE.dir, "next"), react: installedVersion(BARE.dir, "react") },
    };
  } else {
    log(`building the bare app (${BARE.dir}) and Invyta (${APP}, ${app.checkout}) into ${DIST}`);
    const bare = await buildBareNext();
    await nextBuild(APP, { distDir: DIST, env: { NEXT_DIST_DIR: DIST }, logName: `baseline-ratios-${opts.label}-build.log` });
    builds = { app: checkBuild(DIST, "the build left no BUILD_ID", APP), bare };
  }
  if (builds.bare.next !== app.next || builds.bare.react !== app.react) {
    throw new Error(`the bare app has next ${builds.bare.next} / react ${builds.bare.react}, Invyta next ${app.next} / react ${app.react}: they must match`);
  }
  log(`Invyta ${app.checkout} build ${builds.app.id}; bare build ${builds.bare.id}; next ${app.next}, react ${app.react}`);

  await sleep(QUICK ? 0 : 10_000); // let the builds' worker processes go before judging the machine
  const idleWait = await waitForIdle(IDLE.startMs);
  const loadBefore = loadAverage();
  const busyBefore = await cpuBusy(3_000);
  const t0 = performance.now();

  const { uri, port, local } = await startStack(running, {
    dbName: DB_NAME,
    distDir: DIST,
    dir: APP,
    ferretdb: opts.ferretdb,
    env: { TRUSTED_PROXY_HEADER: "x-forwarded-for" },
    healthTimeoutMs: 90_000,
  });
  const barePort = await freePort();
  running.bare = startBareNext(barePort);
  await waitUntilHealthy(running.bare, barePort, 60_000, BARE.route);
  log(`Invyta on :${port}, bare app on :${barePort}`);

  const client = await connectMongo(uri);
  const db = client.db(DB_NAME);
  running.mongo = {
    async dropAndClose() {
      if (process.env.MONGODB_URI) await db.dropDatabase().catch(() => {});
      await client.close();
    },
  };
  const { hosts, guests } = await seedUsers(db, { kind: "ratios", run: RUN, hosts: HOSTS, guests: GUESTS });

  const ips = clientAddresses();
  // A fresh keep-alive agent per phase: a socket left idle meanwhile could meet the server's keep-alive timeout.
  let agent = keepAliveAgent(WRITE_CLIENTS + 8);
  const freshAgent = () => {
    agent.destroy();
    agent = keepAliveAgent(WRITE_CLIENTS + 8);
  };
  const call = (method, path, options) => apiRequest(agent, port, method, path, options);
  const setup = {};
  const signed = await signIn(call, [...hosts, ...guests], ips);
  setup.logins = { users: hosts.length + guests.length, secs: signed.secs };
  log(`${setup.logins.users} logins in ${signed.secs.toFixed(1)} s`);

  // Events: the ones the writes use, then public upcoming fillers up to EVENTS (all through the API).
  const specs = [];
  for (let i = 0; i < CAPPED_EVENTS; i++) specs.push({ kind: "capped", max_people: CAPPED_SEATS });
  for (let i = 0; i < UNLIMITED_EVENTS; i++) specs.push({ kind: "unlimited", max_people: null });
  for (let i = 0; i < HOT_EVENTS; i++) specs.push({ kind: "hot", max_people: HOT_SEATS });
  for (let i = 0; i < 2; i++) specs.push({ kind: "rush", max_people: RUSH.seats });
  for (let i = specs.length; i < EVENTS; i++) specs.push({ kind: "filler", max_people: i % 3 ? null : 100, tags: [FILLER_TAGS[i % FILLER_TAGS.length], FILLER_TAGS[(i * 7) % FILLER_TAGS.length]] });
  const created = await createEvents(call, hosts, specs, { onProgress: (n) => log(`  ${n} events created`) });
  setup.events = { count: specs.length, secs: created.secs };
  log(`${specs.length} events created in ${created.secs.toFixed(1)} s (${f(specs.length / created.secs)}/s)`);

  const spread = specs.filter((s) => s.kind === "capped" || s.kind === "unlimited");
  const hot = specs.filter((s) => s.kind === "hot");
  const [rushPlain, rushHog] = specs.filter((s) => s.kind === "rush");
  const writes = {};
  const memberships = { spread: [], hot: [] };

  // (a) joins
  const { join } = joiner(call, ips);
  freshAgent();
  writes.joinSpread = await appPhase(`POST /api/v1/events/join, spread over ${spread.length} events`, WRITE_CLIENTS, spreadJoins(join, guests, spread, memberships.spread));
  const { send: hotSend, state: hotState } = hotJoins(join, guests, hot, memberships.hot);
  freshAgent();
  writes.joinHot = await appPhase("POST /api/v1/events/join, 32 clients on one hot event", WRITE_CLIENTS, hotSend);
  writes.joinHot.hotEventsUsed = hotState.used.size;

  // (b) RSVPs on the hot event with the most memberships (topped up first when the hot joins were slow)
  freshAgent();
  const topUp = await topUpHot(hotSend, memberships.hot, HOT_MIN_MEMBERS, statusKey);
  const hottest = [...groupBy(memberships.hot, (m) => m.event.id).values()].sort((x, y) => y.length - x.length)[0] ?? [];
  freshAgent();
  writes.rsvpHot = await appPhase("POST /api/v1/events/{id}/rsvp, 32 clients on one hot event", WRITE_CLIENTS, rsvpSender(call, hottest, WRITE_CLIENTS));
  writes.rsvpHot.members = hottest.length;
  writes.rsvpHot.topUp = topUp;
  agent.destroy();

  // (c) 50 joins at once on 10 seats, alone and beside a CPU hog
  log(`(c) ${RUSH.joins} joins at once on a ${RUSH.seats}-seat event`);
  await waitForIdle(IDLE.phaseMs);
  writes.rush = await rush(port, db, rushPlain, guests.slice(0, RUSH.joins), ips);
  log(`  ${JSON.stringify(writes.rush)}`);
  await waitForIdle(IDLE.phaseMs);
  running.hog = startCpuHog();
  await sleep(1_000);
  writes.rushHog = await rush(port, db, rushHog, guests.slice(RUSH.joins, 2 * RUSH.joins), ips);
  await running.hog.stop();
  log(`  beside a CPU hog: ${JSON.stringify(writes.rushHog)}`);

  // (d) ratios to the bare app; every Invyta request is checked once first
  const E = spread.length;
  const [sample] = spread;
  const sizes = {
    eventJson: await probe(port, `/api/v1/events/${sample.id}`, sample.id),
    eventPage: await probe(port, `/events/${sample.id}`, `Bench capped event`),
    joinPage: await probe(port, `/events/join?${new URLSearchParams({ event_id: sample.id, token: sample.token })}`, "Bench capped event", { "x-forwarded-for": ips.next() }),
    discover: await probe(port, "/discover", "Bench "),
    bareRoute: await probe(barePort, BARE.route, "Bench event"),
    barePage: await probe(barePort, BARE.page, "Bench event"),
  };
  setup.sizes = sizes;
  const bareSide = (path) => ({ label: `bare ${path}`, snapshot: bareSnapshot, send: (a) => request(a, barePort, { path }) });
  let n = 0;
  const ratios = [];
  const ratio = async (name, target, path, send, { timeoutMs = 30_000, clients = READ_CLIENTS, minAnswers = 0, maxSecs = RATIO.secs } = {}) => {
    const idle = [];
    const load = loadAverage();
    // Mail the app's job worker sent while a round ran (each round starts once none came for 2 s).
    let mails = 0;
    let roundFrom = null;
    const roundEnded = () => {
      if (roundFrom !== null) mails += running.sink.received() - roundFrom;
    };
    log(`(d) ${name}: ${ROUNDS} round(s) of ${RATIO.warm} s + ${RATIO.secs}–${maxSecs} s at ${clients} clients, against the bare ${path} (load ${load})`);
    const r = await measureRatio({
      name,
      clients,
      ...RATIO,
      minAnswers,
      maxSecs,
      rounds: ROUNDS,
      settle: async () => {
        roundEnded();
        await mailsDelivered(IDLE.phaseMs);
        idle.push(await waitForIdle(IDLE.phaseMs));
        roundFrom = running.sink.received();
      },
      bare: bareSide(path),
      app: { label: name, snapshot: appSnapshot, send: (a) => send(a, timeoutMs) },
    });
    roundEnded();
    ratios.push({ ...r, target, load, idle, against: path, minAnswers, maxSecs, mails });
    log(`  ${name}: ${f(r.app.rps)} ÷ ${f(r.bare.rps)} req/s = ${r.ratio.toFixed(2)}× (rounds ${r.roundRatios.map((x) => x.toFixed(2)).join(", ")}; ${mails} mails sent during the rounds)`);
  };
  const tokens = guests.map((g) => g.token);
  await ratio("GET /api/v1/events/{id}", 0.6, BARE.route, (a, timeoutMs) => request(a, port, { path: `/api/v1/events/${spread[n++ % E].id}`, timeoutMs }));
  await ratio("GET /api/v1/auth/me", 0.6, BARE.route, (a, timeoutMs) =>
    apiRequest(a, port, "GET", "/api/v1/auth/me", { token: tokens[n++ % tokens.length], timeoutMs }),
  );
  await ratio("GET /events/{id} (page)", 0.4, BARE.page, (a, timeoutMs) => request(a, port, { path: `/events/${spread[n++ % E].id}`, timeoutMs }));
  await ratio("GET /events/join?event_id=…&token=… (page)", 0.5, BARE.page, (a, timeoutMs) => {
    const e = spread[n++ % E];
    return request(a, port, { path: `/events/join?${new URLSearchParams({ event_id: e.id, token: e.token })}`, headers: { "x-forwarded-for": ips.next() }, timeoutMs });
  });
  // Before issue 10 one /discover took seconds of FerretDB time: fewer clients, and a window open until a few answers came.
  await ratio(`GET /discover (${EVENTS} events)`, 0.3, BARE.page, (a, timeoutMs) => request(a, port, { path: "/discover", timeoutMs }), DISCOVER);

  // (e) media: 300 MB stored, the last 50 MB of it downloaded
  const media = await measureMedia(port, db, hosts[0]);

  // Invariants
  await sleep(1_000);
  const invariants = await checkEventInvariants(db, specs.map((s) => s.id));
  log(`invariants over ${invariants.events} events / ${invariants.memberships} memberships: ${invariants.ok ? "OK" : "VIOLATED"}`);
  for (const p of invariants.problems.slice(0, 20)) log(`  ${p}`);
  delete invariants.byEvent;

  return {
    label: opts.label,
    command: COMMAND,
    date: machine.date,
    machine: { nproc: machine.nproc, cpu: machine.cpu, mem: machine.mem, node: machine.node, free: machine.free },
    app: { ...app, build: builds.app, dist: DIST },
    bare: builds.bare,
    ferretdb: local ? `${local.kind} ${local.bin.replace(`${ROOT}/`, "")}` : "MONGODB_URI",
    loadBefore,
    loadAfter: loadAverage(),
    busyBefore,
    idleWait,
    quick: QUICK,
    setup: { ...setup, guests: guests.length, hosts: hosts.length, ipsUsed: ips.used(), mails: running.sink.received() },
    writes,
    ratios,
    media,
    invariants,
    totalSecs: (performance.now() - t0) / 1000,
  };
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy(list, key) {
  const map = new Map();
  for (const x of list) map.set(key(x), [...(map.get(key(x)) ?? []), x]);
  return map;
}

/** Stores a filler video and then the measured one (300 MB in all) in a private event of `host`'s, and downloads the last one. */
async function measureMedia(port, db, host) {
  const created = await apiRequest(undefined, port, "POST", "/api/v1/events", {
    token: host.token,
    body: { title: "Media bench", date: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10), is_private: true },
  });
  if (created.status !== 201) throw new Error(`media event: ${created.status} ${created.body}`);
  const mediaPath = `/api/v1/events/${parseJson(created.body).event_id}/media`;
  const out = join(ROOT, "bench", ".out");
  const fillerFile = join(out, `ratios-filler-${MEDIA.filler / MB}mb.mp4`);
  const file = join(out, `ratios-${MEDIA.file / MB}mb.mp4`);
  running.files.push(fillerFile, file);
  log(`(e) media: writing ${MEDIA.filler / MB} MB and ${MEDIA.file / MB} MB test files`);
  await writeFakeMp4(fillerFile, MEDIA.filler);
  const sha = await writeFakeMp4(file, MEDIA.file);
  const uploads = [];
  let fileId = null;
  for (const [path, name] of [
    [fillerFile, "filler.mp4"],
    [file, "measured.mp4"],
  ]) {
    const up = await uploadFile(port, mediaPath, host.token, path, { name });
    if (up.status !== 201) throw new Error(`upload ${name}: ${up.status} ${up.error ?? JSON.stringify(up.json)}`);
    uploads.push(up.ms);
    fileId = up.json.file_id;
    log(`  uploaded ${name} in ${(up.ms / 1000).toFixed(1)} s`);
  }
  const storedBytes = (await db.collection("media.files").find({}).toArray()).reduce((a, d) => a + (d.length ?? 0), 0);
  await waitForIdle(IDLE.phaseMs);
  const downs = [];
  const t = performance.now();
  while (downs.length < MEDIA.rounds && (downs.length === 0 || performance.now() - t < MEDIA_BUDGET_MS)) {
    const r = await download(port, `${mediaPath}/${fileId}`, host.token);
    if (r.status !== 200 || r.bytes !== MEDIA.file || r.sha256 !== sha) throw new Error(`download: ${r.status}, ${r.bytes} bytes, sha256 ${r.sha256 === sha ? "equal" : "different"}`);
    downs.push(r.ms);
    log(`  download ${downs.length}: ${f(mbps(MEDIA.file, r.ms))} MB/s`);
  }
  for (const path of [fillerFile, file]) rmSync(path, { force: true });
  return {
    fileMB: MEDIA.file / MB,
    storedMB: storedBytes / MB,
    uploadMBps: uploads.map((ms, i) => mbps(i === 0 ? MEDIA.filler : MEDIA.file, ms)),
    downloadMs: downs,
    downloadMBps: mbps(MEDIA.file, median(downs)),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

const ms = (x) => `${f(x)} ms`;
/** The share of the machine (%) the bench's processes and everything else used during a window. */
const cpu = (r) => (Number.isFinite(r.cpuBench) ? `${Math.round(r.cpuBench)} / ${Math.round(r.cpuOther)}` : "–");
const writeCell = (r) => (r ? `${f(r.rps)} req/s, p50 ${ms(r.p50)}, ${r.errorCount + r.warmupErrorCount} errors` : "–");
const rushCell = (r) => (r ? `${r.said.attending ?? 0} attending, ${r.said.waitlisted ?? 0} waitlisted, ${r.errors} errors${r.ok ? "" : " ✗"}` : "–");

/** The rows of the before/after table: [measure, cell(run), target]. */
const MEASURES = [
  ...[
    ["event JSON `GET /api/v1/events/{id}` ÷ bare route", 0],
    ["`GET /api/v1/auth/me` ÷ bare route", 1],
    ["event page `/events/{id}` ÷ trivial page", 2],
    ["join page `/events/join?event_id=…&token=…` ÷ trivial page", 3],
    ["`/discover` ÷ trivial page", 4],
  ].map(([name, i]) => [
    name,
    (run) => {
      const r = run.ratios[i];
      return r ? `${r.ratio.toFixed(2)}× (${f(r.app.rps)} ÷ ${f(r.bare.rps)} req/s)` : "–";
    },
    (run) => `≥ ${run.ratios[i]?.target ?? "?"}×`,
  ]),
  ["joins at 32 clients, spread over 220 events", (run) => writeCell(run.writes.joinSpread), () => "≥ 100 req/s, 0 errors"],
  ["joins at 32 clients, one hot event", (run) => writeCell(run.writes.joinHot), () => "≥ 100 req/s, 0 errors"],
  ["RSVP at 32 clients, one hot event", (run) => writeCell(run.writes.rsvpHot), () => "≥ 100 req/s, 0 errors"],
  ["50 concurrent joins on a 10-seat event", (run) => rushCell(run.writes.rush), () => "10 attending, 40 waitlisted, 0 errors"],
  ["… while a CPU hog spins on one core", (run) => rushCell(run.writes.rushHog), () => "10 attending, 40 waitlisted, 0 errors"],
  [
    "50 MB download with 300 MB stored",
    (run) => (run.media ? `${f(run.media.downloadMBps)} MB/s (${Math.round(run.media.storedMB)} MB stored)` : "–"),
    () => "(reported)",
  ],
  ["counters = recount, attending ≤ max_people", (run) => (run.invariants.ok ? "passed" : `FAILED (${run.invariants.problems.length} problems)`), () => "passed"],
];

function ratioTable(run) {
  const head =
    "| measure | side | req/s | p50 ms | p95 ms | p99 ms | non-2xx | CPU % app+db / other |\n|---|---|--:|--:|--:|--:|---|--:|";
  const lines = run.ratios.flatMap((r) => [
    `| ${r.name} (${r.ratio.toFixed(2)}×; rounds ${r.roundRatios.map((x) => x.toFixed(2)).join(", ")}; load ${r.load}) | Invyta | ${f(r.app.rps)} | ${f(r.app.p50)} | ${f(r.app.p95)} | ${f(r.app.p99)} | ${r.app.errors} | ${cpu(r.app)} |`,
    `| | bare \`${r.against}\` | ${f(r.bare.rps)} | ${f(r.bare.p50)} | ${f(r.bare.p95)} | ${f(r.bare.p99)} | ${r.bare.errors} | ${cpu(r.bare)} |`,
  ]);
  return [head, ...lines].join("\n");
}

function writeTable(run) {
  const head =
    "| phase | requests | req/s | p50 ms | p95 ms | p99 ms | non-2xx (measured; warm-up) | CPU % app+db / other | load at start |\n|---|--:|--:|--:|--:|--:|---|--:|---|";
  const rows = [run.writes.joinSpread, run.writes.joinHot, run.writes.rsvpHot].map(
    (r) => `| ${r.name} | ${r.n} | ${f(r.rps)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${r.errors}; ${r.warmupErrors || "0"} | ${cpu(r)} | ${r.load} |`,
  );
  return [head, ...rows].join("\n");
}

function runDetails(run) {
  const rushLine = (r) =>
    `answers ${JSON.stringify(r.statuses)}, said ${JSON.stringify(r.said)}, stored ${JSON.stringify(r.stored)}, all answered in ${Math.round(r.ms)} ms` +
    (r.firstError ? `; first failing answer \`${r.firstError}\`` : "");
  const errorBodies = [run.writes.joinSpread, run.writes.joinHot, run.writes.rsvpHot, ...run.ratios.flatMap((r) => [r.app, r.bare])]
    .filter((r) => r.errorBodies.length)
    .map((r) => `${r.name}: ${r.errorBodies.map((e) => `\`${e}\``).join(", ")}`);
  return `### ${run.label}: ${run.app.checkout}${run.quick ? " (quick)" : ""}

- **Date:** ${run.date}; **command:** \`${run.command}\`
- **App:** \`${run.app.dir}\` at ${run.app.checkout}, build \`${run.app.dist}\` ${run.app.build.id} (${run.app.build.builtAt}); next ${run.app.next}, react ${run.app.react};
  bare app build ${run.bare.id}; database ${run.ferretdb}
- **Load average** (1/5/15 min) ${run.loadBefore} before, ${run.loadAfter} after (each phase's at its start is in the tables); other processes kept
  ${run.busyBefore}% of the CPU busy in the 3 s before (after waiting ${Math.round(run.idleWait.secs)} s for ≤ ${IDLE.busyPercent}%; each phase waited up to
  ${IDLE.phaseMs / 1000} s for that too, ${Math.round(idleSecs(run))} s in all); run time ${Math.round(run.totalSecs)} s; nproc ${run.machine.nproc}, ${run.machine.cpu}, Node ${run.machine.node}
- **Data:** ${run.setup.hosts} hosts and ${run.setup.guests} guests seeded directly, each signed in once (${run.setup.logins.users} logins in ${run.setup.logins.secs.toFixed(1)} s);
  ${run.setup.events.count} public upcoming events created through the API in ${run.setup.events.secs.toFixed(1)} s; ${run.setup.ipsUsed} X-Forwarded-For addresses; ${run.setup.mails} mails to the sink
- **Response sizes** (bytes): ${Object.entries(run.setup.sizes).map(([k, v]) => `${k} ${v}`).join(", ")}
- **Hot joins** used ${run.writes.joinHot.hotEventsUsed} hot event(s) (${HOT_SEATS} seats; each guest joins one once, then the next event takes the load); the hot RSVPs toggled the
  ${run.writes.rsvpHot.members} memberships of one of them${run.writes.rsvpHot.topUp.joins ? ` (after ${run.writes.rsvpHot.topUp.joins} unmeasured top-up joins)` : ""}
- **50 on 10:** ${rushLine(run.writes.rush)}. **Beside the CPU hog:** ${rushLine(run.writes.rushHog)}
- **Media:** uploads ${run.media.uploadMBps.map((x) => `${f(x)} MB/s`).join(", ")}; downloads of the ${run.media.fileMB} MB file ${run.media.downloadMs.map((x) => `${(x / 1000).toFixed(1)} s`).join(", ")}
- **Invariants:** ${invariantLine(run.invariants)}${errorBodies.length ? `\n- **First failing answers:** ${errorBodies.join("; ")}` : ""}

${writeTable(run)}

${ratioTable(run)}
`;
}

/** Seconds the run's phases waited for a quieter machine. */
const idleSecs = (run) =>
  [run.writes.joinSpread, run.writes.joinHot, run.writes.rsvpHot].reduce((a, r) => a + (r.idle?.secs ?? 0), 0) +
  run.ratios.reduce((a, r) => a + (r.idle ?? []).reduce((b, w) => b + w.secs, 0), 0);

function resultsMarkdown(runs) {
  const cols = LABELS.filter((l) => runs[l]);
  const any = runs[cols[0]];
  const table = [
    `| measure | ${LABELS.join(" | ")} | target |`,
    `|---|${LABELS.map(() => "---").join("|")}|---|`,
    ...MEASURES.map(([name, cell, target]) => `| ${name} | ${LABELS.map((l) => (runs[l] ? cell(runs[l]) : "not run")).join(" | ")} | ${target(any)} |`),
  ].join("\n");
  return `${SECTION}

\`bench/baseline-ratios.mjs\`: the production build (\`next start\`) of each checkout and of a bare Next.js app of the same version
(\`bench/bare-next\`: a route handler returning JSON of an event's size, \`/api/ping\`, and a trivial server-rendered page, \`/\`)
on the same machine, a throwaway FerretDB v1.24.2 (SQLite; "before" ran the stock build its code was written for, "after" the
project's patched build), rate limits on in Redis. ${EVENTS_TEXT(any)} Each ratio is Invyta's req/s ÷ the bare app's for the same closed loop
(${READ_CLIENTS} keep-alive clients, ${RATIO.warm} s warm-up + ${RATIO.secs} s measured, rounds bare, app, app, bare, pooled; for \`/discover\` ${DISCOVER.clients} clients
and a window held open until ${DISCOVER.minAnswers} answers came or ${DISCOVER.maxSecs} s passed), measured back to back in the same run;
the writes run at ${WRITE_CLIENTS} clients for ${PHASE.secs} s after ${PHASE.warm} s of warm-up. Reads are anonymous; joins and RSVPs use bearer tokens, each
login, join and join-page request from its own X-Forwarded-For address. "errors" counts non-2xx answers and network errors, warm-ups included.
The machine (${any.machine.nproc} cores, shared with other work: see each run's load average) runs the load generator too.

${table}

${cols.map((l) => runDetails(runs[l])).join("\n")}
${freeBlock(any.machine)}`;
}

const EVENTS_TEXT = (run) =>
  `The database holds ${run.setup.events.count} public upcoming events (created through the API), ${run.setup.guests + run.setup.hosts} users and, by the reads, the memberships the writes made.`;

await runBench({
  main,
  report(result) {
    const text = `${writeTable(result)}\n\n${ratioTable(result)}\n\n50 on 10: ${rushCell(result.writes.rush)}; beside a CPU hog: ${rushCell(result.writes.rushHog)}\n` +
      `Media: ${f(result.media.downloadMBps)} MB/s with ${Math.round(result.media.storedMB)} MB stored\nInvariants: ${invariantLine(result.invariants)}\n`;
    console.log(`\n${text}`);
    writeOut(`baseline-ratios-${result.label}.json`, JSON.stringify(result, null, 2));
    writeOut(`baseline-ratios-${result.label}-server.log`, running.server.output.join(""));
    if (QUICK || opts["no-write"]) return result.invariants.ok ? 0 : 2;
    const runs = existsSync(RUNS_FILE) ? JSON.parse(readFileSync(RUNS_FILE, "utf8")) : {};
    runs[result.label] = result;
    writeFileSync(RUNS_FILE, `${JSON.stringify(runs, null, 2)}\n`);
    writeResultsSection(SECTION, resultsMarkdown(runs));
    log(`wrote bench/data-layer-runs.json (${result.label}) and the "${SECTION.slice(3)}" section of bench/RESULTS.md`);
    return result.invariants.ok ? 0 : 2;
  },
  running,
  stopSteps: [
    ["bare app", () => running.bare?.stop()],
    ["CPU hog", () => running.hog?.stop()],
    ["bench database", () => running.mongo?.dropAndClose()],
    ["test files", () => running.files.forEach((file) => rmSync(file, { force: true })), "remove"],
  ],
});
