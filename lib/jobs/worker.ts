import "server-only";
import type { Worker } from "bullmq";
import { HANDLERS } from "./handlers";
import { queue, startWorker } from "./queue";

// The job worker of this process: inside `npm run dev` / `npm start` unless JOBS_WORKER=off, or on
// its own with `npm run worker` (scale-out: as many as wanted, each job still runs once).

/** Scheduled jobs: BullMQ keeps one schedule per id however many processes upsert it. */
export const SCHEDULES: { id: string; every: number; name: string }[] = [{ id: "reminders-tick", every: 60_000, name: "reminders:tick" }];

type G = typeof globalThis & { __invytaWorker?: Worker };
const g = globalThis as G;

export async function startJobs(): Promise<Worker> {
  if (g.__invytaWorker) return g.__invytaWorker;
  g.__invytaWorker = startWorker(HANDLERS);
  for (const s of SCHEDULES) await queue().upsertJobScheduler(s.id, { every: s.every }, { name: s.name });
  return g.__invytaWorker;
}

export async function stopJobs(): Promise<void> {
  await g.__invytaWorker?.close();
  g.__invytaWorker = undefined;
}
