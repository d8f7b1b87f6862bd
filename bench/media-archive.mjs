// "Download all" (GET /api/v1/events/{id}/media/archive) against the PRODUCTION build: the server's
// memory while a ~300 MB album leaves as one zip (issue 16, item 3).
//
//   NEXT_DIST_DIR=.next-archive npx next build && NEXT_DIST_DIR=.next-archive node bench/media-archive.mjs
//
// Starts a throwaway FerretDB (unless MONGODB_URI is set) and `next start`, creates a user (straight
// into the database) and a private event (through the API), uploads 6 fake 50 MB MP4s streamed from
// disk, lets the server settle, and then, sampling the server process's VmRSS every 100 ms:
//   (a) downloads the archive at full speed to disk, then checks it with yauzl: 6 entries, stored
//       (not compressed), each byte for byte the uploaded file (sha256);
//   (b) downloads it again with a client that stops reading after 30 MB for 5 s and then leaves:
//       with backpressure the server holds a few chunks, not the rest of the album; after the client
//       leaves, the server and the database go idle (their CPU over the next 3 s).
// Results go to bench/RESULTS.md under "## Media archive (issue 16)" (that section is replaced).
//
// BENCH_QUICK=1 uses 6 × 10 MB and only prints the table.
import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import yauzl from "yauzl";
import {
  MB,
  ROOT,
  checkBuild,
  cpuSnapshot,
  freeBlock,
  loadAverage,
  log,
  machineInfo,
  mbps,
  procStatus,
  runBench,
  sampleRss,
  sleep,
  startMediaBench,
  uploadFile,
  writeFakeMp4,
  writeResultsSection,
} from "./lib.mjs";

const DIST = process.env.NEXT_DIST_DIR || ".next-archive";
const QUICK = process.env.BENCH_QUICK === "1";
const FILES = 6;
const SIZE = (QUICK ? 10 : 50) * MB;
const PAUSE_AFTER = 30 * MB;
const PAUSE_MS = 5_000;
const COMMAND = "cd /work/main && NEXT_DIST_DIR=.next-archive npx next build && NEXT_DIST_DIR=.next-archive node bench/media-archive.mjs";
const OUT = join(ROOT, "bench", ".out");
const SECTION = "## Media archive (issue 16)";

const running = { db: null, server: null, files: [] };
const mib = (bytes) => (bytes / 1024 / 1024).toFixed(0);

/**
 * GETs `path` into `file` (null: nowhere), as fast as the disk takes it; or, with `pauseAfter`, stops
 * reading there, runs `whilePaused()`, and then drops the connection. Never holds the body in memory.
 */
function fetchArchive(port, path, token, { file = null, pauseAfter = 0, whilePaused } = {}) {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const req = http.request({ host: "127.0.0.1", port, method: "GET", path, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const out = file ? createWriteStream(file) : null;
      let bytes = 0;
      let paused = false;
      res.on("data", (chunk) => {
        bytes += chunk.length;
        if (out && !out.write(chunk)) {
          res.pause();
          out.once("drain", () => res.resume());
        }
        if (pauseAfter && !paused && bytes >= pauseAfter) {
          paused = true;
          res.pause();
          whilePaused().then((during) => {
            req.destroy();
            ok({ status: res.statusCode, bytes, ms: performance.now() - t0, during });
          }, fail);
        }
      });
      res.on("end", async () => {
        if (out) {
          out.end();
          await finished(out);
        }
        ok({ status: res.statusCode, bytes, ms: performance.now() - t0 });
      });
      res.on("error", (err) => (paused ? null : fail(err)));
    });
    req.on("error", (err) => (pauseAfter ? null : fail(err)));
    req.end();
  });
}

