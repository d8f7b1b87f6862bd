// Load test of discover and recommendations against the PRODUCTION build (issue "Discover and
// recommendations", item 7).
//
//   NEXT_DIST_DIR=.next-bench-discover npx next build && node bench/discover-load.mjs
//
// Starts a throwaway FerretDB (unless MONGODB_URI is set), seeds a database `bench_discover` straight
// through the driver — 10,000 users with favorite categories, events with tags drawn from a
// ~200-word vocabulary by a Zipf law, and memberships — then `next start`s the build, signs a few
// users in through POST /api/v1/auth/login for bearer tokens, and measures at 10,000 and then (the
// same database grown) 100,000 events, with concurrent keep-alive clients:
//   (a) GET /api/v1/recommendations, users with favorites
//   (b) GET /api/v1/recommendations, users without favorites (the popular fallback)
//   (c) GET /api/v1/events?tag=…&q=…   (discoverEvents: a tag and a search word)
//   (d) GET /discover?tag=…&q=…        (the page: discoverEvents + server rendering)
// plus the raw database time of the same queries (no HTTP), which separates FerretDB's work from
// the app's. Writes the results to bench/RESULTS.md under "Discover and recommendations (issue 6)",
// replacing an earlier run of that section and keeping every other section.
//
// BENCH_SIZES="10000,100000" picks the sizes; seeding stops at SEED_BUDGET_S (default 540 s) and the
// bench then measures at the size reached. BENCH_QUICK=1: 2,000 and 5,000 events, 1,000 users, short
// phases; prints without writing RESULTS.md.
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
/** Event counts to measure at, growing the same database between them. */
const SIZES = (process.env.BENCH_SIZES ?? (QUICK ? "2000,5000" : "10000,100000")).split(",").map(Number);
const USERS = Number(process.env.BENCH_USERS ?? (QUICK ? 1_000 : 10_000));
const SEED_BUDGET_MS = Number(process.env.SEED_BUDGET_S ?? 540) * 1000;
const BATCH = 1000;
// Every FerretDB v1 query here is a full scan (see RESULTS.md): at 10k events a recommendation takes
// about a minute under load, so sizes above BIG get single sequential requests and fewer raw queries.
const PHASE = QUICK ? { clients: 2, warm: 1, secs: 5, minSamples: 4, maxSecs: 30 } : { clients: 4, warm: 3, secs: 60, minSamples: 12, maxSecs: 240 };
const BIG = Number(process.env.BENCH_BIG ?? (QUICK ? 4000 : 20_000));
const BIG_SINGLES = Number(process.env.BENCH_BIG_SINGLES ?? 2);
const TOKENS_WITH_FAVORITES = QUICK ? 8 : 48;
const TOKENS_WITHOUT = QUICK ? 4 : 16;
const COMMAND = "cd /work/main && NEXT_DIST_DIR=.next-bench-discover npx next build && node bench/discover-load.mjs";
const SECTION = "## Discover and recommendations (issue 6)";
/** Per request: at the big size one recommendation can take minutes. */
const REQUEST_TIMEOUT_MS = 1_800_000;

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

