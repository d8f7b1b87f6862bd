#!/usr/bin/env node
// First-load JavaScript of the invite page against a bare Next.js page (issue 13 item 8: within 1.3×).
//
// Builds Invyta (production, into .next-bench-js) and the bare app (bench/bare-next, the same Next
// and React), starts both, makes one host and one public event through the API, then opens in
// Chromium, signed out, the invite link's page (/events/join?event_id=…&token=…) and the bare app's
// trivial page (/). For each it adds up every script the page loads before the network is idle:
// bytes as served and gzipped (level 6, as `next start` compresses). Prints a table and JSON.
//
//   node bench/first-load-js.mjs [--skip-build]
//
// Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH) and the local database (npm run db:install).
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import bcrypt from "bcryptjs";
import { chromium } from "@playwright/test";
import {
  BARE,
  BCRYPT_COST,
  buildBareNext,
  checkBuild,
  connectMongo,
  freePort,
  installedVersion,
  log,
  machineInfo,
  nextBuild,
  PASSWORD,
  ROOT,
  runBench,
  startBareNext,
  startStack,
  verifiedUser,
  waitUntilHealthy,
} from "./lib.mjs";

const { values: opts } = parseArgs({ options: { "skip-build": { type: "boolean", default: false } } });
const DIST = ".next-bench-js";
const DB_NAME = `bench_first_load_${Date.now().toString(36)}`;
const LIMIT = 1.3;
const running = { db: null, sink: null, server: null, bare: null };

/** Every script a page loads until the network is idle: count, bytes as served, bytes gzipped. */
async function scriptsOf(browser, url) {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
  const page = await context.newPage();
  const seen = [];
  page.on("response", (res) => {
    if (res.request().resourceType() === "script") seen.push(res.body().then((body) => ({ url: res.url(), raw: body.length, gzip: gzipSync(body, { level: 6 }).length })));
  });
  const res = await page.goto(url, { waitUntil: "networkidle" });
  if (res?.status() !== 200) throw new Error(`GET ${url}: ${res?.status()}`);
  const scripts = await Promise.all(seen);
  await context.close();
  return { scripts: scripts.length, raw: scripts.reduce((n, s) => n + s.raw, 0), gzip: scripts.reduce((n, s) => n + s.gzip, 0), files: scripts.map((s) => ({ file: new URL(s.url).pathname, gzip: s.gzip })) };
}

async function api(port, method, path, { token, body } = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function main() {
  const next = installedVersion(ROOT, "next");
  let bare;
  if (opts["skip-build"]) {
    checkBuild(DIST, `No build in ${DIST}: run without --skip-build`);
    bare = checkBuild(BARE.distDir, `No build in ${BARE.dir}/${BARE.distDir}: run without --skip-build`, BARE.dir);
  } else {
    log(`building the bare app and Invyta (${DIST})`);
    bare = await buildBareNext();
    await nextBuild(ROOT, { distDir: DIST, env: { NEXT_DIST_DIR: DIST }, logName: "first-load-js-build.log" });
  }

  const { uri, port } = await startStack(running, { dbName: DB_NAME, distDir: DIST, healthTimeoutMs: 90_000 });
  const barePort = await freePort();
  running.bare = startBareNext(barePort);
  await waitUntilHealthy(running.bare, barePort, 60_000, BARE.route);

  const client = await connectMongo(uri);
  const email = `first-load-${Date.now().toString(36)}@example.com`;
  await client.db(DB_NAME).collection("users").insertOne(verifiedUser(email, await bcrypt.hash(PASSWORD, BCRYPT_COST), new Date(), { username: "bench_host", username_lower: "bench_host" }));
  await client.close();
  const { access_token: token } = await api(port, "POST", "/api/v1/auth/login", { body: { email, password: PASSWORD } });
  const created = await api(port, "POST", "/api/v1/events", {
    token,
    body: { title: "Rooftop dinner", starts_at: new Date(Date.now() + 7 * 86_400_000).toISOString(), timezone: "America/New_York", location: "Brooklyn", is_private: false },
  });
  const invite = new URL(created.event.invite_link);

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const barePage = await scriptsOf(browser, `http://127.0.0.1:${barePort}${BARE.page}`);
    const joinPage = await scriptsOf(browser, `http://127.0.0.1:${port}${invite.pathname}${invite.search}`);
    return { machine: machineInfo(), date: new Date().toISOString(), next, bareBuild: bare.id, bare: barePage, join: joinPage, ratio: joinPage.gzip / barePage.gzip };
  } finally {
    await browser.close();
  }
}

function report(r) {
  const kb = (n) => (n / 1024).toFixed(1);
  console.log(`\nFirst-load JS, signed out, 375 px (Chromium; gzip level 6), next ${r.next}, ${r.date}`);
  console.log(`machine: ${JSON.stringify(r.machine)}`);
  console.log("| page | scripts | KiB as served | KiB gzipped |\n|---|---|---|---|");
  console.log(`| bare Next page (/) | ${r.bare.scripts} | ${kb(r.bare.raw)} | ${kb(r.bare.gzip)} |`);
  console.log(`| invite page (/events/join) | ${r.join.scripts} | ${kb(r.join.raw)} | ${kb(r.join.gzip)} |`);
  console.log(`\ninvite ÷ bare (gzipped): ${r.ratio.toFixed(2)}× (target ≤ ${LIMIT}×)`);
  console.log(`\nInvite page scripts, largest first:\n${r.join.files.sort((a, b) => b.gzip - a.gzip).map((f) => `  ${kb(f.gzip)} KiB  ${f.file}`).join("\n")}`);
  console.log(`\n${JSON.stringify({ ...r, join: { ...r.join, files: undefined }, bare: { ...r.bare, files: undefined } })}`);
  return r.ratio <= LIMIT ? 0 : 2;
}

runBench({ main, report, running, stopSteps: [["bare app", () => running.bare?.stop()]] });
