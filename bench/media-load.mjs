// Media upload/download throughput and the server's memory against the PRODUCTION build (issue
// "Event media", item 9).
//
//   NEXT_DIST_DIR=.next-bench-media npx next build && NEXT_DIST_DIR=.next-bench-media node bench/media-load.mjs
//
// Starts a throwaway FerretDB (unless MONGODB_URI is set) and `next start`, creates a user (straight
// into the database) and a private event (through the API), writes fake MP4 files to disk (an `ftyp`
// box with brand isom, then random bytes) and measures, one request at a time over node:http:
//   (a) upload of a 50 MB video, 3×: MB/s from the first byte sent to the 201
//   (b) download of it, 3×: MB/s of the whole body, checked byte for byte (sha256)
//   (c) a ranged read (1 MB from the middle), 5×
//   (d) upload of a 300 MB video: the server's peak RSS while it streams in
//   (e) a 300 MB upload cut off by the client at ~100 MB: no chunks may be left behind
//   (f) a 60 MB HTML file named .mp4: refused (415) while it is still being sent
// while sampling the RSS of the server process (VmRSS from /proc every 100 ms; VmHWM at the end).
// The upload bodies are streamed from disk, never held in memory here either. Results go to
// bench/RESULTS.md under "## Media (issue 5)" (that section is replaced; others are kept).
//
// BENCH_QUICK=1 uses 10 MB / 60 MB files, one round each, and only prints the table.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ObjectId } from "mongodb";
import {
  MB,
  ROOT,
  checkBuild,
  download,
  freeBlock,
  loadAverage,
  log,
  machineInfo,
  mbps,
  median,
  procStatus,
  runBench,
  sampleRss,
  sleep,
  startMediaBench,
  uploadFile,
  writeFakeMp4,
  writeResultsSection,
} from "./lib.mjs";

const DIST = process.env.NEXT_DIST_DIR || ".next-bench-media";
const QUICK = process.env.BENCH_QUICK === "1";
const SMALL = (QUICK ? 10 : 50) * MB;
const LARGE = (QUICK ? 60 : 300) * MB; // under MEDIA_MAX_VIDEO_MB (300 MiB = 314.6 MB)
const ROUNDS = QUICK ? 1 : 3;
const RANGE_READS = 5;
const COMMAND = "cd /work/main && NEXT_DIST_DIR=.next-bench-media npx next build && NEXT_DIST_DIR=.next-bench-media node bench/media-load.mjs";
const OUT = join(ROOT, "bench", ".out");
const SECTION = "## Media (issue 5)";

// ---------------------------------------------------------------------------------------------
// What the bench starts (`runBench` stops it all at the end)

const running = { db: null, server: null, files: [] };

// ---------------------------------------------------------------------------------------------
// HTTP

/** A fake MP4 (lib.mjs `writeFakeMp4`), removed when the bench ends. */
async function writeTestFile(path, size, ftyp) {
  running.files.push(path);
  return writeFakeMp4(path, size, ftyp);
}

// ---------------------------------------------------------------------------------------------
// Main

const mib = (bytes) => (bytes / 1024 / 1024).toFixed(0);

