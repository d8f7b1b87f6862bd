// Load test of discover and recommendations against the PRODUCTION build (issue 10, item 4: the
// in-process catalog, lib/discover/catalog.ts).
//
//   NEXT_DIST_DIR=.next-bench-discover npx next build && node bench/discover-load.mjs
//
// Starts a throwaway FerretDB (unless MONGODB_URI is set) and seeds a database `bench_discover`
// straight through the driver (insertMany in batches): 10,000 users with favorite categories, events
// with tags drawn from a ~200-word vocabulary by a Zipf law (20 % private, 10 % past), and about
// 30,000 memberships. Then `next start`s the build (with --expose-gc, so the catalog's log line
// gives live heap figures), signs some users in for bearer tokens, and at each size — 1,000, 10,000
// and 100,000 UPCOMING PUBLIC events, the same database grown between them — measures with 1 and
// with 8 concurrent keep-alive clients:
//   GET /api/v1/recommendations (users with favorites; users without: the popular fallback),
//   GET /api/v1/events?tag=…&q=…, GET /api/v1/events?sort=newest&limit=50, GET /discover?tag=… (HTML);
// and the catalog's refresh cost: the full rebuild (in the server: ms, heap; forced after each
// growth by a new epoch in the version document, as invalidateCatalog does), the reads of an
// incremental refresh (the version document, changed events by `_id: {$in}`), and how long a new
// event noted the way noteCatalogChange notes it takes to show up. Plus the raw database time of
// the reads a request still makes (the user's memberships above all), and recommendations with the
// attendances collection set aside, which is what they cost once memberships are point reads.
// Writes bench/RESULTS.md's section "Discover and recommendations (issue 10)" (other sections kept).
//
// BENCH_SIZES="1000,10000,100000" picks the sizes; seeding stops at SEED_BUDGET_S (default 600 s)
// and the bench measures at the size reached. BENCH_QUICK=1: 500 and 2,000 events, 1,000 users,
// short phases; prints without writing RESULTS.md.
import { randomBytes, randomInt } from "node:crypto";
import { performance } from "node:perf_hooks";
import bcrypt from "bcryptjs";
import { ObjectId } from "mongodb";
import {
  BCRYPT_COST,
  PASSWORD,
  apiRequest,
  checkBuild,
  clientAddresses,
  connectMongo,
  cpuSnapshot,
  failures,
  fmt,
  freePort,
  keepAliveAgent,
  loadAverage,
  log,
  machineInfo,
  median,
  percentile,
  request,
  runBench,
  serverEnv,
  sleep,
  sortedSamples,
  startDatabase,
  startServer,
  startSink,
  statusKey,
  tally,
  verifiedUser,
  waitUntilHealthy,
  writeOut,
  writeResultsSection,
} from "./lib.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const DIST = process.env.NEXT_DIST_DIR || ".next-bench-discover";
const DB_NAME = "bench_discover";
/** Upcoming public events to measure at, growing the same database between them. */
const SIZES = (process.env.BENCH_SIZES ?? (QUICK ? "500,2000" : "1000,10000,100000")).split(",").map(Number);
const USERS = Number(process.env.BENCH_USERS ?? (QUICK ? 1_000 : 10_000));
const SEED_BUDGET_MS = Number(process.env.SEED_BUDGET_S ?? 600) * 1000;
const BATCH = 2000;
const CLIENTS = [1, 8];
const PHASE = QUICK ? { warm: 1, secs: 4, minSamples: 10, maxSecs: 15 } : { warm: 2, secs: 10, minSamples: 40, maxSecs: 30 };
const TOKENS_WITH_FAVORITES = QUICK ? 8 : 48;
const TOKENS_WITHOUT = QUICK ? 4 : 16;
const COMMAND = "cd /work/main && NEXT_DIST_DIR=.next-bench-discover npx next build && node bench/discover-load.mjs";
const SECTION = "## Discover and recommendations (issue 10)";
const REQUEST_TIMEOUT_MS = 300_000;
/** How long the server may take to rebuild its catalog after a growth (a full FerretDB scan). */
const REBUILD_TIMEOUT_MS = 600_000;

// ---------------------------------------------------------------------------------------------
// lib/events/text.ts, reimplemented: Node 20 cannot import TypeScript. Same folding, same limits.

const MAX_SEARCH_TERMS = 200;
const MAX_TERM_LENGTH = 64;

function termsOf(parts, limit) {
  const terms = new Set();
  for (const part of parts) {
    const folded = part.toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "");
    for (const word of folded.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []) {
      const chars = [...word];
      if (chars.length < 2) continue;
      terms.add(chars.slice(0, MAX_TERM_LENGTH).join(""));
      if (terms.size >= limit) return [...terms];
    }
  }
  return [...terms];
}
const searchTerms = (...parts) => termsOf(parts, MAX_SEARCH_TERMS);

