import { NextResponse } from "next/server";
import { z } from "zod";
import { listAnnouncements, postAnnouncement, type Announcement } from "@/lib/events/announcements";
import { announcementSchema, AUDIENCES } from "@/lib/events/guest-news-schema";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams, nextCursor, objectId } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

const announcementBody = z.object({
  announcement_id: objectId,
  event_id: objectId,
  author_id: objectId,
  author_name: z.string().nullable(),
  audience: z.enum(AUDIENCES),
  body: z.string(),
  created_at: z.iso.datetime(),
});

const json = (a: Announcement) => ({ ...a, created_at: a.created_at.toISOString() });

export const GET = route(
  {
    summary: "Announcements",
    description: "Newest first, a page at a time (`limit` 1–100, default 20; `next_cursor`). The host sees all; a guest those sent to their group; anyone else none.",
    auth: "optional-bearer",
    params: eventIdParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).optional(), cursor: z.string().max(200).optional() }),
    response: z.object({ announcements: z.array(announcementBody), next_cursor: nextCursor }),
    errors: [404],
  },
  async ({ user, params, query }) => {
    const page = await listAnnouncements(user, params.id, query);
    return { announcements: page.announcements.map(json), next_cursor: page.next_cursor };
  },
);

export const POST = route(
  {
    summary: "Post an announcement",
    description:
      "The hosts only (the owner and co-hosts). `{body, audience}`: `audience` is `everyone` (the default: going, maybe, waitlisted and pending), `going`, `maybe`, `waitlist` or `pending`. It shows on the event page to that group and is emailed to them. At most 10 an hour.",
    auth: "bearer",
    limit: "announcement",
    params: eventIdParams,
    body: announcementSchema,
    response: { 201: z.object({ message: z.string(), announcement: announcementBody }) },
    errors: [403, 404, 429],
  },
  async ({ user, params, body }) => {
    const announcement = await postAnnouncement(user, params.id, body);
    return NextResponse.json({ message: "Announcement posted", announcement: json(announcement) }, { status: 201 });
  },
);

export const { PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET", "POST");