async function main() {
  const build = checkBuild(DIST, `No production build: ${DIST}/BUILD_ID is missing.\nBuild first:\n\n  ${COMMAND}\n`);
  const machine = machineInfo();
  const loadBefore = loadAverage();
  mkdirSync(OUT, { recursive: true });
  log(`build ${build.id} in ${DIST} (${build.builtAt})${QUICK ? " (quick)" : ""}`);

  const { port, pid, client, database, token, mediaPath } = await startMediaBench(running, { distDir: DIST, dbPrefix: "bench_media", title: "Media bench" });
  const idle = procStatus(pid);
  log(`next start on :${port}, server pid ${pid} (${idle?.name}), RSS ${mib(idle?.rss)} MiB`);

  log(`writing ${SMALL / MB} MB and ${LARGE / MB} MB test files to ${OUT}`);
  const smallFile = join(OUT, `media-${SMALL / MB}mb.mp4`);
  const largeFile = join(OUT, `media-${LARGE / MB}mb.mp4`);
  const smallSha = await writeTestFile(smallFile, SMALL);
  await writeTestFile(largeFile, LARGE);

  const rows = [];
  const fail = (what, r) => {
    throw new Error(`${what}: ${r.status} ${r.error ?? JSON.stringify(r.json)}`);
  };

  // (a) + (b) + (c): 50 MB up and down.
  const ups = [];
  const downs = [];
  let smallId = null;
  const smallMem = sampleRss(pid);
  for (let i = 0; i < ROUNDS; i++) {
    const up = await uploadFile(port, mediaPath, token, smallFile, { name: `small-${i}.mp4` });
    if (up.status !== 201) fail("upload", up);
    ups.push(up.ms);
    smallId = up.json.file_id;
    const down = await download(port, `${mediaPath}/${smallId}`, token);
    if (down.status !== 200 || down.bytes !== SMALL || down.sha256 !== smallSha) throw new Error(`download mismatch: ${down.status} ${down.bytes} bytes`);
    if (down.headers["content-length"] !== String(SMALL)) throw new Error(`download Content-Length: ${down.headers["content-length"]} (transfer-encoding ${down.headers["transfer-encoding"]})`);
    downs.push(down.ms);
    log(`round ${i + 1}: up ${mbps(SMALL, up.ms).toFixed(1)} MB/s, down ${mbps(SMALL, down.ms).toFixed(1)} MB/s`);
  }
  const rangeMs = [];
  for (let i = 0; i < RANGE_READS; i++) {
    const start = Math.floor(SMALL / 2) + i * 4096;
    const r = await download(port, `${mediaPath}/${smallId}`, token, { range: `bytes=${start}-${start + MB - 1}` });
    if (r.status !== 206 || r.bytes !== MB) throw new Error(`range read: ${r.status} ${r.bytes}`);
    if (r.headers["content-length"] !== String(MB)) throw new Error(`range read Content-Length: ${r.headers["content-length"]}`);
    rangeMs.push(r.ms);
  }
  const smallRss = smallMem.stop();
  rows.push({ phase: `upload ${SMALL / MB} MB video (${ROUNDS}×)`, value: `${mbps(SMALL, median(ups)).toFixed(1)} MB/s`, detail: ups.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(", ") });
  rows.push({ phase: `download ${SMALL / MB} MB video (${ROUNDS}×)`, value: `${mbps(SMALL, median(downs)).toFixed(1)} MB/s`, detail: downs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(", ") });
  rows.push({ phase: `ranged read, 1 MB from the middle (${RANGE_READS}×)`, value: `p50 ${median(rangeMs).toFixed(0)} ms`, detail: `max ${Math.max(...rangeMs).toFixed(0)} ms` });
  rows.push({ phase: `server RSS during (a)–(c)`, value: `peak ${mib(smallRss.peak)} MiB`, detail: `${mib(smallRss.start)} MiB before, ${mib(smallRss.end)} MiB after, ${smallRss.samples} samples` });

  // (d) 300 MB upload: peak RSS while it streams in.
  await sleep(1000);
  const largeMem = sampleRss(pid);
  const big = await uploadFile(port, mediaPath, token, largeFile, { name: "large.mp4" });
  const largeRss = largeMem.stop();
  if (big.status !== 201) fail("large upload", big);
  rows.push({ phase: `upload ${LARGE / MB} MB video`, value: `${mbps(LARGE, big.ms).toFixed(1)} MB/s`, detail: `${(big.ms / 1000).toFixed(1)} s` });
  rows.push({
    phase: `server RSS during the ${LARGE / MB} MB upload`,
    value: `peak ${mib(largeRss.peak)} MiB`,
    detail: `${mib(largeRss.start)} MiB before (+${mib(largeRss.peak - largeRss.start)} MiB at peak), ${largeRss.samples} samples every 100 ms`,
  });
  const stored = await database.collection("media.files").findOne({ _id: new ObjectId(big.json.file_id) });
  if (stored?.length !== LARGE) throw new Error(`stored length ${stored?.length}, expected ${LARGE}`);

  // (e) a cancelled upload leaves nothing behind.
  const filesBefore = await database.collection("media.files").countDocuments({});
  const cut = await uploadFile(port, mediaPath, token, largeFile, { name: "cancelled.mp4", abortAfter: 100 * MB * (QUICK ? 0.2 : 1) });
  let orphans = -1;
  for (let i = 0; i < 50; i++) {
    await sleep(200);
    const ids = (await database.collection("media.files").find({}, { projection: { _id: 1 } }).toArray()).map((f) => f._id);
    orphans = await database.collection("media.chunks").countDocuments({ files_id: { $nin: ids } });
    if (orphans === 0) break;
  }
  const filesAfter = await database.collection("media.files").countDocuments({});
  rows.push({
    phase: `${LARGE / MB} MB upload cancelled by the client after ${(cut.sent / MB).toFixed(0)} MB`,
    value: `${orphans} chunks left`,
    detail: `files ${filesBefore} → ${filesAfter}`,
  });
  // (f) a refusal arrives while the body is still being sent, and nothing is stored.
  const htmlFile = join(OUT, "media-disguised.mp4");
  await writeTestFile(htmlFile, 60 * MB, Buffer.from("<!doctype html><html><body>"));
  const filesBeforeHtml = await database.collection("media.files").countDocuments({});
  const html = await uploadFile(port, mediaPath, token, htmlFile, { name: "holiday.mp4" });
  if (html.status !== 415) fail("disguised HTML", html);
  rows.push({
    phase: "60 MB HTML file named .mp4",
    value: `415 after ${html.answeredMs.toFixed(0)} ms`,
    detail: `${(html.sent / MB).toFixed(1)} MB of 60 sent when the answer came; files ${filesBeforeHtml} → ${await database.collection("media.files").countDocuments({})}`,
  });
  const hwm = procStatus(pid)?.hwm;
  rows.push({ phase: "server VmHWM (peak RSS since start)", value: `${mib(hwm)} MiB`, detail: `idle after start: ${mib(idle?.rss)} MiB` });

  await database.dropDatabase().catch(() => {});
  await client.close();

  const memory = { smallGrowth: smallRss.peak - smallRss.start, largeGrowth: largeRss.peak - largeRss.start };
  return { machine, build, loadBefore, loadAfter: loadAverage(), rows, memory, db: running.db?.kind ?? "MONGODB_URI" };
}