// No index is created here: the app creates lib/db.ts INDEXES itself on its first database use (the
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
  const counts = { users: users.length, events: 0, memberships: 0 };

  /** Inserts events until `target` (or the time budget); returns false when the budget stopped it. */
  async function grow(target) {
    const t1 = performance.now();
    while (counts.events < target) {
      // The budget counts time spent inserting, not the measuring between stages.
      if (timings.usersMs + timings.membershipsMs + timings.eventsMs + (performance.now() - t1) > SEED_BUDGET_MS) {
        log(`seeding budget of ${SEED_BUDGET_MS / 1000} s spent at ${counts.events} events`);
        timings.eventsMs += performance.now() - t1;
        return false;
      }
      const docs = Array.from({ length: Math.min(BATCH, target - counts.events) }, () => makeEvent(now, ownerIds));
      await db.collection("events").insertMany(docs, { ordered: false });
      for (const d of docs) if (!d.is_private && d.starts_at.getTime() > now && publicUpcoming.length < 50_000) publicUpcoming.push(d._id);
      counts.events += docs.length;
      if (counts.events % 10_000 === 0) log(`  ${counts.events} events (${((performance.now() - t1) / 1000).toFixed(0)} s this stage)`);
    }
    timings.eventsMs += performance.now() - t1;
    log(`${counts.events} events seeded (events so far: ${(timings.eventsMs / 1000).toFixed(1)} s)`);
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
        batch.push({ _id: new ObjectId(), event_id: eventId, user_id: u._id, status: pick(statuses), waitlisted_at: null, created_at: new Date(now), updated_at: new Date(now) });
      }
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    timings.membershipsMs = performance.now() - t2;
    log(`seeded ${counts.memberships} memberships in ${(timings.membershipsMs / 1000).toFixed(1)} s`);
  }

  return { client, db, users, counts, timings, grow, addMemberships };
}

// ---------------------------------------------------------------------------------------------
// What the bench starts (`runBench` stops it all at the end)

const running = { db: null, sink: null, server: null, client: null };

// ---------------------------------------------------------------------------------------------
// Measuring

function summarize(name, samples, statuses, seconds, completed) {
  const sorted = sortedSamples(samples);
  return {
    name,
    n: sorted.length,
    rps: completed / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
    errors: failures(statuses).text,
  };
}

/** A `request` (GET unless `req` says otherwise) that may take as long as one at the big size does. */
const patientRequest = (agent, port, req) => request(agent, port, { ...req, timeoutMs: REQUEST_TIMEOUT_MS });

/**
 * `opts.clients` loops, each sending its next request when the previous answer arrives. After a
 * warm-up, the window runs opts.secs, longer (up to opts.maxSecs) until opts.minSamples requests started.
 */
async function phase(name, port, opts, nextRequest) {
  const agent = keepAliveAgent(opts.clients + 2);
  const measureFrom = performance.now() + opts.warm * 1000;
  const minEnd = measureFrom + opts.secs * 1000;
  const maxEnd = measureFrom + opts.maxSecs * 1000;
  const samples = [];
  const statuses = new Map();
  let end = minEnd;
  let completed = 0;
  let firstBody = null;
  await Promise.all(
    Array.from({ length: opts.clients }, async (_, c) => {
      while (performance.now() < end) {
        const r = await patientRequest(agent, port, nextRequest(c));
        const finishedAt = r.start + r.ms;
        if (r.start >= measureFrom && r.start < end) {
          samples.push(r.ms);
          tally(statuses, statusKey(r));
          if (finishedAt <= end) completed++;
          if (firstBody === null && r.status === 200) firstBody = r.body;
        }
        // Slow answers: stretch the window until enough requests were measured.
        if (performance.now() >= end && samples.length < opts.minSamples && end < maxEnd) end = Math.min(maxEnd, performance.now() + 5_000);
      }
    }),
  );
  agent.destroy();
  const seconds = (end - measureFrom) / 1000;
  const s = summarize(name, samples, statuses, seconds, completed);
  log(`${name}: n=${s.n} p50=${s.p50.toFixed(0)} ms p95=${s.p95.toFixed(0)} ms (${s.errors} errors)`);
  return { ...s, seconds, firstBody };
}

/** The raw database time of a find (no HTTP, no app): the median of `runs`. */
async function timeQuery(db, name, collection, filter, sort, limit, runs) {
  const times = [];
  let returned = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    returned = (await db.collection(collection).find(filter).sort(sort).limit(limit).toArray()).length;
    times.push(performance.now() - t);
  }
  const explain = await db.collection(collection).find(filter).sort(sort).limit(limit).explain("queryPlanner");
  const plan = explain.queryPlanner?.Plan ? `SQLite: ${explain.queryPlanner.Plan.join("; ")}; filterPushdown ${explain.filterPushdown}` : JSON.stringify(explain.queryPlanner?.winningPlan ?? {}).slice(0, 200);
  const mid = median(times);
  log(`db ${name}: median ${mid.toFixed(0)} ms, ${returned} rows — ${plan}`);
  return { name, median: mid, min: Math.min(...times), returned, plan };
}

