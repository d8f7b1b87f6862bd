// Loaded into `next start` by bench/soak-memory.mjs through NODE_OPTIONS="--expose-gc --import
// <this file>": lets the bench read the server's V8 heap, force a full GC and write a heap snapshot
// without an inspector. Nothing happens until the bench asks: it writes a command to
// $SOAK_CONTROL_DIR/command.json ({id, gc, snapshot}) and sends SIGUSR2 to the server; the answer
// (process.memoryUsage() and v8.getHeapStatistics(), after the GC when one was asked for) goes to
// $SOAK_CONTROL_DIR/answer-<id>.json, written to a temporary name first so a reader never sees half.
// Only the main thread of a process listens (bcrypt's worker threads load preloads too), and only
// when SOAK_CONTROL_DIR is set, so the same NODE_OPTIONS reaching the `next` CLI is harmless.
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { isMainThread } from "node:worker_threads";

const dir = process.env.SOAK_CONTROL_DIR;

if (isMainThread && dir) {
  /** Two full collections: the first may only queue finalizers whose objects the second frees. */
  const fullGc = () => {
    if (typeof global.gc !== "function") return false;
    global.gc();
    global.gc();
    return true;
  };

  const answer = (command) => {
    const gcDone = command.gc ? fullGc() : false;
    let snapshot = null;
    if (command.snapshot) snapshot = v8.writeHeapSnapshot(path.join(dir, `${command.snapshot}.heapsnapshot`));
    return {
      id: command.id,
      pid: process.pid,
      at: Date.now(),
      gc: gcDone,
      snapshot,
      memory: process.memoryUsage(),
      heap: v8.getHeapStatistics(),
      spaces: v8.getHeapSpaceStatistics().map((s) => ({ name: s.space_name, used: s.space_used_size, size: s.space_size })),
    };
  };

  process.on("SIGUSR2", () => {
    let command;
    try {
      command = JSON.parse(fs.readFileSync(path.join(dir, "command.json"), "utf8"));
    } catch {
      return; // not meant for us (no command written)
    }
    let result;
    try {
      result = answer(command);
    } catch (err) {
      result = { id: command.id, pid: process.pid, error: String((err && err.message) || err) };
    }
    const file = path.join(dir, `answer-${command.id}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(result));
    fs.renameSync(`${file}.tmp`, file);
  });
}