// ---------------------------------------------------------------------------------------------
// Vocabulary: ~200 tags in rough order of popularity (rank 1 = most common under the Zipf law).

const TAGS = `music live-music party food hiking tech networking sports outdoors art workshop meetup
  startup community family kids fitness yoga running board-games gaming film books coffee wine beer
  dance photography travel volunteering charity education science design programming javascript python
  ai web3 marketing business career language-exchange cooking baking vegan bbq brunch jazz rock
  indie-music classical-music hip-hop electronic techno house-music karaoke open-mic comedy theatre
  poetry writing crafts knitting pottery painting drawing sculpture museum history architecture cycling
  mountain-biking climbing bouldering swimming surfing sailing kayaking skiing snowboarding camping
  trail-running marathon triathlon football basketball tennis volleyball badminton table-tennis chess
  poker trivia quiz escape-room lgbtq women-in-tech parenting pets dogs cats gardening sustainability
  climate zero-waste health mental-health meditation mindfulness pilates crossfit martial-arts boxing
  salsa tango swing-dance ballroom folk country blues soul reggae latin k-pop anime cosplay comics
  sci-fi fantasy tabletop-rpg video-games esports hackathon open-source data-science cloud security
  blockchain product-management ux startups investing finance real-estate crypto entrepreneurship
  public-speaking toastmasters book-club philosophy religion spirituality astronomy birdwatching
  nature wildlife foraging farmers-market street-food food-truck wine-tasting craft-beer cocktails
  tea whisky cheese chocolate picnic rooftop festival concert street-art graffiti fashion vintage
  thrift diy maker robotics 3d-printing electronics drones cars motorcycles aviation trains
  photography-walk city-walk tour architecture-tour local-history genealogy languages spanish french
  german japanese mandarin italian esl student alumni graduates seniors singles`
  .split(/\s+/)
  .filter(Boolean);

