// RSVPs on one hot event, their latency split by what each one did (issue 10: where the time of
// "RSVP at 32 clients, one hot event" in bench/baseline-ratios.mjs goes).
//
//   NEXT_DIST_DIR=.next-bench-ratios npx next build && node bench/rsvp-transitions.mjs
//
// Starts a throwaway FerretDB (the project's build; MONGODB_URI, when set, replaces it), an SMTP sink
// and the production build in .next-bench-ratios (`next start`), seeds 2 hosts and 256 guests, creates
// a 20-seat event and FILLERS (default 300) unlimited ones through the API, joins guests to the hot
// event until it has MEMBERS (default 200) memberships (20 attending, the rest waitlisted), then runs
// CLIENTS (default 32) closed-loop clients for SECS (default 10) s, each toggling its own memberships
// along attending → maybe → not_attending → attending (waitlisted → maybe), as baseline-ratios does.
// Prints, per "<status the client last saw>→<status answered> <HTTP status>", the count and
// p50/p90/p99/max in ms, then the first 40 requests over 400 ms (start time, duration, kind).
//
// What the kinds mean: a guest leaving "attending" hands their seat to the line and seats the first in
// line (lib/events/waitlist.ts fillFromWaitlist); the client does not see that promotion, so a guest it
// last saw "waitlisted" may be attending by the time it answers "maybe": those leaves show up as
// "waitlisted→maybe" too, and are its slow tail.
import { performance } from "node:perf_hooks";
import { apiRequest, checkBuild, clientAddresses, connectMongo, keepAliveAgent, log, parseJson, runBench, startStack, statusKey } from "./lib.mjs";
import { RSVP_CYCLE, createEvents, hotJoins, joiner, seedUsers, signIn, topUpHot } from "./events-workload.mjs";

const DIST = ".next-bench-ratios";
const CLIENTS = Number(process.env.CLIENTS ?? 32);
const SECS = Number(process.env.SECS ?? 10);
const MEMBERS = Number(process.env.MEMBERS ?? 200);
const FILLERS = Number(process.env.FILLERS ?? 300);
const HOT_SEATS = 20;
const SLOW_MS = 400;

const running = { db: null, sink: null, server: null, bare: null, mongo: null, hog: null, files: [] };

async function main() {
  checkBuild(DIST, `No build in ${DIST}: run NEXT_DIST_DIR=${DIST} npx next build first`);
  const { uri, port } = await startStack(running, { dbName: "bench_rsvp", distDir: DIST, env: { TRUSTED_PROXY_HEADER: "x-forwarded-for" } });
  const client = await connectMongo(uri);
  running.mongo = { async dropAndClose() { await client.close(); } };
  const { hosts, guests } = await seedUsers(client.db("bench_rsvp"), { kind: "rsvp", run: String(Date.now() % 1e6), hosts: 2, guests: 256 });
  const ips = clientAddresses();
  const agent = keepAliveAgent(CLIENTS + 8);
  const call = (method, path, options) => apiRequest(agent, port, method, path, options);
  await signIn(call, [...hosts, ...guests], ips);
  const specs = [{ kind: "hot", max_people: HOT_SEATS }, ...Array.from({ length: FILLERS }, () => ({ kind: "filler", max_people: null }))];
  await createEvents(call, hosts, specs);
  const list = [];
  const { send } = hotJoins(joiner(call, ips).join, guests, [specs[0]], list);
  await topUpHot(send, list, MEMBERS, statusKey);
  log(`${list.length} memberships on the hot event; ${CLIENTS} clients for ${SECS} s`);

  const byKind = {};
  const slow = [];
  const own = Array.from({ length: CLIENTS }, (_, c) => list.filter((_, i) => i % CLIENTS === c));
  const cursor = new Array(CLIENTS).fill(0);
  const t0 = performance.now();
  const end = t0 + SECS * 1000;
  await Promise.all(
    own.map(async (mine, c) => {
      while (mine.length && performance.now() < end) {
        const m = mine[cursor[c]++ % mine.length];
        const from = m.status;
        const start = performance.now();
        const r = await call("POST", `/api/v1/events/${m.event.id}/rsvp`, { token: m.guest.token, body: { rsvp_status: RSVP_CYCLE[from] ?? "maybe" } });
        const ms = performance.now() - start;
        const to = parseJson(r.body)?.rsvp_status ?? "?";
        if (r.status === 200) m.status = to;
        const kind = `${from}→${to} ${statusKey(r)}`;
        (byKind[kind] ??= []).push(ms);
        if (ms > SLOW_MS) slow.push(`${((start - t0) / 1000).toFixed(2)} s +${ms.toFixed(0)} ms ${kind}`);
      }
    }),
  );
  agent.destroy();
  const total = Object.values(byKind).reduce((n, xs) => n + xs.length, 0);
  const lines = [`${total} RSVPs in ${SECS} s = ${(total / SECS).toFixed(1)} req/s (${list.length} memberships, ${HOT_SEATS} seats, ${CLIENTS} clients)`];
  for (const [kind, xs] of Object.entries(byKind).sort((a, b) => b[1].length - a[1].length)) {
    xs.sort((a, b) => a - b);
    const p = (q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))].toFixed(0);
    lines.push(`${kind.padEnd(32)} n=${xs.length} p50=${p(0.5)} p90=${p(0.9)} p99=${p(0.99)} max=${p(1)} ms`);
  }
  lines.push(`requests over ${SLOW_MS} ms: ${slow.length}`, ...slow.slice(0, 40));
  return lines.join("\n");
}

runBench({ main, report: (text) => void console.log(text), running });
