import { NextResponse } from "next/server";
import { parseWith, withApiUser } from "@/lib/api";
import { recommendationsQuerySchema } from "@/lib/discover/schema";
import { recommendationsFor, type Recommendation } from "@/lib/discover/service";
import { eventJson } from "@/lib/events/json";
import { onlyMethods } from "@/lib/api-methods";

// Depends on the user and the clock: never prerendered.
export const dynamic = "force-dynamic";

function itemJson(item: Recommendation) {
  return { ...eventJson(item.event), reasons: item.reasons, is_full: item.is_full };
}

/**
 * The original's GET /recommend/<user_id>, for the signed-in user only:
 * `{recommended_events: [...]}`, or `{message, popular_events}` when the user has no favorites.
 */
export const GET = withApiUser(async ({ req, user }) => {
  const { limit } = parseWith(recommendationsQuerySchema, Object.fromEntries(req.nextUrl.searchParams), "The recommendations query is not valid.");
  const result = await recommendationsFor(user, { limit });
  const body =
    result.kind === "no_favorites"
      ? { message: result.message, popular_events: result.popular.map(itemJson) }
      : { recommended_events: result.items.map(itemJson) };
  // Per user: no shared cache may keep it.
  return NextResponse.json(body, { headers: { "Cache-Control": "private, no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