/** Zipf sampler over `n` ranks: P(rank r) ∝ 1 / r^s. */
function zipf(n, s = 1.05) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let r = 1; r <= n; r++) cdf[r - 1] = sum += 1 / r ** s;
  for (let i = 0; i < n; i++) cdf[i] /= sum;
  return () => {
    const u = Math.random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
const tagRank = zipf(TAGS.length);
const pick = (list) => list[randomInt(list.length)];

function distinctTags(count) {
  const out = new Set();
  for (let guard = 0; out.size < count && guard < 50; guard++) out.add(TAGS[tagRank()]);
  return [...out];
}

const TITLE_OPENERS = ["Sunday", "Friday night", "Morning", "Weekend", "Evening", "Monthly", "Summer", "Winter", "Spring", "Late-night", "After-work", "Beginner"];
const TITLE_NOUNS = ["meetup", "session", "night", "social", "club", "jam", "workshop", "gathering", "walk", "festival", "hangout", "class"];
const PLACES = [
  "Berlin", "Lisbon", "Austin", "Toronto", "Bengaluru", "Nairobi", "Melbourne", "São Paulo", "Kraków", "Osaka", "Mexico City", "Dublin",
  "Seattle", "Cape Town", "Buenos Aires", "Copenhagen", "Seoul", "Edinburgh", "Montréal", "Zürich",
];
const VENUES = ["Community Hall", "Central Park", "Riverside Café", "Old Library", "Co-working Loft", "Harbour Pier", "Main Square", "Rooftop Bar", "City Museum", "Botanical Garden"];
const SENTENCES = [
  "Everyone is welcome, beginners included.",
  "Bring a friend and something to share.",
  "We meet at the entrance and start on time.",
  "Snacks and drinks provided.",
  "Wear comfortable shoes.",
  "There is a short introduction for newcomers.",
  "Tickets are free but seats are limited.",
  "We finish with dinner nearby for those who want to stay.",
];

const DAY = 86_400_000;

function makeEvent(now, ownerIds) {
  const tags = distinctTags(1 + Math.min(3, Math.floor(-Math.log(Math.random()) * 1.2)));
  const words = tags[0].replace(/-/g, " ");
  const title = `${pick(TITLE_OPENERS)} ${words} ${pick(TITLE_NOUNS)}`;
  const description = `${title}. ${pick(SENTENCES)} ${pick(SENTENCES)} Topics: ${tags.map((t) => t.replace(/-/g, " ")).join(", ")}.`;
  const location = `${pick(VENUES)}, ${pick(PLACES)}`;
  // 10 % already past; the rest spread over the next year.
  const startsAt = new Date(now + (Math.random() < 0.1 ? -Math.random() * 60 * DAY : Math.random() * 365 * DAY));
  const createdAt = new Date(Math.min(now - 60_000, startsAt.getTime() - (1 + Math.random() * 90) * DAY));
  const attending = Math.floor(200 / (1 + randomInt(200)) ** 0.9) - 1;
  const maxPeople = Math.random() < 0.3 ? 10 + randomInt(190) : null;
  const going = maxPeople === null ? Math.max(0, attending) : Math.min(maxPeople, Math.max(0, attending));
  return {
    _id: new ObjectId(),
    owner_id: pick(ownerIds),
    title,
    description,
    starts_at: startsAt,
    ends_at: null,
    timezone: "UTC",
    location,
    max_people: maxPeople,
    seats_left: maxPeople === null ? null : maxPeople - going,
    is_private: Math.random() < 0.2,
    tags,
    search_terms: searchTerms(title, description, location, tags.join(" ")),
    invite_token: randomBytes(24).toString("base64url"),
    invite_expires_at: null,
    invite_max_uses: null,
    invite_uses_left: null,
    invite_uses: 0,
    counts: { pending: 0, waitlisted: 0, attending: going, maybe: randomInt(5), not_attending: 0 },
    created_at: createdAt,
    updated_at: createdAt,
  };
}

// No index is created here: the app creates the INDEXES of lib/db/indexes.ts itself on its first database use (the
// first login below). Creating them first would trip a FerretDB v1.24.2 bug: createIndexes with two
// or more indexes that all exist already panics in FerretDB and closes the connection
// ("runtime error: slice bounds out of range [:2:1]"), so the app's own createIndexes would fail.

/** Seeds users, then events in stages (`grow`), then memberships (`addMemberships`). */
async function openSeeder(uri) {
  const client = await connectMongo(uri);
  const db = client.db(DB_NAME);
  await db.dropDatabase();
  const now = Date.now();
  const run = randomBytes(3).toString("hex");
  const password_hash = await bcrypt.hash(PASSWORD, BCRYPT_COST); // one hash, shared

  // Users: 20 % without favorites, the rest 1–5 favorites stored as people type them ("live music").
  const users = [];
  const t0 = performance.now();
  for (let start = 0; start < USERS; start += BATCH) {
    const docs = [];
    for (let i = start; i < Math.min(USERS, start + BATCH); i++) {
      const favorites = Math.random() < 0.2 ? [] : distinctTags(1 + randomInt(5)).map((t) => t.replace(/-/g, " "));
      docs.push(verifiedUser(`bench-${run}-${i}@example.test`, password_hash, new Date(now), { favorites }));
    }
    await db.collection("users").insertMany(docs, { ordered: false });
    users.push(...docs.map((d) => ({ _id: d._id, email: d.email, favorites: d.favorites })));
  }
  const timings = { usersMs: performance.now() - t0, eventsMs: 0, membershipsMs: 0 };
  log(`seeded ${users.length} users in ${(timings.usersMs / 1000).toFixed(1)} s`);

  const ownerIds = users.map((u) => u._id);
  const publicUpcoming = [];
  const counts = { users: users.length, events: 0, upcomingPublic: 0, memberships: 0 };

  /** Inserts events until `target` of them are upcoming and public (or the time budget); false when the budget stopped it. */
  async function grow(target) {
    const t1 = performance.now();
    while (counts.upcomingPublic < target) {
      // The budget counts time spent inserting, not the measuring between stages.
      if (timings.usersMs + timings.membershipsMs + timings.eventsMs + (performance.now() - t1) > SEED_BUDGET_MS) {
        log(`seeding budget of ${SEED_BUDGET_MS / 1000} s spent at ${counts.upcomingPublic} upcoming public events`);
        timings.eventsMs += performance.now() - t1;
        return false;
      }
      const docs = [];
      while (docs.length < BATCH && counts.upcomingPublic < target) {
        const d = makeEvent(now, ownerIds);
        docs.push(d);
        if (!d.is_private && d.starts_at.getTime() > now) {
          counts.upcomingPublic++;
          if (publicUpcoming.length < 50_000) publicUpcoming.push(d._id);
        }
      }
      await db.collection("events").insertMany(docs, { ordered: false });
      counts.events += docs.length;
      if (counts.events % 20_000 < BATCH) log(`  ${counts.events} events (${((performance.now() - t1) / 1000).toFixed(0)} s this stage)`);
    }
    timings.eventsMs += performance.now() - t1;
    log(`${counts.events} events seeded, ${counts.upcomingPublic} upcoming public (events so far: ${(timings.eventsMs / 1000).toFixed(1)} s)`);
    return true;
  }

  /** Each user joins 0–6 public upcoming events (mostly attending): implicit tags and exclusions have work to do. */
  async function addMemberships() {
    const t2 = performance.now();
    let batch = [];
    const statuses = ["attending", "attending", "attending", "maybe", "not_attending", "pending"];
    const flush = async () => {
      if (!batch.length) return;
      await db.collection("attendances").insertMany(batch, { ordered: false });
      counts.memberships += batch.length;
      batch = [];
    };
    for (const u of users) {
      const chosen = new Set();
      const n = randomInt(7);
      while (chosen.size < n && publicUpcoming.length) chosen.add(publicUpcoming[randomInt(publicUpcoming.length)]);
      for (const eventId of chosen) {
        // The deterministic membership _id ("am I in this event" is a point read), as issue 10 has it.
        const _id = `${eventId.toHexString()}:${u._id.toHexString()}`;
        batch.push({ _id, event_id: eventId, user_id: u._id, status: pick(statuses), waitlisted_at: null, created_at: new Date(now), updated_at: new Date(now) });
      }
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    timings.membershipsMs = performance.now() - t2;
    log(`seeded ${counts.memberships} memberships in ${(timings.membershipsMs / 1000).toFixed(1)} s`);
  }

  return { client, db, users, counts, timings, grow, addMemberships, publicUpcoming };
}

// ---------------------------------------------------------------------------------------------
// The catalog's version document, written as lib/db/version-ring.ts writes it (the bench
// cannot import TypeScript): `{_id: "events", epoch, seq, recent}`.

const RING_SIZE = 256;

/** invalidateCatalog: a new epoch, so every process rebuilds at its next check. */
async function invalidateCatalog(db) {
  await db.collection("catalog").updateOne({ _id: "events" }, { $set: { epoch: `bench-${randomBytes(6).toString("hex")}`, recent: [] }, $inc: { seq: 1 } }, { upsert: true });
}

/** noteCatalogChange's database half: `$inc` + `$push` in one update, then the ring trimmed. */
async function noteCatalogChange(db, eventId) {
  const coll = db.collection("catalog");
  await coll.updateOne({ _id: "events" }, { $inc: { seq: 1 }, $push: { recent: eventId.toHexString() }, $setOnInsert: { epoch: "bench" } }, { upsert: true });
  await coll.updateOne({ _id: "events", [`recent.${RING_SIZE}`]: { $exists: true } }, { $pop: { recent: -1 } });
}

const CATALOG_PROJECTION = { _id: 1, owner_id: 1, starts_at: 1, created_at: 1, is_private: 1, tags: 1, search_terms: 1, seats_left: 1, "counts.attending": 1 };

// ---------------------------------------------------------------------------------------------
// What the bench starts (`runBench` stops it all at the end), and the server's catalog log lines

const running = { db: null, sink: null, server: null, client: null };

/** "[invyta] discover catalog: N upcoming public events in X ms (heap A → B MB)", as lib/discover/catalog.ts logs each rebuild. */
const REBUILD_LINE = /discover catalog: (\d+) upcoming public events in (\d+) ms \(heap (\d+) → (\d+) MB\)/g;
const rebuilds = [];
function watchRebuilds(text) {
  for (const m of text.matchAll(REBUILD_LINE)) {
    rebuilds.push({ at: performance.now(), count: Number(m[1]), ms: Number(m[2]), heapBefore: Number(m[3]), heapAfter: Number(m[4]) });
  }
}

/** Pokes the server (the catalog checks its version on requests) until it logs a rebuild that started after `since`. */
async function awaitRebuild(port, since, minCount) {
  const deadline = performance.now() + REBUILD_TIMEOUT_MS;
  for (;;) {
    const done = rebuilds.find((r) => r.at > since && r.count >= minCount);
    if (done) return done;
    if (performance.now() > deadline) throw new Error(`no catalog rebuild of ≥ ${minCount} events within ${REBUILD_TIMEOUT_MS / 1000} s`);
    void request(undefined, port, { path: "/api/v1/events?limit=1", timeoutMs: REBUILD_TIMEOUT_MS });
    await sleep(1000);
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

function cpuShares(a, b) {
  const dt = a && b ? b.total - a.total : 0;
  if (dt <= 0) return null;
  const pct = (x) => (100 * x) / dt;
  return { server: pct(b.parts.server - a.parts.server), db: pct(b.parts.db - a.parts.db), other: Math.max(0, pct(b.busy - a.busy - (b.bench - a.bench))) };
}

/**
 * `clients` loops, each sending its next request when the previous answer arrives. After a warm-up,
 * the window runs PHASE.secs, longer (up to PHASE.maxSecs) until PHASE.minSamples requests started.
 */
async function phase(name, port, clients, nextRequest) {
  const agent = keepAliveAgent(clients + 2);
  const measureFrom = performance.now() + PHASE.warm * 1000;
  const maxEnd = measureFrom + PHASE.maxSecs * 1000;
  let end = measureFrom + PHASE.secs * 1000;
  const samples = [];
  const statuses = new Map();
  const errorBodies = [];
  let completed = 0;
  let cpuStart = null;
  const timer = setTimeout(() => (cpuStart = snapshot()), PHASE.warm * 1000);
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (performance.now() < end) {
        const r = await request(agent, port, { ...nextRequest(c), timeoutMs: REQUEST_TIMEOUT_MS });
        if (r.status !== 200 && errorBodies.length < 3) errorBodies.push(`${statusKey(r)} ${(r.body ?? r.error ?? "").slice(0, 160)}`);
        if (r.start >= measureFrom && r.start < end) {
          samples.push(r.ms);
          tally(statuses, statusKey(r));
          if (r.start + r.ms <= end) completed++;
        }
        // Slow answers: stretch the window until enough requests were measured.
        if (performance.now() >= end && samples.length < PHASE.minSamples && end < maxEnd) end = Math.min(maxEnd, performance.now() + 2_000);
      }
    }),
  );
  clearTimeout(timer);
  const cpu = cpuShares(cpuStart, snapshot());
  agent.destroy();
  const sorted = sortedSamples(samples);
  const row = {
    name,
    clients,
    n: sorted.length,
    rps: completed / ((end - measureFrom) / 1000),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
    errors: failures(statuses).text,
    errorBodies,
    cpu,
  };
  log(`${name}, ${clients} client(s): n=${row.n} p50=${fmt(row.p50)} p95=${fmt(row.p95)} ms (${row.errors} errors)`);
  return row;
}

function snapshot() {
  return cpuSnapshot({ serverGroup: running.server?.child.pid, dbPid: running.db?.pid });
}

/** The median time of `runs` runs of `fn` (ms), and what the last run returned. */
async function timed(runs, fn) {
  const times = [];
  let value;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = await fn(i);
    times.push(performance.now() - t);
  }
  return { ms: median(times), value };
}

