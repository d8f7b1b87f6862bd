import { NextResponse } from "next/server";
import { pingDb } from "@/lib/db/client";
import { pingRateLimitStore } from "@/lib/rate-limit";

export const dynamic = "force-dynamic";

/**
 * A real round trip to each service a request may need, in parallel (each bounded to 2 s): 503 when
 * either is down, so a load balancer takes the instance out until it heals. `redis` is "in-process"
 * in development without REDIS_URL (limits kept in this process: never down, never shared).
 */
export async function GET() {
  const [dbOk, redis] = await Promise.all([pingDb(), pingRateLimitStore()]);
  const up = dbOk && redis !== "down";
  return NextResponse.json(
    { status: up ? "ok" : "degraded", db: dbOk ? "ok" : "down", redis },
    { status: up ? 200 : 503, headers: { "Cache-Control": "no-store", ...(up ? {} : { "Retry-After": "5" }) } },
  );
}
