import { createHash, randomBytes } from "node:crypto";
import IORedis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RateLimited } from "@/lib/errors";
import {
  authLimits,
  closeRateLimitStore,
  enforceLimits,
  ioredisAdapter,
  memoryStore,
  rateLimiter,
  ratelimitStore,
} from "@/lib/rate-limit";

// Read by env() on the first limit() call, which comes after this line.
process.env.REDIS_URL = "redis://127.0.0.1:6379";

// Limiter names unique to this run, so reruns never share counters and cleanup finds our keys only.
const run = `t${randomBytes(4).toString("hex")}`;
const name = (label: string) => `${run}-${label}`;
const fivePerMinute = { limit: 5, windowSeconds: 60 };
const redis = new IORedis("redis://127.0.0.1:6379");

afterAll(async () => {
  await closeRateLimitStore();
  const keys: string[] = [];
  for await (const batch of redis.scanStream({ match: `invyta:rl:${run}-*`, count: 500 })) keys.push(...(batch as string[]));
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

async function calls(limiter: ReturnType<typeof rateLimiter>, key: string, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await limiter.limit(key));
  return out;
}

describe("rateLimiter on Redis", () => {
  it("allows 5 calls a minute, then refuses with a wait of at most the window", async () => {
    const limiter = rateLimiter(name("basic"), fivePerMinute);
    const results = await calls(limiter, "203.0.113.7", 6);
    expect(results.slice(0, 5).map((r) => r.success)).toEqual([true, true, true, true, true]);
    expect(results.slice(0, 5).map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0]);
    const sixth = results[5]!;
    expect(sixth.success).toBe(false);
    expect(sixth.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(sixth.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("counts each key separately, case-insensitively, and stores only a hash of it", async () => {
    const limiter = rateLimiter(name("keys"), fivePerMinute);
    await calls(limiter, "Someone@Example.com", 5);
    expect((await limiter.limit("someone@example.com")).success).toBe(false);
    expect((await limiter.limit("other@example.com")).success).toBe(true);

    const keys = await redis.keys(`invyta:rl:${name("keys")}:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(new RegExp(`^invyta:rl:${name("keys")}:[0-9a-f]{32}$`));
  });

  it("does not share counters between limiters with different names", async () => {
    const a = rateLimiter(name("a"), fivePerMinute);
    const b = rateLimiter(name("b"), fivePerMinute);
    await calls(a, "same-key", 5);
    expect((await a.limit("same-key")).success).toBe(false);
    expect((await b.limit("same-key")).success).toBe(true);
  });

  it("survives SCRIPT FLUSH between calls (NOSCRIPT → eval)", async () => {
    const limiter = rateLimiter(name("flush"), fivePerMinute);
    expect((await limiter.limit("k")).remaining).toBe(4);
    await redis.script("FLUSH");
    expect((await limiter.limit("k")).remaining).toBe(3);
    await redis.script("FLUSH");
    expect((await limiter.limit("k")).remaining).toBe(2);
  });

  it("serves the ready-made auth limiters from the REDIS_URL store", async () => {
    const ip = `${run}-invite-ip`;
    const results = await calls(authLimits.inviteTokenIp, ip, 31);
    expect(results.filter((r) => r.success)).toHaveLength(30);
    expect(results[30]!.success).toBe(false);
    // The shared limiter's name is not unique to this run: delete its key for our IP by hash.
    const hashed = createHash("sha256").update(ip.toLowerCase()).digest("hex").slice(0, 32);
    const keys = await redis.keys(`invyta:rl:invite-token-ip:${hashed}`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
  });
});

describe("enforceLimits", () => {
  it("passes while every limit holds and skips checks without a key", async () => {
    const ipLimit = rateLimiter(name("enf-ip"), fivePerMinute);
    const emailLimit = rateLimiter(name("enf-email"), fivePerMinute);
    for (let i = 0; i < 5; i++) await enforceLimits([[ipLimit, "198.51.100.1"], [emailLimit, null], [emailLimit, undefined]]);
    expect((await emailLimit.limit("anything")).remaining).toBe(4);
  });

  it("throws RateLimited (429) with the longest wait when any limit is exhausted", async () => {
    const ipLimit = rateLimiter(name("enf2-ip"), fivePerMinute);
    const emailLimit = rateLimiter(name("enf2-email"), fivePerMinute);
    await calls(emailLimit, "a@example.com", 5);
    const err = await enforceLimits([
      [ipLimit, "198.51.100.2"],
      [emailLimit, "a@example.com"],
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimited);
    const limited = err as RateLimited;
    expect(limited.status).toBe(429);
    expect(limited.code).toBe("rate_limited");
    expect(Number.isInteger(limited.retryAfterSeconds)).toBe(true);
    expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(60);
  });
});

describe("memoryStore (development without Redis)", () => {
  it("limits per name and key in a fixed window", async () => {
    const store = memoryStore();
    const limiter = rateLimiter(name("mem"), fivePerMinute, store);
    const results = await calls(limiter, "k", 6);
    expect(results.map((r) => r.success)).toEqual([true, true, true, true, true, false]);
    expect(results[5]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(results[5]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await limiter.limit("other")).success).toBe(true);
    expect((await rateLimiter(name("mem2"), fivePerMinute, store).limit("k")).success).toBe(true);
    await expect(enforceLimits([[limiter, "k"]])).rejects.toBeInstanceOf(RateLimited);
  });
});

describe("an unreachable Redis", () => {
  it("fails closed: limit() rejects within the command timeout instead of allowing", async () => {
    // Port 1 refuses connections; the options mirror the app's client.
    const dead = new IORedis("redis://127.0.0.1:1", { connectTimeout: 500, commandTimeout: 1_000, maxRetriesPerRequest: 1 });
    dead.on("error", () => {});
    try {
      const limiter = rateLimiter(name("dead"), fivePerMinute, ratelimitStore(ioredisAdapter(dead)));
      const started = Date.now();
      await expect(limiter.limit("k")).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      dead.disconnect();
    }
  });
});
