import { z } from "zod";
import { listGuests } from "@/lib/events/lists";
import { onlyMethods } from "@/lib/http/methods";
import { guestBody, guestListPage, nextCursor } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    summary: "The guest list",
    description: "The host sees everyone with emails and their `answers` to the event's questions; attending and maybe guests see who is coming, without emails. Oldest first, a page at a time.",
    ...guestListPage,
    response: z.object({ attendees: z.array(guestBody), next_cursor: nextCursor }),
  },
  async ({ user, params, query }) => {
    const page = await listGuests(user, params.id, query);
    return { attendees: page.guests.map((g) => ({ ...g, joined_at: g.joined_at.toISOString() })), next_cursor: page.next_cursor };
  },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
