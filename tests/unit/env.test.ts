import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

const base = { MONGODB_URI: "mongodb://127.0.0.1:27017/invyta", AUTH_SECRET: "x".repeat(32) };

describe("parseEnv", () => {
  it("accepts a minimal development environment and fills defaults", () => {
    const env = parseEnv(base);
    expect(env.NODE_ENV).toBe("development");
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.MEDIA_MAX_IMAGE_MB).toBe(20);
    expect(env.MEDIA_MAX_VIDEO_MB).toBe(300);
  });

  it("names each missing or malformed variable and says how to fix it", () => {
    try {
      parseEnv({ MONGODB_URI: "", AUTH_SECRET: "short", MEDIA_MAX_IMAGE_MB: "lots" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      const message = (err as EnvError).message;
      expect(message).toMatch(/MONGODB_URI is not set: .*npm run dev/);
      expect(message).toMatch(/AUTH_SECRET must be at least 32 characters: generate one with `openssl rand -base64 32`/);
      expect(message).toMatch(/MEDIA_MAX_IMAGE_MB/);
    }
  });

  it("requires SMTP and Redis (the job queue, the shared rate limits) in production", () => {
    expect(() => parseEnv({ ...base, NODE_ENV: "production" })).toThrow(/SMTP_URL is required in production[\s\S]*REDIS_URL is required in production: the job queue/);
    // Upstash's REST API can hold the rate limits, but the job queue needs Redis itself.
    expect(() => parseEnv({ ...base, NODE_ENV: "production", SMTP_URL: "smtp://mail:25", UPSTASH_REDIS_REST_URL: "https://u.upstash.io", UPSTASH_REDIS_REST_TOKEN: "t" })).toThrow(/REDIS_URL/);
    expect(parseEnv({ ...base, NODE_ENV: "production", SMTP_URL: "smtp://mail:25", REDIS_URL: "redis://r:6379" }).NODE_ENV).toBe(
      "production",
    );
  });

  it("runs jobs in the server unless told not to, under a prefix of letters and digits", () => {
    expect(parseEnv(base)).toMatchObject({ JOBS_WORKER: "on", JOBS_PREFIX: "invyta" });
    expect(parseEnv({ ...base, JOBS_WORKER: "off" }).JOBS_WORKER).toBe("off");
    expect(() => parseEnv({ ...base, JOBS_WORKER: "maybe" })).toThrow(/JOBS_WORKER must be on or off/);
    expect(() => parseEnv({ ...base, JOBS_PREFIX: "a:b" })).toThrow(/JOBS_PREFIX/);
  });

  it("normalizes the trusted proxy header", () => {
    expect(parseEnv({ ...base, TRUSTED_PROXY_HEADER: "X-Forwarded-For" }).TRUSTED_PROXY_HEADER).toBe("x-forwarded-for");
    expect(() => parseEnv({ ...base, TRUSTED_PROXY_HEADER: "x forwarded" })).toThrow(/TRUSTED_PROXY_HEADER/);
  });
});