// ---------------------------------------------------------------------------------------------

/** The raw queries, as lib/discover/service.ts and lib/events/service.ts send them. */
async function rawQueries(db, users, runs, { subset = false } = {}) {
  const now = new Date();
  const favUser = users.find((u) => u.favorites.length >= 3) ?? users[0];
  const favTags = favUser.favorites.map((f) => f.replace(/\s+/g, "-"));
  const someId = (await db.collection("events").find({}, { projection: { _id: 1 } }).limit(1).toArray())[0]._id;
  const word = "meetup";
  const all = [
    () => timeQuery(db, `recommendation candidates: tags $in [${favTags.join(", ")}], starts_at ≥ now, sort starts_at, limit 500`, "events", { tags: { $in: favTags }, starts_at: { $gte: now } }, { starts_at: 1 }, 500, runs),
    () => timeQuery(db, "popular fallback: is_private false, starts_at ≥ now, sort starts_at, limit 200", "events", { is_private: false, starts_at: { $gte: now } }, { starts_at: 1 }, 200, runs),
    () => timeQuery(db, `discover: tag ${TAGS[2]} + q "${word}", soonest, limit 13`, "events", { is_private: false, starts_at: { $gte: now }, tags: TAGS[2], search_terms: { $all: [word] } }, { starts_at: 1, _id: 1 }, 13, runs),
    () => timeQuery(db, `discover: rare tag ${TAGS[150]} + q "${word}", soonest, limit 13`, "events", { is_private: false, starts_at: { $gte: now }, tags: TAGS[150], search_terms: { $all: [word] } }, { starts_at: 1, _id: 1 }, 13, runs),
    () => timeQuery(db, "discover: no filter, newest, limit 13", "events", { is_private: false, starts_at: { $gte: now } }, { created_at: -1, _id: -1 }, 13, runs),
    () => timeQuery(db, "a user's memberships: user_id, sort _id desc, limit 2000", "attendances", { user_id: favUser._id }, { _id: -1 }, 2000, runs),
    () => timeQuery(db, "one event by _id (the event page's read)", "events", { _id: someId }, { _id: 1 }, 1, runs),
  ];
  // At the big size each query is a full scan of tens of seconds: the candidates, one discover
  // query and the _id read show the scaling.
  const chosen = subset ? [all[0], all[2], all[6]] : all;
  const out = [];
  for (const run of chosen) out.push(await run());
  return out;
}

async function httpPhases(port, tokens, size) {
  const word = "meetup";
  let i = 0;
  const recommend = (list) => () => ({ path: "/api/v1/recommendations", headers: { authorization: `Bearer ${list[i++ % list.length]}` } });
  const eventsApi = () => ({ path: `/api/v1/events?tag=${TAGS[i++ % 20]}&q=${word}` });
  const discoverPage = () => ({ path: `/discover?tag=${TAGS[i++ % 20]}&q=${word}` });
  if (size > BIG) {
    // One request at a time, a few of each: enough to show the order of magnitude.
    return [
      await singles("GET /api/v1/recommendations (user with favorites)", port, BIG_SINGLES, recommend(tokens.withFavs)),
      await singles(`GET /discover?tag=<top-20 tag>&q=${word} (HTML page)`, port, BIG_SINGLES, discoverPage),
    ];
  }
  return [
    await phase("GET /api/v1/recommendations (user with favorites)", port, PHASE, recommend(tokens.withFavs)),
    await phase("GET /api/v1/recommendations (no favorites: popular fallback)", port, PHASE, recommend(tokens.withoutFavs)),
    // Tags from the top 20 by rank, in turn.
    await phase(`GET /api/v1/events?tag=<top-20 tag>&q=${word}`, port, PHASE, eventsApi),
    await phase(`GET /discover?tag=<top-20 tag>&q=${word} (HTML page)`, port, PHASE, discoverPage),
  ];
}