/** The reads a refresh and a request make, timed from the bench process (no HTTP, server idle). */
async function rawReads(db, { users, publicUpcoming: sample }, size) {
  const events = db.collection("events");
  const now = new Date();
  const ids = (k, i) => Array.from({ length: k }, (_, j) => sample[(i * 37 + j * 7) % sample.length]);
  const scan = await timed(size > 2000 ? 1 : 3, () =>
    events.find({ is_private: false, starts_at: { $gte: new Date(now.getTime() - 300_000) } }, { projection: CATALOG_PROJECTION }).toArray(),
  );
  const favUser = users.find((u) => u.favorites.length >= 3) ?? users[0];
  const out = {
    scan: { ms: scan.ms, rows: scan.value.length },
    version: (await timed(10, () => db.collection("catalog").findOne({ _id: "events" }))).ms,
    reread: {},
    hydrate20: (await timed(5, (i) => events.find({ _id: { $in: ids(20, i) } }).toArray())).ms,
    memberships: (await timed(3, () => db.collection("attendances").find({ user_id: favUser._id }, { projection: { event_id: 1, status: 1 } }).sort({ _id: -1 }).limit(2000).toArray())).ms,
    user: (await timed(5, () => db.collection("users").findOne({ _id: favUser._id }, { projection: { favorites: 1 } }))).ms,
  };
  for (const k of [1, 16, RING_SIZE]) out.reread[k] = (await timed(5, (i) => events.find({ _id: { $in: ids(k, i) } }, { projection: CATALOG_PROJECTION }).toArray())).ms;
  log(`raw reads at ${size}: scan ${fmt(out.scan.ms)} ms (${out.scan.rows} rows), memberships ${fmt(out.memberships)} ms, re-read 256 ${fmt(out.reread[RING_SIZE])} ms`);
  return out;
}

