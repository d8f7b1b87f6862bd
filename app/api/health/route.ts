import { NextResponse } from "next/server";
import { pingDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export async function GET() {
  const dbOk = await pingDb();
  return NextResponse.json(
    dbOk ? { status: "ok", db: "ok" } : { status: "degraded", db: "down" },
    { status: dbOk ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