/** `n` requests one after another (one client, no warm-up). */
async function singles(name, port, n, nextRequest) {
  const agent = keepAliveAgent(2);
  const samples = [];
  const statuses = new Map();
  let firstBody = null;
  const t0 = performance.now();
  for (let k = 0; k < n; k++) {
    const r = await patientRequest(agent, port, nextRequest(0));
    samples.push(r.ms);
    tally(statuses, statusKey(r));
    if (firstBody === null && r.status === 200) firstBody = r.body;
  }
  agent.destroy();
  const seconds = (performance.now() - t0) / 1000;
  const s = summarize(name, samples, statuses, seconds, n);
  log(`${name}: n=${s.n} p50=${s.p50.toFixed(0)} ms max=${s.max.toFixed(0)} ms (${s.errors} errors)`);
  return { ...s, seconds, firstBody };
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
    { TRUSTED_PROXY_HEADER: "x-forwarded-for" },
  );
  running.server = startServer(env, port);
  await waitUntilHealthy(running.server, port, 90_000);
  log(`next start on :${port}`);

  // Bearer tokens: one login per user, each from its own address (login limits are per IP and email).
  // The first login also makes the app create its indexes.
  const ips = clientAddresses();
  async function tokensFor(list) {
    const out = [];
    for (const u of list) {
      const r = await apiRequest(undefined, port, "POST", "/api/v1/auth/login", {
        body: { email: u.email, password: PASSWORD },
        ip: ips.next(),
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.body}`);
      out.push(JSON.parse(r.body).access_token);
    }
    return out;
  }
  const t0 = performance.now();
  const tokens = {
    withFavs: await tokensFor(seeder.users.filter((u) => u.favorites.length > 0).slice(0, TOKENS_WITH_FAVORITES)),
    withoutFavs: await tokensFor(seeder.users.filter((u) => u.favorites.length === 0).slice(0, TOKENS_WITHOUT)),
  };
  log(`${tokens.withFavs.length + tokens.withoutFavs.length} tokens in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const stages = [];
  for (const size of SIZES) {
    if (size > seeder.counts.events && !(await seeder.grow(size)) && seeder.counts.events <= (stages.at(-1)?.events ?? 0)) break;
    const events = seeder.counts.events;
    log(`--- measuring at ${events} events`);
    const dbTimes = await rawQueries(seeder.db, seeder.users, events > BIG ? 1 : 3, { subset: events > BIG });
    const rows = await httpPhases(port, tokens, events);
    const sample = JSON.parse(rows[0].firstBody ?? "{}");
    stages.push({ events, target: size, dbTimes, rows, sampleCount: sample.recommended_events?.length ?? 0 });
    if (events < size) break; // the budget ran out: this was the largest size
  }

  const serverLog = running.server.output.join("");
  return { build, machine, loadBefore, loadAfter: loadAverage(), seeder, stages, serverLog };
}

function stageMarkdown(st) {
  const table = [
    "| phase | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx / errors |",
    "|---|--:|--:|--:|--:|--:|--:|---|",
    ...st.rows.map((x) => `| ${x.name} | ${x.n} | ${x.rps.toFixed(2)} | ${fmt(x.p50)} | ${fmt(x.p95)} | ${fmt(x.p99)} | ${fmt(x.max)} | ${x.errors} |`),
  ].join("\n");
  const dbTable = [
    "| query (driver → FerretDB, no HTTP) | rows | median ms | plan reported by explain |",
    "|---|--:|--:|---|",
    ...st.dbTimes.map((d) => `| ${d.name} | ${d.returned} | ${fmt(d.median)} | ${d.plan.replace(/\|/g, "\\|")} |`),
  ].join("\n");
  const how =
    st.events > BIG
      ? `One client, ${BIG_SINGLES} requests of each kind one after another, no warm-up: at this size one request takes a long time, so these
are orders of magnitude, not percentiles (p50/p95 of ${BIG_SINGLES} samples).`
      : `${PHASE.clients} concurrent clients; ${PHASE.warm} s warm-up, then a window of at least ${PHASE.secs} s, stretched up to ${PHASE.maxSecs} s until ${PHASE.minSamples}
requests were measured.`;
  return `### ${st.events.toLocaleString("en-US")} events${st.events < st.target ? ` (of ${st.target.toLocaleString("en-US")} asked: the seeding budget ran out)` : ""}

${how} A sample recommendations answer held ${st.sampleCount} events.

${table}

Raw database time of the same queries (${st.events > BIG ? "one run each" : "median of 3"}, from the bench process through the driver, server idle):

${dbTable}
`;
}

function interpretation(r) {
  const [a, b] = [r.stages[0], r.stages.at(-1)];
  const ratio = (i) => (a && b && a !== b ? (b.dbTimes[i === 0 ? 0 : b.dbTimes.length - 1].median / a.dbTimes[i === 0 ? 0 : a.dbTimes.length - 1].median).toFixed(1) : "–");
  return `**Reading these numbers.** FerretDB v1.24 on SQLite pushes down only \`_id\` filters: every other query above is
"SCAN <table>" with filterPushdown false, i.e. FerretDB reads and decodes every document of the collection and filters in Go,
whatever indexes exist; so time grows with the collection, not with the answer${a !== b ? ` (the candidates query took ${ratio(0)}× as long at
${b.events.toLocaleString("en-US")} events as at ${a.events.toLocaleString("en-US")}; even the \`_id\` read, pushed down but still a
SQLite table scan, took ${ratio(1)}×)` : ""}. A recommendation runs up to four such reads (memberships, attended events' tags, two
candidate queries), discover one. On MongoDB the same filters and sorts are index scans — tests/integration/discover-indexes.test.ts
asserts that whenever it runs against MongoDB (MONGODB_URI set) — so these figures measure FerretDB's scan, not the design: they say FerretDB v1 is for
development and tests, not for a production catalogue of this size.`;
}

function resultsMarkdown(r) {
  const { counts, timings } = r.seeder;
  return `${SECTION}

\`bench/discover-load.mjs\`: the production build (\`next start\`, NODE_ENV=production, build in \`${DIST}\`) on a local
FerretDB v1.24.2 (SQLite). Data, seeded straight through the driver: ${counts.users.toLocaleString("en-US")} users (80 % with 1–5
favorite categories, stored with spaces as typed), events with 1–4 tags drawn from a ${TAGS.length}-word vocabulary by a Zipf law
(s = 1.05), 20 % private, 10 % already past, the rest over the next year, and ${counts.memberships.toLocaleString("en-US")} memberships
(0–6 per user). Measured at ${r.stages.map((s) => s.events.toLocaleString("en-US")).join(" and then ")} events (the same database, grown between
the two). Clients are keep-alive \`node:http\` loops on the same machine, each sending its next request when the previous
one is answered; latencies are client-side, percentiles by nearest rank. Recommendations use bearer tokens from POST
/api/v1/auth/login (${TOKENS_WITH_FAVORITES} users with favorites, ${TOKENS_WITHOUT} without, in turn).

${r.stages.map(stageMarkdown).join("\n")}
${interpretation(r)}

- **Date:** ${r.machine.date}
- **Command:** \`${COMMAND}\`
- **Machine:** nproc ${r.machine.nproc}; CPU ${r.machine.cpu}; RAM ${r.machine.mem}; Node ${r.machine.node}; load average (1/5/15 min)
  ${r.loadBefore} before, ${r.loadAfter} after (other work shared the machine)
- **Build:** \`${DIST}/BUILD_ID\` ${r.build.id}, built ${r.build.builtAt}, from commit ${r.machine.commit} plus uncommitted changes
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
    if (QUICK) return;
    writeResultsSection(SECTION, md);
    writeOut("discover-load-server.log", result.serverLog);
    log("appended to bench/RESULTS.md (server log in bench/.out/discover-load-server.log)");
  },
  running,
  stopSteps: [["database client", () => running.client?.close()]],
});
