import type { EventDoc } from "@/lib/db";
import type { Ranked } from "./ranking";
import type { NO_FAVORITES_MESSAGE } from "./schema";

export type DiscoverPage = { events: EventDoc[]; next_cursor: string | null };

export type Recommendation = Ranked<EventDoc>;
export type Recommendations =
  | { kind: "matches"; favorites: string[]; items: Recommendation[] }
  | { kind: "no_favorites"; message: typeof NO_FAVORITES_MESSAGE; popular: Recommendation[] };
