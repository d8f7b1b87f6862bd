import "server-only";
import { Queue, Worker, type ConnectionOptions, type Job } from "bullmq";
import { env } from "@/lib/env";
import { Unavailable } from "@/lib/errors";

// Work that happens later, on BullMQ over the Redis every deployment already has (rate limits):
// jobs are kept in Redis, so they survive restarts; a job is taken by one worker at a time however
// many instances run (BullMQ's lock), retried with exponential backoff, and kept when it fails for
// good (`npm run jobs` lists those). Scheduling that may be hours away (reminders) is kept in
// MongoDB and moved here when due by a once-a-minute tick (lib/events/reminders.ts), so nothing
// waits in Redis for days and tests drive it with an injected clock.
//
// Job handlers live with their domain and are named in lib/jobs/handlers.ts; a module that only
// enqueues imports this file, never the handlers.

export const QUEUE_NAME = "jobs";

/** How long a request waits for Redis to take a job before it answers 503. */
const ENQUEUE_TIMEOUT_MS = 5_000;

/** Retries: 6 tries over about 10 minutes (5 s, 10 s, 20 s, … between them). */
const RETRY = { attempts: 6, backoff: { type: "exponential", delay: 5_000 } } as const;

/** A job is kept this long after it succeeds (so a repeated jobId within it is still a duplicate). */
const KEEP_DONE = { age: 24 * 3600, count: 10_000 };

type G = typeof globalThis & { __invytaQueue?: Queue };
const g = globalThis as G;

export function redisUrl(): string {
  // Production requires REDIS_URL (lib/env.ts); development and tests use the local Redis.
  return env().REDIS_URL ?? "redis://127.0.0.1:6379";
}

export function connectionOptions(): ConnectionOptions {
  const url = new URL(redisUrl());
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
    tls: url.protocol === "rediss:" ? {} : undefined,
    // BullMQ's workers block on Redis; their commands must wait for a reconnect, not fail.
    maxRetriesPerRequest: null,
  };
}

/** This process's producer connection to the queue. */
export function queue(): Queue {
  g.__invytaQueue ??= new Queue(QUEUE_NAME, { connection: connectionOptions(), prefix: env().JOBS_PREFIX });
  return g.__invytaQueue;
}

export type EnqueueOptions = {
  /** The same id twice is one job (while the first is kept): a retried request enqueues nothing new. */
  jobId?: string;
  delayMs?: number;
};

/** Adds a job to run as soon as a worker is free (or after `delayMs`). */
export async function enqueue(name: string, data: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<void> {
  // BullMQ keeps ":" for its own keys: an id such as "reminder:<event>:<offset>" is stored with "_".
  const jobId = opts.jobId?.replace(/:/g, "_");
  // The connection waits for Redis to come back (as workers must); a request must not: 503 after a while.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Unavailable(30, "Background work cannot be queued right now. Try again in a moment.")), ENQUEUE_TIMEOUT_MS);
  });
  try {
    await Promise.race([queue().add(name, data, { ...RETRY, removeOnComplete: KEEP_DONE, removeOnFail: false, jobId, delay: opts.delayMs }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type JobHandler = (data: Record<string, unknown>, job: Job) => Promise<void>;

/**
 * A worker taking this queue's jobs: each by the handler of its name. An unknown name fails the
 * job (kept in the failed list), which a deploy that lost a handler makes visible.
 */
export function startWorker(handlers: Record<string, JobHandler>, { concurrency = 4 } = {}): Worker {
  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const handler = handlers[job.name];
      if (!handler) throw new Error(`No handler for job "${job.name}"`);
      await handler(job.data as Record<string, unknown>, job);
    },
    { connection: connectionOptions(), prefix: env().JOBS_PREFIX, concurrency },
  );
  worker.on("failed", (job, err) => {
    const last = job && job.attemptsMade >= (job.opts.attempts ?? 1);
    console.error(`[invyta] job ${job?.name ?? "?"} ${job?.id ?? ""} failed${last ? " for good" : ", will retry"}: ${err.message}`);
  });
  worker.on("error", (err) => console.error(`[invyta] job worker: ${err.message}`));
  return worker;
}

export type FailedJob = { id: string; name: string; data: unknown; failedReason: string; attempts: number; finishedOn: Date | null };

/** Jobs that failed for good, newest first: what an operator looks at (`npm run jobs`). */
export async function failedJobs(limit = 50): Promise<FailedJob[]> {
  const jobs = await queue().getFailed(0, limit - 1);
  return jobs.map((j) => ({
    id: String(j.id),
    name: j.name,
    data: j.data,
    failedReason: j.failedReason,
    attempts: j.attemptsMade,
    finishedOn: j.finishedOn ? new Date(j.finishedOn) : null,
  }));
}

export async function jobCounts(): Promise<Record<string, number>> {
  return queue().getJobCounts("waiting", "active", "delayed", "completed", "failed");
}
