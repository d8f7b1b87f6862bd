// What the events benches (bench/events-load.mjs, bench/baseline-ratios.mjs) do to the app: seed
// verified users straight into the database and sign each in once through the API, create events
// through the API as a host does, join them with the invite token and toggle RSVPs, and afterwards
// check the memberships against the events' counters in the database. Every request goes through
// `call(method, path, options)` (lib.mjs `apiRequest` on the bench's current agent and port).
import { performance } from "node:perf_hooks";
import bcrypt from "bcryptjs";
import { BCRYPT_COST, PASSWORD, parseJson, verifiedUser } from "./lib.mjs";

/** Adds `by` to `map[key]` (a plain object of counts). */
export const bump = (map, key, by = 1) => (map[key] = (map[key] ?? 0) + by);

const STATUSES = ["attending", "maybe", "not_attending", "waitlisted", "pending"];

/** The next RSVP a guest sends, from the status it has: attending → maybe → not_attending → attending; waitlisted → maybe. */
export const RSVP_CYCLE = { attending: "maybe", maybe: "not_attending", not_attending: "attending", waitlisted: "maybe" };

/**
 * `hosts` hosts (with a username and a bio) and `guests` guests, verified, inserted straight into
 * `db`'s users with one shared bcrypt hash. Emails are `bench-<kind>-<run>-host-<i>@example.test`
 * and `…-guest-<i>@…`: a `run` new each time meets fresh rate-limiter keys.
 */
export async function seedUsers(db, { kind, run, hosts: hostCount, guests: guestCount }) {
  const password_hash = await bcrypt.hash(PASSWORD, BCRYPT_COST);
  const now = new Date();
  const hosts = [];
  const guests = [];
  const docs = [];
  for (let i = 0; i < hostCount + guestCount; i++) {
    const host = i < hostCount;
    const email = `bench-${kind}-${run}-${host ? "host" : "guest"}-${i}@example.test`;
    const username = `bench_host_${run}_${i}`;
    const doc = verifiedUser(email, password_hash, now, host ? { username, username_lower: username, bio: "Hosts the benchmark events." } : {});
    docs.push(doc);
    (host ? hosts : guests).push({ id: doc._id.toHexString(), email, token: null });
  }
  for (let i = 0; i < docs.length; i += 1000) await db.collection("users").insertMany(docs.slice(i, i + 1000), { ordered: false });
  return { hosts, guests };
}

/**
 * Signs every user in once through POST /api/v1/auth/login, `clients` at a time, each from its own
 * X-Forwarded-For address (`ips`: lib.mjs `clientAddresses`), and keeps its bearer token. Throws
 * when one fails.
 */
export async function signIn(call, users, ips, clients = 16) {
  const t = performance.now();
  const statuses = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < users.length) {
        const user = users[next++];
        const r = await call("POST", "/api/v1/auth/login", { body: { email: user.email, password: PASSWORD }, ip: ips.next() });
        bump(statuses, r.status);
        if (r.status === 200) user.token = parseJson(r.body).access_token;
      }
    }),
  );
  if (users.some((u) => !u.token)) throw new Error(`logins failed: ${JSON.stringify(statuses)}`);
  return { secs: (performance.now() - t) / 1000, statuses };
}

/** The body of POST /api/v1/events for `spec` ({kind, max_people, tags?}), the `i`th event, starting `i` hours after `startBase` (ms). */
export function eventBody(spec, i, startBase) {
  const starts = new Date(startBase + i * 3_600_000);
  return {
    title: `Bench ${spec.kind} event ${i}`,
    description: "A benchmark event. Everyone is welcome; bring a friend and a good mood.",
    starts_at: starts.toISOString(),
    ends_at: new Date(starts.getTime() + 3 * 3_600_000).toISOString(),
    timezone: "Europe/Berlin",
    location: "Community Hall, Berlin",
    max_people: spec.max_people,
    is_private: spec.is_private ?? false,
    tags: spec.tags ?? ["bench", "music", "meetup"],
  };
}

/**
 * Creates an event per spec through POST /api/v1/events, `clients` at a time, the hosts taking turns;
 * sets each spec's `id` and invite `token`. `onProgress(done)` is called every 1000 events. Throws
 * when one fails.
 */
