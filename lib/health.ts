import "server-only";
import { pingDb } from "@/lib/db/client";
import { pingRateLimitStore } from "@/lib/rate-limit";

export type Health = { status: "ok" | "degraded"; db: "ok" | "down"; redis: Awaited<ReturnType<typeof pingRateLimitStore>> };

/**
 * A real round trip to each service a request may need, in parallel (each bounded to 2 s). `redis`
 * is "in-process" in development without REDIS_URL (limits kept in this process: never down, never
 * shared).
 */
export async function healthReport(): Promise<Health> {
  const [dbOk, redis] = await Promise.all([pingDb(), pingRateLimitStore()]);
  return { status: dbOk && redis !== "down" ? "ok" : "degraded", db: dbOk ? "ok" : "down", redis };
}
