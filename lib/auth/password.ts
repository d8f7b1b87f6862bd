import "server-only";
import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/** bcrypt cost (bcryptjs). */
export const BCRYPT_COST = 10;

// bcryptjs is pure JavaScript: even its async API runs each ~70 ms compare as one task on the event
// loop, so under a burst of logins every other request on the instance waited (bench/RESULTS.md:
// /api/health p99 62 ms → 1.7 s, and rate-limit Redis calls timed out). The hashing therefore runs
// in a small pool of worker threads; the event loop only passes messages.

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const bcrypt = require("bcryptjs");
parentPort.on("message", (job) => {
  try {
    const result = job.op === "hash" ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash);
    parentPort.postMessage({ id: job.id, result });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String(err && err.message || err) });
  }
});
`;

type Job = { id: number; op: "hash" | "compare"; password: string; hash?: string; cost?: number };
type Pending = { resolve: (value: string | boolean) => void; reject: (err: Error) => void };
type Slot = { worker: Worker; busy: number };

type Pool = { slots: Slot[]; pending: Map<number, Pending>; nextId: number };
const g = globalThis as typeof globalThis & { __invytaBcryptPool?: Pool };

function pool(): Pool {
  if (g.__invytaBcryptPool) return g.__invytaBcryptPool;
  const size = Math.max(1, Math.min(4, availableParallelism()));
  const state: Pool = { slots: [], pending: new Map(), nextId: 1 };
  for (let i = 0; i < size; i++) {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref(); // never keeps the process alive on its own
    const slot: Slot = { worker, busy: 0 };
    worker.on("message", (msg: { id: number; result?: string | boolean; error?: string }) => {
      slot.busy--;
      const job = state.pending.get(msg.id);
      state.pending.delete(msg.id);
      if (!job) return;
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else job.resolve(msg.result as string | boolean);
    });
    worker.on("error", (err) => {
      // A crashed worker fails its jobs; the pool is rebuilt on the next call.
      for (const [id, job] of state.pending) {
        job.reject(err);
        state.pending.delete(id);
      }
      g.__invytaBcryptPool = undefined;
    });
    state.slots.push(slot);
  }
  g.__invytaBcryptPool = state;
  return state;
}

function run<T extends string | boolean>(job: Omit<Job, "id">): Promise<T> {
  const state = pool();
  const id = state.nextId++;
  const slot = state.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  slot.busy++;
  return new Promise<T>((resolve, reject) => {
    state.pending.set(id, { resolve: resolve as (v: string | boolean) => void, reject });
    slot.worker.postMessage({ ...job, id });
  });
}

export function hashPassword(password: string): Promise<string> {
  return run<string>({ op: "hash", password, cost: BCRYPT_COST });
}

let dummyHash: Promise<string> | undefined;

/** Compares against a real hash even when the account does not exist, so timing reveals nothing. */
export async function verifyPassword(password: string, hash: string | undefined): Promise<boolean> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const ok = await run<boolean>({ op: "compare", password, hash: hash ?? (await dummyHash) });
  return ok && hash !== undefined;
}