export async function createEvents(call, hosts, specs, { clients = 8, startBase = Date.now() + 14 * 86_400_000, onProgress } = {}) {
  const t = performance.now();
  const statuses = {};
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < specs.length) {
        const i = next++;
        const spec = specs[i];
        const r = await call("POST", "/api/v1/events", { token: hosts[i % hosts.length].token, body: eventBody(spec, i, startBase) });
        bump(statuses, r.status);
        if (++done % 1000 === 0) onProgress?.(done);
        if (r.status !== 201) continue;
        const body = parseJson(r.body);
        spec.id = body.event_id;
        spec.token = new URL(body.event.invite_link).searchParams.get("token");
      }
    }),
  );
  if (specs.some((s) => !s.id)) throw new Error(`event creation failed: ${JSON.stringify(statuses)}`);
  return { secs: (performance.now() - t) / 1000, statuses };
}

/**
 * `join(guest, event, stats, list)`: POST /api/v1/events/join with the event's invite token from a
 * fresh address; a 200 is noted in `stats.notes` by the status answered, and the membership added
 * to `list` ({guest, event, status}). `joined.ok` counts the 200s.
 */
export function joiner(call, ips) {
  const joined = { ok: 0 };
  const join = async (guest, event, stats, list) => {
    const r = await call("POST", "/api/v1/events/join", { token: guest.token, body: { event_id: event.id, token: event.token }, ip: ips.next() });
    if (r.status === 200) {
      joined.ok += 1;
      const status = parseJson(r.body)?.rsvp_status;
      bump(stats.notes, status ?? "?");
      list.push({ guest, event, status });
    }
    return r;
  };
  return { join, joined };
}

/**
 * A `runClients` sender of joins spread over `events`: pair k → guest k mod G, event (k mod G +
 * ⌊k/G⌋) mod E, so no pair repeats (k < G·E) and the requests in flight are for different events.
 */
export function spreadJoins(join, guests, events, list) {
  let k = 0;
  const G = guests.length;
  const E = events.length;
  return (_client, stats) => {
    if (k >= G * E) return null;
    const i = k++;
    return join(guests[i % G], events[((i % G) + Math.floor(i / G)) % E], stats, list);
  };
}

/**
 * A sender of joins all on one hot event, each guest once; when the guests run out, the next of
 * `hot` (noted as `switchedHotEvent`). `state.used` is the set of hot events used.
 */
export function hotJoins(join, guests, hot, list, state = { guest: 0, index: 0, used: new Set() }) {
  const send = (_client, stats) => {
    if (state.guest >= guests.length) {
      state.guest = 0;
      state.index += 1;
      if (stats) bump(stats.notes, "switchedHotEvent");
    }
    if (state.index >= hot.length) return null;
    state.used.add(state.index);
    return join(guests[state.guest++], hot[state.index], stats, list);
  };
  return { send, state };
}

/**
 * Unmeasured hot joins from 8 clients (at most 30 s) until `list` holds `min` memberships: a hot
 * RSVP phase needs memberships for every client even when hot joins were slow.
 */
export async function topUpHot(hotSend, list, min, statusKey) {
  const topUp = { joins: 0, statuses: {}, secs: 0 };
  const t = performance.now();
  const stats = { notes: {} };
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (list.length < min && performance.now() - t < 30_000) {
        const r = await hotSend(0, stats);
        if (!r) break;
        topUp.joins += 1;
        bump(topUp.statuses, statusKey(r));
      }
    }),
  );
  topUp.secs = (performance.now() - t) / 1000;
  return topUp;
}

/**
 * A sender of RSVPs over the memberships in `list`: client c toggles memberships c, c+clients, … in
 * turn (no two clients share one) along RSVP_CYCLE; a 200 is noted as "<from>→<to>".
 */
export function rsvpSender(call, list, clients) {
  const cursor = new Array(clients).fill(0);
  const mine = Array.from({ length: clients }, (_, c) => list.filter((_, i) => i % clients === c));
  return async (c, stats) => {
    const own = mine[c];
    if (own.length === 0) return null;
    const m = own[cursor[c]++ % own.length];
    const from = m.status;
    const wanted = RSVP_CYCLE[from] ?? "maybe";
    const r = await call("POST", `/api/v1/events/${m.event.id}/rsvp`, { token: m.guest.token, body: { rsvp_status: wanted } });
    if (r.status === 200) {
      m.status = parseJson(r.body)?.rsvp_status ?? m.status;
      bump(stats.notes, `${from}→${m.status}`);
    }
    return r;
  };
}

