import "server-only";
import { ObjectId, type Filter } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, findByIds } from "@/lib/db/collections";
import { decodeCursor, encodeCursor, objectIdKey, pageSize, type PageOpts } from "@/lib/db/paging";
import type { AnnouncementAudience, AnnouncementDoc, AttendanceStatus } from "@/lib/db/types";
import { env } from "@/lib/env";
import { enqueue, type JobHandler } from "@/lib/jobs/queue";
import { eventAnnouncement } from "@/lib/mail/templates";
import { getEventForViewer, getHostedEvent, userObjectId, type EventView, type Viewer } from "./access";
import { mailGuests } from "./guest-mail";

// Announcements: the host tells a group of guests something ("the venue moved"). Each is stored,
// shown on the event page to the people it was for (newest first), and mailed to them by a job
// (lib/events/guest-mail.ts: once per guest, however often the job runs).

/** Who an audience reaches, by membership status. */
export const AUDIENCE_STATUSES: Record<AnnouncementAudience, AttendanceStatus[]> = {
  everyone: ["attending", "maybe", "waitlisted", "pending"],
  going: ["attending"],
  maybe: ["maybe"],
  waitlist: ["waitlisted"],
  pending: ["pending"],
};

/** The audiences a guest with this status is in. */
function audiencesOf(status: AttendanceStatus): AnnouncementAudience[] {
  return (Object.keys(AUDIENCE_STATUSES) as AnnouncementAudience[]).filter((a) => AUDIENCE_STATUSES[a].includes(status));
}

export type Announcement = {
  announcement_id: string;
  event_id: string;
  author_id: string;
  author_name: string | null;
  audience: AnnouncementAudience;
  body: string;
  created_at: Date;
};

export const ANNOUNCEMENTS_PAGE = 20;
export const ANNOUNCEMENTS_PAGE_MAX = 100;

/** The host posts; the mails go out from the job queue. */
export async function postAnnouncement(user: AuthUser, eventId: string, input: { body: string; audience: AnnouncementAudience }): Promise<Announcement> {
  const { event } = await getHostedEvent(eventId, user);
  const doc: AnnouncementDoc = { _id: new ObjectId(), event_id: event._id, author_id: userObjectId(user), audience: input.audience, body: input.body, created_at: new Date() };
  const announcements = await collections.announcements();
  await announcements.insertOne(doc);
  try {
    await enqueue("announcements:send", { announcement_id: doc._id.toHexString() }, { jobId: `announcement:${doc._id.toHexString()}` });
  } catch (err) {
    // Not shown without its emails: the host tries again (503) and posts it once.
    await announcements.deleteOne({ _id: doc._id });
    throw err;
  }
  return (await withAuthors([doc]))[0]!;
}

/**
 * What the viewer may read, newest first: the host everything; a guest what was sent to their group;
 * anyone else nothing (an empty list; a private event they cannot see is a 404).
 */
export async function listAnnouncements(viewer: Viewer, eventId: string, opts: PageOpts = {}): Promise<{ announcements: Announcement[]; next_cursor: string | null }> {
  return listAnnouncementsOf(await getEventForViewer(eventId, viewer), opts);
}

/** listAnnouncements for an event the page has read already (getEventForViewer): no second read of it. */
export async function listAnnouncementsOf({ event, membership, isHost }: EventView, opts: PageOpts = {}): Promise<{ announcements: Announcement[]; next_cursor: string | null }> {
  const audiences = isHost ? null : membership ? audiencesOf(membership.status) : [];
  if (audiences && audiences.length === 0) return { announcements: [], next_cursor: null };
  const limit = pageSize(opts.limit, ANNOUNCEMENTS_PAGE, ANNOUNCEMENTS_PAGE_MAX);
  const after = decodeCursor(opts.cursor, objectIdKey);
  const filter: Filter<AnnouncementDoc> = {
    event_id: event._id,
    ...(audiences ? { audience: { $in: audiences } } : {}),
    ...(after ? { $or: [{ created_at: { $lt: after.at } }, { created_at: after.at, _id: { $lt: after.id } }] } : {}),
  };
  const rows = await (await collections.announcements()).find(filter).sort({ created_at: -1, _id: -1 }).limit(limit + 1).toArray();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { announcements: await withAuthors(page), next_cursor: rows.length > limit && last ? encodeCursor(last.created_at, last._id) : null };
}

async function withAuthors(docs: AnnouncementDoc[]): Promise<Announcement[]> {
  const authors = await findByIds(await collections.users(), [...new Set(docs.map((d) => d.author_id.toHexString()))].map((id) => new ObjectId(id)), { name: 1, username: 1 });
  const names = new Map(authors.map((u) => [u._id.toHexString(), u.name || u.username || null]));
  return docs.map((d) => ({
    announcement_id: d._id.toHexString(),
    event_id: d.event_id.toHexString(),
    author_id: d.author_id.toHexString(),
    author_name: names.get(d.author_id.toHexString()) ?? null,
    audience: d.audience,
    body: d.body,
    created_at: d.created_at,
  }));
}

/** The job: mails the announcement to its audience. Gone (the event was deleted): nothing. */
export async function sendAnnouncement(data: { announcement_id: string }, now = new Date()): Promise<number> {
  const id = ObjectId.isValid(data.announcement_id) ? new ObjectId(data.announcement_id) : null;
  const doc = id ? await (await collections.announcements()).findOne({ _id: id }) : null;
  const event = doc ? await (await collections.events()).findOne({ _id: doc.event_id }) : null;
  if (!doc || !event) return 0;
  const host = (await withAuthors([doc]))[0]!.author_name;
  const eventUrl = new URL(`/events/${event._id.toHexString()}#announcements-title`, env().APP_URL).toString();
  const content = await eventAnnouncement({ eventTitle: event.title, hostName: host, body: doc.body, eventUrl });
  return mailGuests({ eventId: event._id, statuses: AUDIENCE_STATUSES[doc.audience], key: `announcement:${doc._id.toHexString()}`, message: async () => content, now });
}

export async function deleteAnnouncementsOf(eventId: ObjectId): Promise<void> {
  await (await collections.announcements()).deleteMany({ event_id: eventId });
}

export const announcementJobs: Record<string, JobHandler> = {
  "announcements:send": async (data) => {
    await sendAnnouncement(data as { announcement_id: string });
  },
};