/** Every entry of the zip on disk: name, method, size and sha256 (read as streams). */
function zipEntries(file) {
  return new Promise((ok, fail) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true }, (err, zip) => {
      if (err) return fail(err);
      const entries = [];
      zip.on("error", fail);
      zip.on("end", () => ok(entries));
      zip.on("entry", (entry) => {
        zip.openReadStream(entry, (openErr, stream) => {
          if (openErr) return fail(openErr);
          const hash = createHash("sha256");
          stream.on("data", (c) => hash.update(c));
          stream.on("error", fail);
          stream.on("end", () => {
            entries.push({ name: entry.fileName, method: entry.compressionMethod, size: entry.uncompressedSize, sha256: hash.digest("hex") });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

async function main() {
  const build = checkBuild(DIST, `No production build: ${DIST}/BUILD_ID is missing.\nBuild first:\n\n  ${COMMAND}\n`);
  const machine = machineInfo();
  const loadBefore = loadAverage();
  mkdirSync(OUT, { recursive: true });
  log(`build ${build.id} in ${DIST} (${build.builtAt})${QUICK ? " (quick)" : ""}`);

  const { port, pid, client, database, token, mediaPath } = await startMediaBench(running, { distDir: DIST, dbPrefix: "bench_archive", title: "Archive bench" });
  const started = procStatus(pid);
  log(`next start on :${port}, server pid ${pid} (${started?.name}), RSS ${mib(started?.rss)} MiB`);

  // The album: FILES different fake videos, uploaded by the host (approved at once).
  const uploads = [];
  const uploadT0 = performance.now();
  for (let i = 0; i < FILES; i++) {
    const path = join(OUT, `archive-${i}.mp4`);
    running.files.push(path);
    const sha256 = await writeFakeMp4(path, SIZE);
    const up = await uploadFile(port, mediaPath, token, path, { name: `clip-${i + 1}.mp4` });
    if (up.status !== 201) throw new Error(`upload ${i}: ${up.status} ${JSON.stringify(up.json)}`);
    rmSync(path, { force: true });
    uploads.push({ name: `clip-${i + 1}.mp4`, sha256 });
    log(`uploaded ${i + 1}/${FILES} (${mbps(SIZE, up.ms).toFixed(1)} MB/s)`);
  }
  const uploadSecs = (performance.now() - uploadT0) / 1000;
  const album = FILES * SIZE;

  // Idle: after the uploads, once the server has had time to settle.
  await sleep(5_000);
  const idle = procStatus(pid);
  log(`idle RSS before the download: ${mib(idle?.rss)} MiB`);

  // (a) the whole archive at full speed, to disk.
  const zipFile = join(OUT, "archive.zip");
  running.files.push(zipFile);
  const fullMem = sampleRss(pid);
  const full = await fetchArchive(port, `${mediaPath}/archive`, token, { file: zipFile });
  const fullRss = fullMem.stop();
  if (full.status !== 200) throw new Error(`archive: ${full.status}`);
  const zipSize = statSync(zipFile).size;
  const entries = await zipEntries(zipFile);
  rmSync(zipFile, { force: true });
  const intact =
    entries.length === FILES && entries.every((e, i) => e.name === uploads[i].name && e.sha256 === uploads[i].sha256 && e.method === 0 && e.size === SIZE);
  if (!intact) throw new Error(`archive entries differ: ${JSON.stringify(entries)}`);
  log(`(a) ${(zipSize / MB).toFixed(1)} MB in ${(full.ms / 1000).toFixed(1)} s, RSS ${mib(fullRss.start)} → peak ${mib(fullRss.peak)} MiB`);

  // (b) a client that stops reading after PAUSE_AFTER, waits, and leaves.
  await sleep(3_000);
  const before = procStatus(pid);
  const slowMem = sampleRss(pid);
  const slow = await fetchArchive(port, `${mediaPath}/archive`, token, {
    pauseAfter: PAUSE_AFTER,
    whilePaused: async () => {
      const first = procStatus(pid);
      await sleep(PAUSE_MS);
      return { first, last: procStatus(pid) };
    },
  });
  const slowRss = slowMem.stop();
  if (slow.status !== 200 || !slow.during) throw new Error(`paused archive: ${slow.status}`);
  // CPU of the server and the database once the client has gone: near zero unless GridFS is still read.
  const cpu0 = cpuSnapshot({ serverGroup: running.server.child.pid, dbPid: running.db?.pid });
  await sleep(3_000);
  const cpu1 = cpuSnapshot({ serverGroup: running.server.child.pid, dbPid: running.db?.pid });
  const afterLeave = procStatus(pid);
  // Clock ticks are 10 ms (USER_HZ 100 on Linux).
  const cpuAfterLeave = cpu0 && cpu1 ? `${(cpu1.parts.server - cpu0.parts.server) * 10} ms server + ${(cpu1.parts.db - cpu0.parts.db) * 10} ms database CPU` : "CPU unavailable";
  log(`(b) paused at ${(slow.bytes / MB).toFixed(0)} MB for ${PAUSE_MS / 1000} s: RSS ${mib(slow.during.first?.rss)} → ${mib(slow.during.last?.rss)} MiB, peak ${mib(slowRss.peak)} MiB`);

  await database.dropDatabase().catch(() => {});
  await client.close();

  const rows = [
    { phase: `server RSS right after start`, value: `${mib(started?.rss)} MiB`, detail: "before any request" },
    { phase: `upload of the album (${FILES} × ${SIZE / MB} MB videos)`, value: `${(uploadSecs).toFixed(0)} s`, detail: `${mbps(album, uploadSecs * 1000).toFixed(1)} MB/s overall` },
    { phase: "idle server RSS before the download", value: `${mib(idle?.rss)} MiB`, detail: "5 s after the last upload" },
    {
      phase: `(a) download of the archive, full speed`,
      value: `peak ${mib(fullRss.peak)} MiB`,
      detail: `+${mib(fullRss.peak - (idle?.rss ?? 0))} MiB over idle; ${(zipSize / MB).toFixed(1)} MB zip in ${(full.ms / 1000).toFixed(1)} s (${mbps(zipSize, full.ms).toFixed(1)} MB/s); ${fullRss.samples} samples; ${entries.length} entries stored, sha256 equal to the uploads`,
    },
    {
      phase: `(b) a client that stops reading after ${PAUSE_AFTER / MB} MB for ${PAUSE_MS / 1000} s, then leaves`,
      value: `peak ${mib(slowRss.peak)} MiB`,
      detail: `${mib(before?.rss)} MiB before; ${mib(slow.during.first?.rss)} MiB when it stopped reading, ${mib(slow.during.last?.rss)} MiB ${PAUSE_MS / 1000} s later; ${mib(afterLeave?.rss)} MiB 3 s after it left, with ${cpuAfterLeave} in those 3 s`,
    },
    { phase: "server VmHWM (peak RSS since start)", value: `${mib(procStatus(pid)?.hwm)} MiB`, detail: "includes the uploads" },
  ];
  return { machine, build, loadBefore, loadAfter: loadAverage(), rows, db: running.db?.kind ?? "MONGODB_URI", growth: fullRss.peak - (idle?.rss ?? 0), album };
}

function table(rows) {
  return ["| phase | result | detail |", "|---|--:|---|", ...rows.map((r) => `| ${r.phase} | ${r.value} | ${r.detail} |`)].join("\n");
}

function markdown({ machine, build, loadBefore, loadAfter, rows, db, growth, album }) {
  return `${SECTION}

\`bench/media-archive.mjs\`: "Download all" of a ${(album / MB).toFixed(0)} MB album (${FILES} fake MP4 videos of ${SIZE / MB} MB) from the production build
(\`next start\`, NODE_ENV=production, build in \`${DIST}\`) on a local ${db === "ferretdb" ? "FerretDB v1.24.2 (SQLite)" : db}, one client on the
same machine (\`node:http\`). RSS is the server process's (\`next-server\`) VmRSS from /proc, sampled every 100 ms. MB = 10⁶ bytes.

${table(rows)}

The archive is written while it is sent (lib/media/archive.ts, archiver 8 with entries stored): one GridFS file is
open at a time, read a 1 MiB chunk at a time (two read ahead), and the next bytes are read only when the client has
taken the previous ones. So the server's memory does not follow the album's size: it rose by ${mib(growth)} MiB at the peak of
the full-speed download of ${(album / MB).toFixed(0)} MB, and a client that stops reading holds the server at the same level
until it leaves.

- **Date:** ${machine.date}
- **Command:** \`${COMMAND}\`
- **Machine:** nproc ${machine.nproc}; CPU ${machine.cpu}; ${machine.mem} RAM; Node ${machine.node}; load average (1/5/15 min) ${loadBefore} before, ${loadAfter} after
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