/**
 * Reads the events with ids `eventIds` (hex) and all their memberships from `db` and checks: attending ≤
 * max_people; each stored counter (`counts.<status>`) equals a recount; seats_left = max_people −
 * attending and invite_uses = memberships (where the event keeps those fields: every membership
 * here came through POST /events/join); nobody waitlisted beside a free seat; no (event, user) pair
 * twice; no lock documents left. Ids may be stored as ObjectIds or strings.
 */
export async function checkEventInvariants(db, eventIds) {
  const wanted = new Set(eventIds);
  const events = (await db.collection("events").find({}).toArray()).filter((e) => wanted.has(String(e._id)));
  const rows = (await db.collection("attendances").find({}, { projection: { event_id: 1, user_id: 1, status: 1 } }).toArray()).filter((r) =>
    wanted.has(String(r.event_id)),
  );
  const byEvent = new Map(eventIds.map((id) => [id, { ...Object.fromEntries(STATUSES.map((s) => [s, 0])), total: 0 }]));
  const pairs = new Set();
  let duplicates = 0;
  for (const r of rows) {
    const c = byEvent.get(String(r.event_id));
    c[r.status] = (c[r.status] ?? 0) + 1;
    c.total += 1;
    const pair = `${r.event_id}:${r.user_id}`;
    if (pairs.has(pair)) duplicates += 1;
    pairs.add(pair);
  }
  const problems = [];
  const found = { overCapacity: 0, countMismatch: 0, seatMismatch: 0, usesMismatch: 0, idleWaitlist: 0, full: 0 };
  for (const e of events) {
    const c = byEvent.get(String(e._id));
    const label = `event ${e._id} (max_people ${e.max_people ?? "none"})`;
    const capped = e.max_people !== null && e.max_people !== undefined;
    if (capped && c.attending > e.max_people) {
      found.overCapacity += 1;
      problems.push(`${label}: ${c.attending} attending`);
    }
    if (!e.counts) {
      found.countMismatch += 1;
      problems.push(`${label}: no stored counts to compare with the recount`);
    } else {
      for (const s of STATUSES) {
        if ((e.counts[s] ?? 0) !== c[s]) {
          found.countMismatch += 1;
          problems.push(`${label}: counts.${s} = ${e.counts[s]} but ${c[s]} memberships`);
        }
      }
    }
    const seats = capped ? e.max_people - c.attending : null;
    if (e.seats_left !== undefined && e.seats_left !== seats) {
      found.seatMismatch += 1;
      problems.push(`${label}: seats_left = ${e.seats_left}, expected ${seats}`);
    }
    if (e.invite_uses !== undefined && e.invite_uses !== c.total) {
      found.usesMismatch += 1;
      problems.push(`${label}: invite_uses = ${e.invite_uses} but ${c.total} memberships`);
    }
    if (c.waitlisted > 0 && (!capped || c.attending < e.max_people)) {
      found.idleWaitlist += 1;
      problems.push(`${label}: ${c.waitlisted} waitlisted while ${capped ? e.max_people - c.attending : "unlimited"} seats are free`);
    }
    if (capped && c.attending === e.max_people) found.full += 1;
  }
  const locksLeft = await db.collection("locks").countDocuments({});
  if (locksLeft) problems.push(`${locksLeft} lock document(s) left in "locks"`);
  const missing = eventIds.length - events.length;
  if (missing) problems.push(`${missing} benchmark event(s) missing`);
  if (duplicates) problems.push(`${duplicates} duplicate (event, user) memberships`);
  return { events: events.length, memberships: rows.length, ...found, duplicates, locksLeft, problems, byEvent, ok: problems.length === 0 };
}

/** The invariants in one sentence, for a report. */
export function invariantLine(inv) {
  return (
    `${inv.ok ? "**passed**" : "**FAILED**"} for all ${inv.events} benchmark events and their ${inv.memberships} memberships: ` +
    `attending > max_people on ${inv.overCapacity} events; stored counts ≠ recount from attendances for ${inv.countMismatch} (event, status) pairs; ` +
    `seats_left ≠ max_people − attending on ${inv.seatMismatch}; invite_uses ≠ memberships on ${inv.usesMismatch}; ` +
    `waitlisted guests beside free seats on ${inv.idleWaitlist}; duplicate (event, user) memberships ${inv.duplicates}; ` +
    `lock documents left ${inv.locksLeft}. ${inv.full} capped events were exactly full at the end.` +
    (inv.problems.length ? ` First problems: ${inv.problems.slice(0, 5).join("; ")}.` : "")
  );
}
