import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalDb, type LocalDb } from "../../scripts/local-db.mjs";

// A database server of this file's own, so stopping it does not disturb other files.
let server: LocalDb;

beforeAll(async () => {
  server = await startLocalDb({ mode: "test" });
  process.env.MONGODB_URI = server.uri;
  process.env.REDIS_URL = "redis://127.0.0.1:6379";
});

afterAll(async () => {
  const { closeDb } = await import("@/lib/db");
  await closeDb();
  await (await import("@/lib/rate-limit")).closeRateLimitStore();
  await server?.stop();
});

describe("GET /api/health", () => {
  it("answers 200 after real round trips to the database and Redis, and 503 db: down once the database is stopped", async () => {
    const { GET } = await import("@/app/api/health/route");
    const up = await GET();
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: "ok", db: "ok", redis: "ok" });
    expect(up.headers.get("cache-control")).toBe("no-store");

    await server.stop();
    const down = await GET();
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
    expect(await down.json()).toEqual({ status: "degraded", db: "down", redis: "ok" });
  });
});
