import { parseWith, withApiUser } from "@/lib/api";
import { guestsQuerySchema } from "@/lib/events/schema";
import { listGuests } from "@/lib/events/lists";
import { onlyMethods } from "@/lib/api-methods";

/**
 * The host sees everyone with emails; attending and maybe guests see who is coming, without emails.
 * Oldest first, `?limit=` (1–500, default 100) at a time; `?cursor=` is the previous page's next_cursor.
 */
export const GET = withApiUser<{ id: string }>(async ({ req, user, params }) => {
  const query = parseWith(guestsQuerySchema, Object.fromEntries(req.nextUrl.searchParams), "The list query is not valid.");
  const page = await listGuests(user, params.id, query);
  return { attendees: page.guests.map((g) => ({ ...g, joined_at: g.joined_at.toISOString() })), next_cursor: page.next_cursor };
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
