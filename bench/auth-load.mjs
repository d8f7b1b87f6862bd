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
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import bcrypt from "bcryptjs";
import {
  BCRYPT_COST,
  PASSWORD,
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
  startStack,
  summarize,
  verifiedUser,
  writeOut,
  writeResultsSection,
} from "./lib.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const CLIENTS = 16;
const SECONDS = QUICK
  ? { loginWarm: 1, login: 3, meWarm: 1, me: 3, healthWarm: 1, health: 3 }
  : { loginWarm: 3, login: 20, meWarm: 2, me: 20, healthWarm: 1, health: 10 };
const MAX_USES_PER_EMAIL = 4; // the per-email limit is 5 per minute
const SEED_USERS = 4000; // ≈ 16 clients × 40 s of login × up to 25 logins/s ÷ 4, with room to spare
const RUN = randomBytes(3).toString("hex"); // in emails, so a rerun within a minute meets fresh limiter keys
// next.config.ts builds into NEXT_DIST_DIR when set (concurrent builds each use their own folder).
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
const COMMAND = process.env.NEXT_DIST_DIR
  ? `cd /work/main && export NEXT_DIST_DIR=${process.env.NEXT_DIST_DIR} && npx next build && node bench/auth-load.mjs`
  : "cd /work/main && npx next build && node bench/auth-load.mjs";
const SECTION = "## Auth load (issue 3)";

// ---------------------------------------------------------------------------------------------
// What the bench starts (`runBench` stops it all at the end)

const running = { db: null, sink: null, server: null, seeded: null };

/** CPU time of the machine and of the server, the database, this process and redis-server. */
const snapshot = () => cpuSnapshot({ serverGroup: running.server?.child.pid, dbPid: running.db?.pid });

// ---------------------------------------------------------------------------------------------
// Seeding

async function seedUsers(uri) {
  const client = await connectMongo(uri);
  const users = client.db("bench").collection("users");
  const password_hash = await bcrypt.hash(PASSWORD, BCRYPT_COST); // one hash, reused by every user
  const emails = [];
  const now = new Date();
  for (let start = 0; start < SEED_USERS; start += 1000) {
    const docs = [];
    for (let i = start; i < Math.min(SEED_USERS, start + 1000); i++) {
      const email = `bench-${RUN}-${i}@example.test`;
      emails.push(email);
      docs.push(verifiedUser(email, password_hash, now));
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

/** A table row; a 429 counts when its request started before the window ended, warm-up included. */
function phaseRow(stats) {
  return { ...summarize(stats), count429: (stats.statuses.get("429") ?? 0) + (stats.warmupErrors.get("429") ?? 0) };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const build = checkBuild(DIST_DIR, `No production build: ${DIST_DIR}/BUILD_ID is missing.\nBuild first, then run the bench:\n\n  ${COMMAND}\n`);
  const machine = machineInfo();
  const loadBefore = loadAverage();
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

  // The limiter's Redis client logs "Command timed out" when the event loop holds it up past 1 s.
  let redisTimeouts = 0;
  const { uri, port } = await startStack(running, {
    dbName: "bench",
    distDir: DIST_DIR,
    env: { TRUSTED_PROXY_HEADER: "x-forwarded-for" },
    onOutput: (text) => (redisTimeouts += (text.match(/Command timed out/g) ?? []).length),
  });

  const seed = await seedUsers(uri);
  // A throwaway FerretDB is deleted whole; a configured database gets its bench users removed.
  running.seeded = async () => {
    if (process.env.MONGODB_URI) await seed.remove();
    await seed.close();
  };
  log(`seeded ${seed.emails.length} verified users`);

  const ips = clientAddresses();
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
    const r = await apiRequest(agent, port, "POST", "/api/v1/auth/login", { body: { email, password: PASSWORD }, ip: ips.next() });
    if (r.status === 200 && tokens.length < 256) tokens.push(JSON.parse(r.body).access_token);
    return r;
  };
  const newAgent = () => keepAliveAgent(CLIENTS + 4);
  const phaseWindow = (warm, secs) => ({ ...measureWindow(warm, secs), stop: () => loginBudgetExceeded, snapshot });

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
  const me = async () => apiRequest(agent, port, "GET", "/api/v1/auth/me", { token: tokens[meCounter++ % tokens.length] });
  await runClients({ clients: CLIENTS, send: me, stats: meStats, ...phaseWindow(SECONDS.meWarm, SECONDS.me) });
  agent.destroy();

  // (c) /api/health alone, then under login load
  log(`(c) /api/health: ${SECONDS.health} s alone, then ${SECONDS.health} s beside ${CLIENTS} login clients`);
  const health = (a) => async () => apiRequest(a, port, "GET", "/api/health");
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

  const rows = [loginStats, meStats, healthIdle, healthLoaded, loginLoaded].map(phaseRow);
  const maxUses = Math.ceil(loginCounter / seed.emails.length);
  const loadAfter = loadAverage();
  const serverLog = running.server.output.join("");
  return { rows, machine, build, loadBefore, loadAfter, busyBefore, redisTimeouts, compareMs, logins: loginCounter, maxUses, seeded: seed.emails.length, serverLog };
}

// ---------------------------------------------------------------------------------------------
// Report

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

${latencyTable(result.rows)}

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

${freeBlock(machine)}`;
}

await runBench({
  main,
  report(result) {
    console.log(`\n${latencyTable(result.rows)}\n\n${interpretation(result).join("\n\n")}\n`);
    if (QUICK) return;
    writeResultsSection(SECTION, resultsMarkdown(result));
    writeOut("auth-load-server.log", result.serverLog);
    log(`wrote the "${SECTION.slice(3)}" section of bench/RESULTS.md (server log in bench/.out/auth-load-server.log)`);
  },
  running,
  stopSteps: [["seeded users", () => running.seeded?.()]],
});
