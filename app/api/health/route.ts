import { NextResponse } from "next/server";
import { healthReport } from "@/lib/health";

export const dynamic = "force-dynamic";

/** 503 when the database or Redis is down, so a load balancer takes the instance out until it heals (lib/health.ts). */
export async function GET() {
  const health = await healthReport();
  const up = health.status === "ok";
  return NextResponse.json(health, { status: up ? 200 : 503, headers: { "Cache-Control": "no-store", ...(up ? {} : { "Retry-After": "5" }) } });
}
