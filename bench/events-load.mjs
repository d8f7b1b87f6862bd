// Load test of joining, RSVPs and the event page against the PRODUCTION build (issue "Events", item 11).
//
//   export NEXT_DIST_DIR=.next-bench-events && npx next build && node bench/events-load.mjs
//
// Starts a throwaway FerretDB (unless MONGODB_URI is set), an SMTP sink that discards mail and
// `next start`, seeds verified users straight into the database, signs each of them in ONCE through
// POST /api/v1/auth/login for a bearer token, creates the benchmark events through POST /api/v1/events
// (200 public events with 50 seats, 20 unlimited, and "hot" events), then measures with 32 concurrent
// keep-alive clients, each phase an unmeasured warm-up and then a measured window:
//   (a) POST /api/v1/events/join            spread over the 220 events, then all 32 clients on ONE hot event
//   (b) POST /api/v1/events/{id}/rsvp       toggling the memberships made in (a): spread, then the hot event
//   (c) GET  /events/{id} (HTML page) and GET /api/v1/events/{id} (JSON), anonymous, public events
// Afterwards it checks on the database, for every benchmark event, that attending ≤ max_people,
// that the stored counters equal a recount of its memberships (and seats_left, invite_uses agree),
// and that no lock was left behind. Writes its section of bench/RESULTS.md ("## Events load (issue 4)";
// the other sections are kept). Everything it started is stopped at the end, even on error.
//
// Membership writes are guarded single-document updates on the event (lib/events/seats.ts), so
// the hot-event phases measure what 32 clients contending for one event document cost. (Until
// issue 10 they ran under a per-event lock; the "## Events load" text in RESULTS.md written by the
// explanations below describes that lock and is kept as the record of those runs.)
//
// Rate limits stay on (Redis at REDIS_URL): logins (5/min per IP and per email) and joins (30/min
// per IP) each carry their own X-Forwarded-For address, trusted because TRUSTED_PROXY_HEADER is set
// exactly as behind a real proxy, and every email signs in once. The limiter's keys
// (invyta:rl:login-*, invyta:rl:invite-token-ip:*) are left in Redis and expire within about two minutes.
//
// NEXT_DIST_DIR picks the build folder (default .next-bench-events). BENCH_USERS sets the number of
// guests (default 192). BENCH_QUICK=1 shortens every phase (a smoke test) and prints the table without
// writing RESULTS.md.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import {
  apiRequest,
  checkBuild,
  clientAddresses,
  connectMongo,
  cpuBusy,
  cpuSnapshot,
  fmt as f,
  freeBlock,
  keepAliveAgent,
  latencyTable,
  loadAverage,
  log,
  machineInfo,
  measureWindow,
  newStats,
  runBench,
  runClients,
  sleep,
  startStack,
  statusKey,
  summarize,
  writeOut,
  writeResultsSection,
} from "./lib.mjs";
import { checkEventInvariants, createEvents, hotJoins, invariantLine, joiner, rsvpSender, seedUsers, signIn, spreadJoins, topUpHot } from "./events-workload.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const CLIENTS = 32;
const PHASE = QUICK ? { warm: 1, secs: 3 } : { warm: 3, secs: 15 };
const LOGIN_CLIENTS = 16;
const CREATE_CLIENTS = 8;
const HOSTS = 4;
const GUESTS = Number(process.env.BENCH_USERS ?? (QUICK ? 96 : 192));
const CAPPED_EVENTS = 200;
const CAPPED_SEATS = 50;
const UNLIMITED_EVENTS = 20;
/** Hot events: one at a time takes every join; the next is used only if the guests run out on it. */
const HOT_EVENTS = 4;
const HOT_SEATS = 20; // small, so the hot event fills and its waitlist and promotions are exercised too
/** Before the hot RSVP phase, the hot event gets at least this many memberships (unmeasured joins, 8 clients). */
const HOT_MIN_MEMBERS = 2 * CLIENTS;
const RUN = randomBytes(3).toString("hex"); // in emails, so a rerun within a minute meets fresh limiter keys
const DB_NAME = "bench_events";
// next.config.ts builds into NEXT_DIST_DIR when set (concurrent builds each use their own folder).
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next-bench-events";
const COMMAND = `cd /work/main && export NEXT_DIST_DIR=${DIST_DIR} && npx next build && node bench/events-load.mjs`;
const SECTION = "## Events load (issue 4)";

