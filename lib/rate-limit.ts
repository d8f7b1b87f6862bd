import "server-only";
import { createHash } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis as UpstashRedis } from "@upstash/redis";
import IORedis from "ioredis";
import { env } from "@/lib/env";
import { RateLimited, Unavailable } from "@/lib/errors";
import { noteOutage, noteRecovered } from "@/lib/outages";

// Counters live in Redis (Upstash over REST, or a self-hosted Redis through ioredis) so every app
// instance shares them; in development without Redis, in this process only. Which routes have which
// limits is declared in lib/limits.ts.
// Fail closed: when the store does not answer within ~1 s, limit() throws Unavailable and the
// request gets a 503 with Retry-After — an outage must not open login to brute force.

export type LimitResult = { success: boolean; retryAfterSeconds: number; remaining: number };
export type Limiter = { name: string; limit(key: string): Promise<LimitResult> };
export type LimitOptions = { limit: number; windowSeconds: number };
/**
 * Where counters are kept; `counter` is called once per limiter, on its first use. `ping` (absent for
 * the in-process store) is a real round trip, for the health check.
 */
export type Store = {
  counter(name: string, opts: LimitOptions): (key: string) => Promise<LimitResult>;
  ping?: () => Promise<unknown>;
};

const STORE_TIMEOUT_MS = 2_000;
const REDIS_COMMAND_TIMEOUT_MS = 1_000;
/** What a refused request is told to wait while the store is unreachable (ioredis retries within seconds). */
const STORE_DOWN_RETRY_AFTER_SECONDS = 5;

export function rateLimiter(name: string, opts: LimitOptions, store?: Store): Limiter {
  // The name becomes part of Redis keys, and test cleanup deletes by pattern.
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`rate limiter name must be kebab-case: ${name}`);
  if (!Number.isInteger(opts.limit) || opts.limit < 1 || !Number.isInteger(opts.windowSeconds) || opts.windowSeconds < 1) {
    throw new Error(`rate limiter ${name}: limit and windowSeconds must be positive integers`);
  }
  // Created on first use: env() must not be read at import time (next build imports without env).
  let check: ((key: string) => Promise<LimitResult>) | undefined;
  return {
    name,
    async limit(key) {
      try {
        check ??= (store ?? defaultStore()).counter(name, opts);
        const result = await check(hashKey(key));
        noteRecovered("rate-limit-store");
        return result;
      } catch (err) {
        noteOutage("rate-limit-store");
        reportStoreDown(name, err);
        throw new Unavailable(
          STORE_DOWN_RETRY_AFTER_SECONDS,
          "This is temporarily unavailable (our abuse protection is not answering). Please try again in a moment.",
        );
      }
    },
  };
}

/** One log line per outage, not one per refused request. */
function reportStoreDown(name: string, err: unknown) {
  const now = Date.now();
  if (now - (g.__invytaStoreDownLoggedAt ?? 0) < 60_000) return;
  g.__invytaStoreDownLoggedAt = now;
  console.error(`[invyta] rate-limit store unreachable (limiter ${name}); refusing with 503:`, err instanceof Error ? err.message : err);
}

/** Checks every (limiter, key) pair that has a key; throws RateLimited with the longest wait if any is exhausted. */
export async function enforceLimits(checks: Array<[Limiter, string | null | undefined]>): Promise<void> {
  const results = await Promise.all(checks.flatMap(([limiter, key]) => (key ? [limiter.limit(key)] : [])));
  const denied = results.filter((r) => !r.success);
  if (denied.length === 0) return;
  throw new RateLimited(Math.max(1, Math.ceil(Math.max(...denied.map((r) => r.retryAfterSeconds)))));
}

/** Bounded, case-insensitive keys: "A@x.io" and "a@x.io" share a counter, and no raw email lands in Redis. */
function hashKey(key: string): string {
  return createHash("sha256").update(key.trim().toLowerCase()).digest("hex").slice(0, 32);
}

function secondsUntil(epochMs: number): number {
  return Math.max(1, Math.ceil((epochMs - Date.now()) / 1000));
}

type RatelimitRedis = ConstructorParameters<typeof Ratelimit>[0]["redis"];

/** A store backed by @upstash/ratelimit's token bucket; `ping` checks the same Redis for /api/health. */
export function ratelimitStore(redis: RatelimitRedis, ping?: () => Promise<unknown>): Store {
  return {
    ping,
    counter(name, { limit, windowSeconds }) {
      const ratelimit = new Ratelimit({
        redis,
        // A bucket of `limit` tokens, refilled `windowSeconds` after use: the sixth attempt within a
        // minute is refused whenever it comes (a sliding window's estimate lets it through when the
        // attempts straddle two windows).
        limiter: Ratelimit.tokenBucket(limit, `${windowSeconds} s`, limit),
        prefix: `invyta:rl:${name}`,
        analytics: false,
        // No per-process block list: Redis alone decides, so every instance agrees.
        ephemeralCache: false,
        timeout: STORE_TIMEOUT_MS,
      });
      return async (key) => {
        const r = await ratelimit.limit(key);
        // On its timeout the library answers success (fail open); refuse instead.
        if (r.reason === "timeout") throw new Error(`rate-limit store did not answer within ${STORE_TIMEOUT_MS} ms`);
        return { success: r.success, remaining: r.remaining, retryAfterSeconds: r.success ? 0 : secondsUntil(r.reset) };
      };
    },
  };
}