function table(rows) {
  return ["| phase | result | detail |", "|---|--:|---|", ...rows.map((r) => `| ${r.phase} | ${r.value} | ${r.detail} |`)].join("\n");
}

function markdown({ machine, build, loadBefore, loadAfter, rows, memory, db }) {
  return `${SECTION}

\`bench/media-load.mjs\`: the production build (\`next start\`, NODE_ENV=production, build in \`${DIST}\`) on a local
${db === "ferretdb" ? "FerretDB v1.24.2 (SQLite)" : db}, one client on the same machine (\`node:http\`, one request at a time).
Files are fake MP4s (an \`ftyp\` box with brand isom, then random bytes) written to disk first and streamed from
there as \`multipart/form-data\`; downloads are hashed as they arrive and compared with the file. MB = 10⁶ bytes.
RSS is the server process's (\`next-server\`) VmRSS from /proc, sampled every 100 ms; VmHWM is its peak since start.

${table(rows)}

While the ${LARGE / MB} MB video streamed in, the server's RSS rose by ${mib(memory.largeGrowth)} MiB at most (by ${mib(memory.smallGrowth)} MiB during
the ${SMALL / MB} MB rounds, which are the server's first requests: route code loaded, heap grown, downloads included): the body is read as a stream and goes to GridFS in 1 MiB batches (one in flight), so memory does not follow the
file's size. Every download and ranged read above was checked for a \`Content-Length\` equal to the bytes sent (Next 16 drops the
header from route handlers; lib/response-length.ts restores it). Chunks are 1 MiB with ids \`<file id>:<n>\`, read one by one by
\`_id\` (lib/media/gridfs.ts): FerretDB v1 with SQLite uses no index at all, but a lone \`_id\` filter is the one it hands to SQLite
(a table scan in C that stops at the first match) instead of decoding every stored chunk in Go; a read still costs time in
proportion to the media stored before it, on this development/test database only (hence the download times rising
round by round above: each round first stores another ${SMALL / MB} MB). On MongoDB each chunk read is a point
read on the \`_id\` index.

- **Date:** ${machine.date}
- **Command:** \`${COMMAND}\`
- **Machine:** nproc ${machine.nproc}; CPU ${machine.cpu}; Node ${machine.node}; load average (1/5/15 min) ${loadBefore} before, ${loadAfter} after
- **Build:** \`${DIST}/BUILD_ID\` ${build.id}, built ${build.builtAt}, from commit ${machine.commit}${machine.dirty ? " plus uncommitted changes in the working tree" : ""}
- **Left behind:** nothing (the database of the run is dropped, the test files deleted, the server and FerretDB stopped)

${freeBlock(machine)}`;
}

await runBench({
  main,
  report(result) {
    console.log(table(result.rows));
    if (QUICK) return;
    writeResultsSection(SECTION, markdown(result));
    log(`wrote the ${SECTION.slice(3)} section of bench/RESULTS.md`);
  },
  running,
  stopSteps: [["test files", () => running.files.forEach((f) => rmSync(f, { force: true })), "remove"]],
});