// ---------------------------------------------------------------------------------------------
// What the bench starts (`runBench` stops it all at the end)

const running = { db: null, sink: null, server: null, mongo: null };

/** CPU time of the machine and of the server, the database, this process and redis-server (split by `parts`). */
const snapshot = () => cpuSnapshot({ serverGroup: running.server?.child.pid, dbPid: running.db?.pid });

// ---------------------------------------------------------------------------------------------
// Seeding: users straight into the database (events-workload.mjs); events go through the API.

async function openDb(uri) {
  const client = await connectMongo(uri);
  const db = client.db(DB_NAME);
  running.mongo = {
    db,
    // A throwaway FerretDB is deleted whole; on a configured server the bench database is dropped.
    async dropAndClose() {
      if (process.env.MONGODB_URI) await db.dropDatabase().catch(() => {});
      await client.close();
    },
  };
  return db;
}

// ---------------------------------------------------------------------------------------------
// Load

/** A table row; 429s and 409s count every answer of the phase, warm-up and stragglers included. */
function phaseRow(stats) {
  return { ...summarize(stats), count429: stats.allStatuses.get("429") ?? 0, conflicts: stats.allStatuses.get("409") ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const build = checkBuild(DIST_DIR, `No production build: ${DIST_DIR}/BUILD_ID is missing.\nBuild first, then run the bench:\n\n  ${COMMAND}\n`);
  const machine = machineInfo();
  const loadBefore = loadAverage();
  const busyBefore = await cpuBusy(3_000);
  const t0 = performance.now();
  log(`build ${DIST_DIR} ${build.id} (${build.builtAt}); run id ${RUN}${QUICK ? " (quick)" : ""}`);

  const { uri, port } = await startStack(running, { dbName: DB_NAME, distDir: DIST_DIR, env: { TRUSTED_PROXY_HEADER: "x-forwarded-for" } });

  const db = await openDb(uri);
  const { hosts, guests } = await seedUsers(db, { kind: "events", run: RUN, hosts: HOSTS, guests: GUESTS });
  log(`seeded ${hosts.length} hosts and ${guests.length} guests (verified)`);

  const ips = clientAddresses();
  // A fresh keep-alive agent per phase (as auth-load does): a socket left idle while the slowest client of
  // the previous phase finished could meet the server's keep-alive timeout on reuse (ECONNRESET).
  const newAgent = () => keepAliveAgent(CLIENTS + 8);
  let agent = newAgent();
  const call = (method, path, options) => apiRequest(agent, port, method, path, options);

  // Bearer tokens: one login per user, each from its own address (login limits: 5/min per IP and email).
  const everyone = [...hosts, ...guests];
  const { secs: loginSecs, statuses: loginStatuses } = await signIn(call, everyone, ips, LOGIN_CLIENTS);
  log(`${everyone.length} logins in ${loginSecs.toFixed(1)} s (${(everyone.length / loginSecs).toFixed(1)}/s, ${LOGIN_CLIENTS} clients)`);

  // Events through the API, as a host creates them.
  const specs = [];
  for (let i = 0; i < CAPPED_EVENTS; i++) specs.push({ kind: "capped", max_people: CAPPED_SEATS });
  for (let i = 0; i < UNLIMITED_EVENTS; i++) specs.push({ kind: "unlimited", max_people: null });
  for (let i = 0; i < HOT_EVENTS; i++) specs.push({ kind: "hot", max_people: HOT_SEATS });
  const { secs: createSecs, statuses: createStatuses } = await createEvents(call, hosts, specs, { clients: CREATE_CLIENTS });
  log(`${specs.length} events created in ${createSecs.toFixed(1)} s (${(specs.length / createSecs).toFixed(1)}/s, ${CREATE_CLIENTS} clients)`);
  const spread = specs.filter((s) => s.kind !== "hot");
  const hot = specs.filter((s) => s.kind === "hot");
  const attendances = db.collection("attendances");

  const memberships = { spread: [], hot: [] };
  const { join, joined: joinCalls } = joiner(call, ips);
  const rows = [];
  const phase = async (name, send, { clients = CLIENTS } = {}) => {
    const stats = newStats(name);
    stats.notes.membershipsAtStart = await attendances.countDocuments({});
    log(`${name}: ${PHASE.warm} s warm-up + ${PHASE.secs} s at ${clients} clients (${stats.notes.membershipsAtStart} memberships in the database)`);
    agent.destroy();
    agent = newAgent();
    await runClients({ clients, send: (c) => send(c, stats), stats, ...measureWindow(PHASE.warm, PHASE.secs), snapshot });
    const row = phaseRow(stats);
    log(`  ${row.n} requests, ${row.rps.toFixed(1)} req/s, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, non-2xx ${row.errors}`);
    rows.push(row);
    return row;
  };

  // (a1) joins spread over the 220 events (32 different events in flight).
  const E = spread.length;
  await phase("POST /api/v1/events/join, spread over 220 events", spreadJoins(join, guests, spread, memberships.spread));

  // (a2) every client joins the same hot event, each guest once; should the guests run out, the next hot event.
  const { send: hotSend, state: hotState } = hotJoins(join, guests, hot, memberships.hot);
  await phase("POST /api/v1/events/join, 32 clients on one hot event", hotSend);
  const hotUsed = hotState.used;

  // The hot RSVP phase needs memberships on the hot event for every client: at a low hot-join rate,
  // top the event up first with unmeasured joins from 8 clients (at most 30 s).
  const topUp = await topUpHot(hotSend, memberships.hot, HOT_MIN_MEMBERS, statusKey);
  if (topUp.joins) log(`topped the hot event up with ${topUp.joins} unmeasured joins in ${topUp.secs.toFixed(1)} s: ${JSON.stringify(topUp.statuses)}`);

  // (b) RSVPs on those memberships, each membership toggled by one client only.
  await phase("POST /api/v1/events/{id}/rsvp, spread", rsvpSender(call, memberships.spread, CLIENTS));
  await phase("POST /api/v1/events/{id}/rsvp, 32 clients on the hot event", rsvpSender(call, memberships.hot, CLIENTS));

  // (c) anonymous reads of public events, round robin over the 220 spread events.
  let page = 0;
  await phase("GET /events/{id} (HTML, anonymous)", async () => call("GET", `/events/${spread[page++ % E].id}`));
  let json = 0;
  await phase("GET /api/v1/events/{id} (JSON, anonymous)", async () => call("GET", `/api/v1/events/${spread[json++ % E].id}`));

  agent.destroy();
  // Promotion emails go out after the lock is released; give the last ones a moment.
  await sleep(1_000);
  const t = performance.now();
  const invariants = await checkEventInvariants(db, specs.map((s) => s.id));
  const checkMs = performance.now() - t;
  log(`invariants over ${invariants.events} events / ${invariants.memberships} memberships: ${invariants.ok ? "OK" : "VIOLATED"} (${Math.round(checkMs)} ms)`);
  for (const p of invariants.problems.slice(0, 20)) log(`  ${p}`);

  const hotMembers = memberships.hot.length;
  return {
    rows,
    machine,
    build,
    loadBefore,
    loadAfter: loadAverage(),
    busyBefore,
    invariants,
    setup: {
      users: everyone.length,
      hosts: hosts.length,
      guests: guests.length,
      loginSecs,
      createSecs,
      events: specs.length,
      loginStatuses,
      createStatuses,
      hotUsed: hotUsed.size,
      hotMembers,
      spreadMembers: memberships.spread.length,
      joinsOk: joinCalls.ok,
      topUp,
      ipsUsed: ips.used(),
      mails: running.sink.received(),
    },
    totalSecs: (performance.now() - t0) / 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

/** Per phase: memberships in the database at its start, and what the 200 answers said (warm-up included). */
function phaseNotes(rows) {
  return rows.map((r) => {
    const { membershipsAtStart, switchedHotEvent, ...outcomes } = r.notes;
    const parts = Object.entries(outcomes).map(([k, v]) => `${v}× ${k}`);
    return (
      `${r.name}: ${membershipsAtStart} memberships in the database at its start` +
      (r.cpuParts
        ? `; CPU (% of the machine) next-server ${Math.round(r.cpuParts.server)}, FerretDB ${Math.round(r.cpuParts.db)}, ` +
          `load generator ${Math.round(r.cpuParts.loadgen)}, redis ${Math.round(r.cpuParts.redis)}`
        : "") +
      (parts.length ? `; 200 answers (warm-up included): ${parts.join(", ")}` : "") +
      (switchedHotEvent ? `; the guests ran out ${switchedHotEvent}× and the phase moved on to the next hot event` : "") +
      (r.ranOut ? "; some clients ran out of work before the window ended" : "") +
      (r.errorBodies.length ? `; first failing answer of each kind: ${r.errorBodies.map((e) => `\`${e}\``).join(", ")}` : "")
    );
  });
}

/** "4× 409 in POST …" over every phase, warm-ups included. */
function errorSummary(rows) {
  return rows
    .filter((r) => r.errorCount + r.warmupErrorCount > 0)
    .map((r) => `"${r.name}": ${[r.errorCount ? `${r.errors} measured` : "", r.warmupErrorCount ? `${r.warmupErrors} in the warm-up` : ""].filter(Boolean).join(", ")}`)
    .join("; ");
}

/** CPU time (ms, all the bench's processes, or one part) per answered request in the window. */
function cpuPerRequest(r, nproc, part) {
  const share = part ? r.cpuParts?.[part] : r.cpuBench;
  return Number.isFinite(share) && r.rps > 0 ? (share / 100) * nproc * 1000 / r.rps : NaN;
}

function interpretation({ rows, machine }) {
  const [joinSpread, joinHot, rsvpSpread, rsvpHot, html, json] = rows;
  const nproc = Number(machine.nproc) || 1;
  const ratio = (a, b) => (b.rps > 0 ? `${f(a.rps / b.rps)}×` : "–");
  const s = [];
  s.push(
    `Joins spread over ${CAPPED_EVENTS + UNLIMITED_EVENTS} events run at ${f(joinSpread.rps)} req/s (p50 ${f(joinSpread.p50)} / p99 ${f(joinSpread.p99)} ms) and ` +
      `${f(joinHot.rps)} req/s with all ${CLIENTS} clients on one event (p50 ${f(joinHot.p50)} / p99 ${f(joinHot.p99)} ms), ${ratio(joinSpread, joinHot)} fewer; ` +
      `RSVPs ${f(rsvpSpread.rps)} req/s spread (p99 ${f(rsvpSpread.p99)} ms) against ${f(rsvpHot.rps)} on the hot event (p99 ${f(rsvpHot.p99)} ms), ${ratio(rsvpSpread, rsvpHot)} fewer.`,
  );
  const dbShare = joinSpread.cpuParts?.db;
  if (Number.isFinite(dbShare)) {
    s.push(
      (dbShare > 2 * joinSpread.cpuParts.server ? `Even spread, the writes are the database's work: d` : `D`) +
        `uring the spread joins FerretDB used ${Math.round(dbShare)}% of the ${nproc}-core machine ` +
        `(next-server ${Math.round(joinSpread.cpuParts.server)}%), about ${f(cpuPerRequest(joinSpread, nproc, "db"))} ms of FerretDB CPU per join — ` +
        `for its fourteen database round trips (the user, the event and membership reads; the lock's ticket insert, queue read, insert and ` +
        `two deletes; and the seat, membership, ` +
        `counter and invite-use writes) on FerretDB v1's JSON-in-SQLite storage.`,
    );
  }
  const perSpread = cpuPerRequest(joinSpread, nproc);
  const perHot = cpuPerRequest(joinHot, nproc);
  const conflicts = joinHot.conflicts + rsvpHot.conflicts;
  s.push(
    `On one event the lock serializes the joins (one every ≈ ${f(1000 / joinHot.rps)} ms) and costs more than the wait: the CPU per join of the bench's processes ` +
      `goes from ${f(perSpread)} ms spread to ${f(perHot)} ms hot, because the ${CLIENTS - 1} waiters poll the queue (lib/db.ts withLock: ` +
      `first-come, first-served tickets; the first in line polls the lock every ≤ 25 ms, the others sleep 10 ms per waiter ahead, up to 250 ms)` +
      (conflicts > 0
        ? `; ${conflicts} hot-event requests (warm-ups included) waited out the lock's 15 s limit and were answered 409 "Too many changes at once" ` +
          `(the hot p99s are ${f(joinHot.p99)} and ${f(rsvpHot.p99)} ms).`
        : `; no request waited out the lock's 15 s limit (0× 409): the longest hot join took ${f(joinHot.max)} ms, the longest hot RSVP ${f(rsvpHot.max)} ms.`),
  );
  const busy = rows.filter((r) => r.cpuOther > 30);
  s.push(
    `Anonymous reads take no lock: the event page renders ${f(html.rps)} req/s (p50 ${f(html.p50)} / p99 ${f(html.p99)} ms) and its JSON serves ${f(json.rps)} req/s ` +
      `(p50 ${f(json.p50)} / p99 ${f(json.p99)} ms).` +
      (busy.length
        ? ` Other processes took over 30% of the machine during ${busy.length} of the ${rows.length} phases (last column), which lowers those phases' rates.`
        : ""),
  );
  return s;
}

function failuresLine(rows) {
  const errs = rows.reduce((a, r) => a + r.errorCount + r.warmupErrorCount, 0);
  const c429 = rows.reduce((a, r) => a + r.count429, 0);
  return errs === 0
    ? `none, and no request was rate-limited (0× 429): each login and each join came from its own X-Forwarded-For address.`
    : `${errs}, warm-ups included, ${c429} of them 429s: ${errorSummary(rows)}.`;
}

function resultsMarkdown(result) {
  const { machine, build, loadBefore, loadAfter, busyBefore, setup, invariants, rows } = result;
  const warmup = rows.filter((r) => r.warmupErrorCount > 0).map((r) => `${r.name}: ${r.warmupErrors}`);
  return `${SECTION}

\`bench/events-load.mjs\`: the production build (\`next start\`, NODE_ENV=production, build in \`${DIST_DIR}\`) on a local FerretDB
v1.24.2 (SQLite), rate limits in Redis at 127.0.0.1:6379 (on: joins 30/min per IP, logins 5/min per IP and per email), ${CLIENTS}
concurrent keep-alive clients (\`node:http\`) on the same machine, each sending its next request as soon as the previous one is
answered. Events are created through POST /api/v1/events: ${CAPPED_EVENTS} public events with ${CAPPED_SEATS} seats and ${UNLIMITED_EVENTS} unlimited
("spread"), and hot events with ${HOT_SEATS} seats. Phases: (a) POST /api/v1/events/join with the invite token, a fresh (guest,
event) pair each time — spread over the ${CAPPED_EVENTS + UNLIMITED_EVENTS} events (32 different events in flight), then all clients on ONE hot event,
where the per-event lock (\`withLock\`, lib/db.ts) serializes them; (b) POST /api/v1/events/{id}/rsvp toggling the memberships
made in (a) (attending → maybe → not_attending → attending; waitlisted → maybe), each membership owned by one client, spread and
then on the hot event; (c) anonymous GET /events/{id} (the HTML page) and GET /api/v1/events/{id}, round robin over the
spread events. Each phase: ${PHASE.warm} s unmeasured warm-up, then ${PHASE.secs} s measured. req/s = answers received in the
measured window ÷ its length; latencies (client-side, ms) are over the requests started in the window, percentiles by nearest rank.
The last column is the share of the whole machine (${machine.nproc} cores = 100 %) used during the window by the bench's own processes
(next-server, FerretDB, redis-server, the load generator) and by everything else on the machine.

${latencyTable(rows)}

${interpretation(result).join(" ")}

**Failures:** ${failuresLine(rows)}

**Invariants** (read from the database after the run): ${invariantLine(invariants)}

Per phase (memberships in the database at its start; how the bench's share of the CPU split; what the 200 answers said, for RSVPs as
the status the bench last saw → the status answered, so a guest promoted from the waitlist in between still counts as "waitlisted"):
${phaseNotes(rows).map((l) => `- ${l}`).join("\n")}

- **Date:** ${machine.date}
- **Command:** \`${COMMAND}\`
- **Machine:** nproc ${machine.nproc}; CPU ${machine.cpu}; Node ${machine.node}; load average (1/5/15 min) ${loadBefore} before the run, ${loadAfter} after;
  other processes kept ${busyBefore}% of the CPU busy in the 3 s before the run (the load generator shares the machine too)
- **Build:** \`${DIST_DIR}/BUILD_ID\` ${build.id}, built ${build.builtAt}; at run time HEAD was ${machine.commit}${machine.dirty ? " plus uncommitted changes in the working tree" : ""}${
    new Date(machine.commitAt).getTime() > new Date(build.builtAt).getTime() ? ` (committed ${machine.commitAt}, after the build: the build may not contain it)` : ""
  }
- **Failures during the unmeasured warm-ups:** ${warmup.length ? warmup.join("; ") : "none"}
- **Data:** ${setup.hosts} hosts and ${setup.guests} guests seeded directly (verified, one shared bcrypt hash, cost 10), each signed in once
  through POST /api/v1/auth/login for a bearer token (${setup.users} logins in ${setup.loginSecs.toFixed(1)} s, ${LOGIN_CLIENTS} clients);
  ${setup.events} events created through the API in ${setup.createSecs.toFixed(1)} s (${CREATE_CLIENTS} clients; ${setup.hotUsed} of the ${HOT_EVENTS} hot events used).
  ${setup.joinsOk} joins answered 200 (${setup.spreadMembers} spread, ${setup.hotMembers} hot${setup.topUp.joins ? `, of which ${setup.topUp.joins} were unmeasured top-up joins (8 clients, ${setup.topUp.secs.toFixed(1)} s, statuses ${JSON.stringify(setup.topUp.statuses)}) so that the hot RSVP phase had ${HOT_MIN_MEMBERS} memberships to toggle` : ""}); ${setup.ipsUsed} distinct 10.x.y.z addresses in
  \`X-Forwarded-For\` (\`TRUSTED_PROXY_HEADER=x-forwarded-for\`), one per login and per join; ${setup.mails} waitlist-promotion emails reached the SMTP sink.
- **Run time:** ${Math.round(result.totalSecs)} s from start to the invariant check
- **Left behind:** the limiter's Redis keys \`invyta:rl:login-*\` and \`invyta:rl:invite-token-ip:*\`, which expire on their own
  within about two minutes; the server, FerretDB (and its temporary data) and the SMTP sink are stopped/removed.

${freeBlock(machine)}`;
}

await runBench({
  main,
  report(result) {
    console.log(
      `\n${latencyTable(result.rows)}\n\n${interpretation(result).join("\n\n")}\n\nFailures: ${failuresLine(result.rows)}\n\n` +
        `Invariants: ${invariantLine(result.invariants)}\n\n` +
        `${phaseNotes(result.rows).join("\n")}\n\nFailures during the unmeasured warm-ups: ` +
        `${result.rows.filter((r) => r.warmupErrorCount > 0).map((r) => `${r.name}: ${r.warmupErrors}`).join("; ") || "none"}\n`,
    );
    if (!QUICK) {
      writeResultsSection(SECTION, resultsMarkdown(result));
      writeOut("events-load-server.log", running.server.output.join(""));
      log(`wrote the "${SECTION.slice(3)}" section of bench/RESULTS.md (server log in bench/.out/events-load-server.log)`);
    }
    return result.invariants.ok ? 0 : 2;
  },
  running,
  stopSteps: [["bench database", () => running.mongo?.dropAndClose()]],
});
