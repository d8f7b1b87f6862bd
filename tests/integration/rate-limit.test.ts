import { createHash, randomBytes } from "node:crypto";
import IORedis from "ioredis";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { withAuthJsLimits } from "@/lib/auth/authjs-limits";
import { socketIpHeaderValue } from "@/lib/client-ip";
import { RateLimited, Unavailable } from "@/lib/errors";
import { AUTHJS_LIMITS, LIMITS } from "@/lib/limits";
import {
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

  it("serves the declared policies' limiters from the REDIS_URL store", async () => {
    const ip = `${run}-invite-ip`;
    const results = await calls(LIMITS.inviteToken.ip, ip, 31);
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

describe("Auth.js's routes (withAuthJsLimits)", () => {
  /** A stand-in for Auth.js's handler that counts the requests that reached it. */
  function authjs() {
    const reached: string[] = [];
    const handler = withAuthJsLimits("POST", async (req) => {
      reached.push(req.nextUrl.pathname);
      return new Response(null, { status: 302 });
    });
    return { handler, reached };
  }
  const post = (path: string, ip: string, form: Record<string, string>, type = "application/x-www-form-urlencoded") =>
    new NextRequest(`http://localhost/api/auth/${path}`, {
      method: "POST",
      headers: { "content-type": type, "x-invyta-socket-ip": socketIpHeaderValue(ip) },
      body: type.includes("json") ? JSON.stringify(form) : new URLSearchParams(form),
    });

  it("declares the mail-sending and secret-checking Auth.js actions, sharing the login budget", () => {
    for (const action of ["POST signin/nodemailer", "POST callback/credentials", "POST signin/credentials", "GET callback/nodemailer"]) {
      expect(AUTHJS_LIMITS[action]).toBe(LIMITS.login);
    }
    expect(AUTHJS_LIMITS["GET session"]).toBeUndefined();
  });

  it("lets 5 magic-link requests for one email through, then answers 429 JSON before Auth.js runs", async () => {
    const { handler, reached } = authjs();
    const email = `${run}-magic@example.com`;
    const statuses: number[] = [];
    // A new address each time: the per-email limit alone must stop the sixth mail.
    for (let i = 0; i < 6; i++) statuses.push((await handler(post("signin/nodemailer", `${randomIpv4()}`, { email, csrfToken: "t" }))).status);
    expect(statuses).toEqual([302, 302, 302, 302, 302, 429]);
    expect(reached).toHaveLength(5);
    const refused = await handler(post("signin/nodemailer", randomIpv4(), { email: email.toUpperCase(), csrfToken: "t" }));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/too many/i), code: "rate_limited" });
    expect(reached).toHaveLength(5);
  });

  it("limits credential posts per IP whatever the email, reading a JSON body too", async () => {
    const { handler, reached } = authjs();
    const ip = randomIpv4();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await handler(post("callback/credentials", ip, { email: `${run}-cred${i}@example.com`, password: "x" }, "application/json"))).status);
    }
    expect(statuses).toEqual([302, 302, 302, 302, 302, 429]);
    expect(reached).toHaveLength(5);
  });

  it("passes routes it does not limit straight through", async () => {
    const { handler, reached } = authjs();
    const ip = randomIpv4();
    for (let i = 0; i < 8; i++) expect((await handler(post("signout", ip, { csrfToken: "t" }))).status).toBe(302);
    expect(reached).toHaveLength(8);
  });
});

/** An address from 198.18.0.0/15 (reserved for benchmarks), fresh per call so only the limit a test means bites. */
function randomIpv4() {
  return `198.18.${randomBytes(2).join(".")}`;
}

describe("an unreachable Redis", () => {
  it("a limiter refuses with Unavailable (503 + Retry-After), never allowing", async () => {
    const dead = new IORedis("redis://127.0.0.1:1", { connectTimeout: 500, commandTimeout: 1_000, maxRetriesPerRequest: 1 });
    dead.on("error", () => {});
    try {
      const limiter = rateLimiter(name("dead2"), fivePerMinute, ratelimitStore(ioredisAdapter(dead)));
      const err = await enforceLimits([[limiter, "k"]]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Unavailable);
      expect((err as Unavailable).status).toBe(503);
      expect((err as Unavailable).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      dead.disconnect();
    }
  });

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