/** A new upcoming public event, noted as noteCatalogChange notes it; ms until GET /api/v1/events?tag= shows it. */
async function visibleAfterNote(db, port, seeder) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const tag = `noted-${randomBytes(4).toString("hex")}`;
    const doc = { ...makeEvent(Date.now(), [seeder.users[0]._id]), is_private: false, starts_at: new Date(Date.now() + 7 * DAY), tags: [tag] };
    await db.collection("events").insertOne(doc);
    await noteCatalogChange(db, doc._id);
    const t = performance.now();
    for (;;) {
      const r = await request(undefined, port, { path: `/api/v1/events?tag=${tag}&limit=1` });
      if (r.status === 200 && JSON.parse(r.body).events.length === 1) break;
      if (performance.now() - t > 60_000) throw new Error("a noted event did not show up within 60 s");
      await sleep(20);
    }
    times.push(performance.now() - t);
    await sleep(300 + randomInt(700)); // land anywhere in the server's 1 s check interval
  }
  return times;
}

async function httpPhases(port, tokens, db) {
  let i = 0;
  const kinds = [
    ["GET /api/v1/recommendations (user with favorites)", () => ({ path: "/api/v1/recommendations", headers: { authorization: `Bearer ${tokens.withFavs[i++ % tokens.withFavs.length]}` } })],
    ["GET /api/v1/recommendations (no favorites: popular fallback)", () => ({ path: "/api/v1/recommendations", headers: { authorization: `Bearer ${tokens.withoutFavs[i++ % tokens.withoutFavs.length]}` } })],
    ["GET /api/v1/events?tag=<top-20 tag>&q=meetup", () => ({ path: `/api/v1/events?tag=${TAGS[i++ % 20]}&q=meetup` })],
    ["GET /api/v1/events?sort=newest&limit=50", () => ({ path: "/api/v1/events?sort=newest&limit=50" })],
    ["GET /discover?tag=<top-20 tag> (HTML page)", () => ({ path: `/discover?tag=${TAGS[i++ % 20]}` })],
  ];
  const rows = [];
  for (const [name, next] of kinds) for (const clients of CLIENTS) rows.push(await phase(name, port, clients, next));
  // What recommendations cost without the per-user membership scan (FerretDB reads every membership
  // for it): the collection set aside, so that read finds nothing (exclusions and implicit tags too).
  await db.collection("attendances").rename("attendances_aside");
  try {
    for (const clients of CLIENTS) rows.push(await phase("GET /api/v1/recommendations (with favorites), attendances set aside", port, clients, kinds[0][1]));
  } finally {
    await db.collection("attendances_aside").rename("attendances");
  }
  return rows;
}

