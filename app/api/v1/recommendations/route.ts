import { NextResponse } from "next/server";
import { z } from "zod";
import { recommendationsQuerySchema } from "@/lib/discover/schema";
import { recommendationsFor, type Recommendation } from "@/lib/discover/service";
import { eventJson } from "@/lib/events/json";
import { onlyMethods } from "@/lib/http/methods";
import { eventBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

// Depends on the user and the clock: never prerendered.
export const dynamic = "force-dynamic";

const recommended = eventBody.extend({ reasons: z.array(z.string()).describe("Why it was picked, for a person.") });

function itemJson(item: Recommendation) {
  return { ...eventJson(item.event), reasons: item.reasons, is_full: item.is_full };
}

export const GET = route(
  {
    summary: "Events for you",
    description:
      "The original API's GET /recommend/<user_id>, for the signed-in user only: upcoming public events matching your favorite categories, or, when you have none yet, popular ones with a message saying so.",
    auth: "bearer",
    query: recommendationsQuerySchema,
    invalidQuery: "The recommendations query is not valid.",
    response: z.union([
      z.object({ recommended_events: z.array(recommended) }),
      z.object({ message: z.string(), popular_events: z.array(recommended) }),
    ]),
  },
  async ({ user, query }) => {
    const result = await recommendationsFor(user, { limit: query.limit });
    const body =
      result.kind === "no_favorites"
        ? { message: result.message, popular_events: result.popular.map(itemJson) }
        : { recommended_events: result.items.map(itemJson) };
    // Per user: no shared cache may keep it.
    return NextResponse.json(body, { headers: { "Cache-Control": "private, no-store" } });
  },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
