import { z } from "zod";
import { inboxQuerySchema } from "@/lib/inbox/schema";
import { getInbox } from "@/lib/inbox/service";
import { onlyMethods } from "@/lib/http/methods";
import { mediaItemBody, objectId } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { mediaJson } from "@/lib/media/service";

const pageCursor = z.string().nullable();
const counts = z.object({ requests: z.number().int(), media: z.number().int() });

export const GET = route(
  {
    summary: "Your inbox",
    description:
      "What waits on you as a host, across every event you host: join requests and photos or videos to review, newest first, a page of each (`limit`, default 50). `kind` narrows it to `requests` or `media`, `event_id` to one of your events (another id is a 404). Send `next_cursors.requests` as `requests_cursor` and `next_cursors.media` as `media_cursor` for the next page (`end` marks a kind that has no more while the other has; both null on the last page). Decide with POST /api/v1/events/{id}/requests/{user_id} and POST /api/v1/events/{id}/media/{file_id}/moderation.",
    auth: "bearer",
    query: inboxQuerySchema,
    response: z.object({
      requests: z.array(
        z.object({
          event_id: objectId,
          event_title: z.string(),
          user_id: objectId,
          display_name: z.string().nullable(),
          username: z.string().nullable(),
          email: z.string().nullable(),
          asked_at: z.iso.datetime(),
        }),
      ),
      media: z.array(mediaItemBody.extend({ event_id: objectId, event_title: z.string() })),
      counts: counts.describe("Everything waiting (within `event_id`, if given), not only this page."),
      events: z.array(z.object({ event_id: objectId, title: z.string(), starts_at: z.iso.datetime(), requests: z.number().int(), media: z.number().int() })).describe("Your events with something waiting, soonest first."),
      next_cursors: z.object({ requests: pageCursor, media: pageCursor }),
    }),
    errors: [404],
  },
  async ({ user, query }) => {
    const inbox = await getInbox(user, query);
    return {
      requests: inbox.requests.map((r) => ({
        event_id: r.event_id,
        event_title: r.event_title,
        user_id: r.user_id,
        display_name: r.display_name,
        username: r.username,
        email: r.email ?? null,
        asked_at: r.joined_at.toISOString(),
      })),
      media: inbox.media.map((m) => ({ ...mediaJson(m), event_id: m.event_id, event_title: m.event_title })),
      counts: inbox.counts,
      events: inbox.events.map((e) => ({ event_id: e.id, title: e.title, starts_at: e.starts_at.toISOString(), requests: e.requests, media: e.media })),
      next_cursors: inbox.next_cursors,
    };
  },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