async function main() {
  const build = checkBuild(DIST, `No production build in ${DIST}/. Build first:\n\n  ${COMMAND}\n`);
  const machine = machineInfo();
  const loadBefore = loadAverage();

  const { uri, local } = await startDatabase();
  running.db = local;
  const seeder = await openSeeder(uri);
  running.client = seeder.client;
  await seeder.grow(SIZES[0]);
  await seeder.addMemberships();

  running.sink = await startSink();
  const port = await freePort();
  const env = serverEnv(
    { port, uri, dbName: DB_NAME, distDir: DIST, smtpUrl: `smtp://bench:bench@127.0.0.1:${running.sink.port}` },
    { TRUSTED_PROXY_HEADER: "x-forwarded-for", NODE_OPTIONS: "--expose-gc" },
  );
  running.server = startServer(env, port, { onOutput: watchRebuilds });
  await waitUntilHealthy(running.server, port, 90_000);
  log(`next start on :${port}`);

  // Bearer tokens: one login per user, each from its own address (login limits are per IP and email).
  const ips = clientAddresses();
  async function tokensFor(list) {
    const out = [];
    for (const u of list) {
      const r = await apiRequest(undefined, port, "POST", "/api/v1/auth/login", { body: { email: u.email, password: PASSWORD }, ip: ips.next(), timeoutMs: REQUEST_TIMEOUT_MS });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.body}`);
      out.push(JSON.parse(r.body).access_token);
    }
    return out;
  }
  const tokens = {
    withFavs: await tokensFor(seeder.users.filter((u) => u.favorites.length > 0).slice(0, TOKENS_WITH_FAVORITES)),
    withoutFavs: await tokensFor(seeder.users.filter((u) => u.favorites.length === 0).slice(0, TOKENS_WITHOUT)),
  };

  const stages = [];
  for (const size of SIZES) {
    if (size > seeder.counts.upcomingPublic && !(await seeder.grow(size)) && seeder.counts.upcomingPublic <= (stages.at(-1)?.upcomingPublic ?? 0)) break;
    const { events, upcomingPublic } = seeder.counts;
    log(`--- measuring at ${upcomingPublic} upcoming public events (${events} in all)`);
    const loadAt = loadAverage();
    // The seeding bypassed noteCatalogChange, as a bulk import does: a new epoch makes the server rebuild.
    const since = performance.now();
    await invalidateCatalog(seeder.db);
    const rebuild = await awaitRebuild(port, since, Math.floor(upcomingPublic * 0.99));
    log(`catalog rebuilt in the server: ${rebuild.count} events in ${rebuild.ms} ms, heap ${rebuild.heapBefore} → ${rebuild.heapAfter} MB`);
    const raw = await rawReads(seeder.db, seeder, upcomingPublic);
    const visible = await visibleAfterNote(seeder.db, port, seeder);
    const rebuildsBefore = rebuilds.length;
    const rows = await httpPhases(port, tokens, seeder.db);
    stages.push({ events, upcomingPublic, target: size, rebuild, raw, visible, rows, loadAt, rebuildsDuring: rebuilds.length - rebuildsBefore });
    if (upcomingPublic < size) break; // the budget ran out: this was the largest size
  }

  const serverLog = running.server.output.join("");
  return { build, machine, loadBefore, loadAfter: loadAverage(), seeder, stages, serverLog };
}

// ---------------------------------------------------------------------------------------------
// Report

const k = (n) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
const pct = (x) => (Number.isFinite(x) ? Math.round(x) : "–");

function summaryTable(r) {
  const names = [...new Set(r.stages[0].rows.map((x) => x.name))];
  const head = `| phase | clients | ${r.stages.map((s) => `${k(s.upcomingPublic)} p50 | ${k(s.upcomingPublic)} p95`).join(" | ")} |`;
  const rule = `|---|--:|${r.stages.map(() => "--:|--:").join("|")}|`;
  const lines = [];
  for (const name of names) {
    for (const clients of CLIENTS) {
      const cells = r.stages.map((s) => {
        const row = s.rows.find((x) => x.name === name && x.clients === clients);
        return row ? `${fmt(row.p50)} | ${fmt(row.p95)}` : "– | –";
      });
      lines.push(`| ${name} | ${clients} | ${cells.join(" | ")} |`);
    }
  }
  return [head, rule, ...lines].join("\n");
}

function stageTable(s) {
  return [
    "| phase | clients | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx / errors | CPU % server / FerretDB / other |",
    "|---|--:|--:|--:|--:|--:|--:|--:|---|--:|",
    ...s.rows.map(
      (x) =>
        `| ${x.name} | ${x.clients} | ${x.n} | ${fmt(x.rps)} | ${fmt(x.p50)} | ${fmt(x.p95)} | ${fmt(x.p99)} | ${fmt(x.max)} | ${x.errors} | ${x.cpu ? `${pct(x.cpu.server)} / ${pct(x.cpu.db)} / ${pct(x.cpu.other)}` : "–"} |`,
    ),
  ].join("\n");
}

function refreshTable(r) {
  // Each rebuild swaps the previous snapshot for the new one, so the snapshot's size is the sum of
  // the heap's growth over the rebuilds so far (the first one starts from none).
  let snapshotMb = 0;
  return [
    "| upcoming public events (all events) | full rebuild in the server | its scan, raw | heap before → after the rebuild | snapshot ≈ | version read | re-read 1 / 16 / 256 changed events | noted event shown after (5×: median, max) |",
    "|---|--:|--:|--:|--:|--:|--:|--:|",
    ...r.stages.map((s) => {
      const v = [...s.visible].sort((a, b) => a - b);
      snapshotMb += s.rebuild.heapAfter - s.rebuild.heapBefore;
      return `| ${s.upcomingPublic.toLocaleString("en-US")} (${s.events.toLocaleString("en-US")}) | ${s.rebuild.ms.toLocaleString("en-US")} ms | ${fmt(s.raw.scan.ms)} ms | ${s.rebuild.heapBefore} → ${s.rebuild.heapAfter} MB | ${snapshotMb} MB | ${fmt(s.raw.version)} ms | ${fmt(s.raw.reread[1])} / ${fmt(s.raw.reread[16])} / ${fmt(s.raw.reread[RING_SIZE])} ms | ${fmt(median(v))} / ${fmt(v.at(-1))} ms |`;
    }),
  ].join("\n");
}

function readsTable(r) {
  return [
    "| upcoming public events | a user's memberships (user_id, ≤ 2000) | the user by _id | 20 events by _id $in (a page's documents) |",
    "|---|--:|--:|--:|",
    ...r.stages.map((s) => `| ${s.upcomingPublic.toLocaleString("en-US")} | ${fmt(s.raw.memberships)} ms | ${fmt(s.raw.user)} ms | ${fmt(s.raw.hydrate20)} ms |`),
  ].join("\n");
}

function resultsMarkdown(r) {
  const { counts, timings } = r.seeder;
  const errors = r.stages.flatMap((s) => s.rows.filter((x) => x.errorBodies.length).map((x) => `${k(s.upcomingPublic)}, ${x.name}, ${x.clients}: ${x.errorBodies.join("; ")}`));
  return `${SECTION}

\`bench/discover-load.mjs\`: the production build (\`next start\`, NODE_ENV=production, build in \`${DIST}\`, run with
\`--expose-gc\` so that the catalog's log line reports live heap) on a local FerretDB v1.24.2 (SQLite, the project's patches).
Discover and recommendations answer from the in-process catalog (lib/discover/catalog.ts): a snapshot of upcoming public events
checked against a version document, whose picks are then read by \`_id: {$in}\`. Data, seeded straight through the driver:
${counts.users.toLocaleString("en-US")} users (80 % with 1–5 favorite categories), events with 1–4 tags from a ${TAGS.length}-word vocabulary
(Zipf, s = 1.05), 20 % private, 10 % past, the rest over the next year, and ${counts.memberships.toLocaleString("en-US")} memberships (0–6 per user).
Sizes are counted in **upcoming public** events (the catalog's content), the same database grown between them; after each
growth the bench gives the version document a new epoch (as invalidateCatalog does) and waits for the server's rebuild.
Clients: keep-alive \`node:http\` loops on the same machine, each sending its next request when the previous one is answered;
${PHASE.warm} s warm-up, then ${PHASE.secs} s (stretched up to ${PHASE.maxSecs} s until ${PHASE.minSamples} requests were measured); latencies client-side,
percentiles by nearest rank. Recommendations use bearer tokens (${TOKENS_WITH_FAVORITES} users with favorites, ${TOKENS_WITHOUT} without, in turn).

### p50 / p95 (ms)

${summaryTable(r)}

### Refresh cost

The full rebuild is the server's own figure (its log line): one scan of the events collection, then the snapshot built and
swapped; the heap is after a forced GC, and the snapshot's size is the heap's growth summed over the rebuilds so far (each
one replaces the previous snapshot). The raw figures are the same reads timed from the bench process, server idle: the
scan, and what an incremental refresh reads — the version document by \`_id\`, then the changed events (at most ${RING_SIZE}, the
ring) by \`_id: {$in}\`. "Shown after": a new event inserted and noted (\`$inc\` + \`$push\` on the version document, as
noteCatalogChange does from another process) until GET /api/v1/events?tag= lists it: the server checks at most once a second.

${refreshTable(r)}

### Reads a request still makes (raw, from the bench process)

${readsTable(r)}

${r.stages
  .map(
    (s) => `### ${s.upcomingPublic.toLocaleString("en-US")} upcoming public events (${s.events.toLocaleString("en-US")} events)${s.upcomingPublic < s.target ? ` — of ${s.target.toLocaleString("en-US")} asked: the seeding budget ran out` : ""}

Load average (1/5/15 min) at the start of this stage: ${s.loadAt}. Catalog rebuilds during the phases: ${s.rebuildsDuring}.

${stageTable(s)}
`,
  )
  .join("\n")}
${errors.length ? `**Failed answers (first of each phase):** ${errors.join(" · ")}\n` : ""}
- **Date:** ${r.machine.date}
- **Command:** \`${COMMAND}\`
- **Machine:** nproc ${r.machine.nproc}; CPU ${r.machine.cpu}; RAM ${r.machine.mem}; Node ${r.machine.node}; load average (1/5/15 min)
  ${r.loadBefore} before, ${r.loadAfter} after (other engineers' tests shared the machine; the last column of each stage table
  is the share of the 2-core machine used by next-server, by FerretDB and by everything else during the window)
- **Build:** \`${DIST}/BUILD_ID\` ${r.build.id}, built ${r.build.builtAt}, from commit ${r.machine.commit}${r.machine.dirty ? " plus uncommitted changes" : ""}
- **Seeding:** users ${(timings.usersMs / 1000).toFixed(1)} s, events ${(timings.eventsMs / 1000).toFixed(1)} s in all, memberships
  ${(timings.membershipsMs / 1000).toFixed(1)} s (insertMany in batches of ${BATCH}); the app built its indexes at its first login
- **Left behind:** nothing: the server, FerretDB (with its temporary data) and the SMTP sink are stopped/removed; the login
  limiter's Redis keys expire within about two minutes.
`;
}

await runBench({
  main,
  report(result) {
    const md = resultsMarkdown(result);
    console.log(`\n${md}`);
    writeOut("discover-load-server.log", result.serverLog);
    if (QUICK) return;
    writeResultsSection(SECTION, md);
    log("wrote bench/RESULTS.md (server log in bench/.out/discover-load-server.log)");
  },
  running,
  stopSteps: [["database client", () => running.client?.close()]],
});