/** Fixed windows in this process: development and tests only (shared state must not live in memory). */
export function memoryStore(): Store {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const prune = (now: number) => {
    for (const [id, w] of windows) if (w.resetAt <= now) windows.delete(id);
  };
  return {
    counter(name, { limit, windowSeconds }) {
      return async (key) => {
        const now = Date.now();
        if (windows.size > 10_000) prune(now);
        const id = `${name}:${key}`;
        let w = windows.get(id);
        if (!w || w.resetAt <= now) {
          w = { count: 0, resetAt: now + windowSeconds * 1000 };
          windows.set(id, w);
        }
        if (w.count >= limit) return { success: false, remaining: 0, retryAfterSeconds: secondsUntil(w.resetAt) };
        w.count += 1;
        return { success: true, remaining: limit - w.count, retryAfterSeconds: 0 };
      };
    },
  };
}

// @upstash/ratelimit 2.2 calls only `evalsha`, then `eval` when the error text contains NOSCRIPT
// (get/set only with dynamicLimits, which is off). Its scripts begin with
// `#!lua flags=allow-key-locking`, an Upstash-only flag that Redis 7 rejects ("Unexpected flag in
// script shebang"), so the adapter runs them without that line and maps each library hash to it.
const UPSTASH_ONLY_SHEBANG = /^#!lua flags=allow-key-locking\r?\n/;
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");
const unused = async (): Promise<never> => {
  throw new Error("not used: dynamicLimits is off");
};

export type ScriptRedis = Pick<UpstashRedis, "evalsha" | "eval" | "get" | "set">;

/** What @upstash/ratelimit needs from a Redis client, over one ioredis connection. */
export function ioredisAdapter(client: IORedis): ScriptRedis {
  const runnable = new Map<string, { sha: string; script: string }>();
  return {
    async evalsha<TArgs extends unknown[], TData>(sha: string, keys: string[], args: TArgs): Promise<TData> {
      const known = runnable.get(sha);
      // Not sent yet by this process: answer as Redis would, so the library sends the script.
      if (!known) throw new Error("NOSCRIPT No matching script. Please use EVAL.");
      // After SCRIPT FLUSH or a failover, Redis's own NOSCRIPT reply has the same effect.
      // The reply's shape is the script's business; the library destructures it.
      return (await client.evalsha(known.sha, keys.length, ...keys, ...args.map(String))) as TData;
    },
    async eval<TArgs extends unknown[], TData>(script: string, keys: string[], args: TArgs): Promise<TData> {
      const body = script.replace(UPSTASH_ONLY_SHEBANG, "");
      runnable.set(sha1(script), { sha: sha1(body), script: body });
      return (await client.eval(body, keys.length, ...keys, ...args.map(String))) as TData;
    },
    get: unused,
    set: unused,
  };
}

type RedisState = { url: string; client: IORedis; scripts: ScriptRedis };
const g = globalThis as typeof globalThis & {
  __invytaRedis?: RedisState;
  __invytaRateLimitStore?: Store;
  __invytaStoreDownLoggedAt?: number;
};

/** One ioredis connection per process (kept on globalThis so dev hot reload does not open more). */
function redisConnection(url: string): RedisState {
  if (g.__invytaRedis?.url !== url) {
    const client = new IORedis(url, {
      connectTimeout: 2_000,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
    });
    let reported = false;
    client.on("error", (err: Error) => {
      if (!reported) console.error(`[invyta] rate-limit Redis unreachable: ${err.message}`);
      reported = true;
    });
    client.on("ready", () => {
      reported = false;
    });
    g.__invytaRedis = { url, client, scripts: ioredisAdapter(client) };
  }
  return g.__invytaRedis;
}

function defaultStore(): Store {
  g.__invytaRateLimitStore ??= storeFromEnv();
  return g.__invytaRateLimitStore;
}

function storeFromEnv(): Store {
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token, REDIS_URL, NODE_ENV } = env();
  if (url && token) {
    const upstash = new UpstashRedis({ url, token });
    return ratelimitStore(upstash, () => upstash.ping());
  }
  if (REDIS_URL) {
    const { client, scripts } = redisConnection(REDIS_URL);
    return ratelimitStore(scripts, () => client.ping());
  }
  // env.ts already refuses this combination; never fall back to per-process limits in production.
  if (NODE_ENV === "production") throw new Error("rate limits need REDIS_URL or UPSTASH_REDIS_REST_URL in production");
  console.warn(
    "[invyta] rate limits are kept in this process only (per-process, reset on restart): set REDIS_URL to share them.",
  );
  return memoryStore();
}

export type StoreHealth = "ok" | "down" | "in-process";

/**
 * A real round trip to the rate-limit store, bounded in time: the health check. "in-process" is the
 * development store, which cannot be down (and is not shared).
 */
export async function pingRateLimitStore(timeoutMs = 2_000): Promise<StoreHealth> {
  let store: Store;
  try {
    store = defaultStore();
  } catch {
    return "down";
  }
  if (!store.ping) return "in-process";
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<StoreHealth>((resolve) => {
    timer = setTimeout(() => resolve("down"), timeoutMs);
  });
  const ping = store.ping().then(
    (): StoreHealth => "ok",
    (): StoreHealth => "down",
  );
  try {
    const health = await Promise.race([ping, timeout]);
    if (health === "ok") noteRecovered("rate-limit-store");
    else noteOutage("rate-limit-store");
    return health;
  } finally {
    clearTimeout(timer);
  }
}

/** For tests and scripts: close the shared Redis connection and forget the chosen store. */
export async function closeRateLimitStore(): Promise<void> {
  const state = g.__invytaRedis;
  g.__invytaRedis = undefined;
  g.__invytaRateLimitStore = undefined;
  await state?.client.quit().catch(() => state.client.disconnect());
}
