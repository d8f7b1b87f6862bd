import "server-only";
import { z } from "zod";
import type { ObjectId } from "mongodb";
import { collections, findByIds, objectIdOrNull } from "@/lib/db/collections";
import type { AttendanceStatus, EventDoc, UserDoc } from "@/lib/db/types";
import { env } from "@/lib/env";
import type { JobHandler } from "@/lib/jobs/queue";
import type { MailMessage } from "@/lib/mail/service";
import { calendarCancelled, calendarChanged, type MailContent } from "@/lib/mail/templates";
import { calendarEventOf } from "./calendar";
import { CALENDAR_CANCEL_JOB, CALENDAR_STATUSES, CALENDAR_UPDATE_JOB, membershipPages } from "./calendar-changes";
import { forgetMailOnce, mailOnce } from "./guest-mail";
import { buildIcs, type CalendarEvent, type IcsOptions, type IcsPerson } from "./ics";
import { formatEventTime } from "./time";

// The jobs that bring guests' calendars up to date (queued by lib/events/calendar-changes.ts):
// a change of time or place mails each guest going or maybe an iTIP REQUEST with the event's UID
// and its new SEQUENCE; a deleted event mails them a CANCEL. Each guest's mail is recorded in
// `mail_sends` (`calendar:<event>:<sequence>:<user>`) before it goes, so a retried job, or two workers,
// never mail anyone twice for one sequence.

const updateData = z.object({
  event_id: z.string(),
  sequence: z.number().int().min(0),
  previous: z.object({ starts_at: z.coerce.date(), ends_at: z.coerce.date().nullable(), timezone: z.string(), location: z.string() }),
});
const cancelData = z.object({ event_id: z.string() });

/** The address of MAIL_FROM ("Invyta <no-reply@invyta.app>" → no-reply@invyta.app): the invitations' ORGANIZER. */
function senderAddress(): string {
  const from = env().MAIL_FROM.trim();
  return /<([^<>\s]+)>\s*$/.exec(from)?.[1] ?? from;
}

async function organizerOf(ownerId: ObjectId): Promise<IcsPerson> {
  const host = await (await collections.users()).findOne({ _id: ownerId }, { projection: { name: 1, username: 1 } });
  return { email: senderAddress(), name: host?.name || host?.username || "Invyta" };
}

const PARTSTAT: Partial<Record<AttendanceStatus, "ACCEPTED" | "TENTATIVE">> = { attending: "ACCEPTED", maybe: "TENTATIVE" };

type Guest = { user: Pick<UserDoc, "_id" | "email" | "name" | "time_zone">; status: AttendanceStatus };

/**
 * Mails each guest of a page once for this sequence (lib/events/guest-mail.ts mailOnce: a retried job
 * resumes where the failed one stopped).
 */
async function mailPage(eventId: string, sequence: number, guests: Guest[], mail: (guest: Guest) => MailMessage | Promise<MailMessage>): Promise<number> {
  let sent = 0;
  for (const guest of guests) {
    if (await mailOnce(`${sendKey(eventId)}:${sequence}:${guest.user._id.toHexString()}`, async () => mail(guest))) sent++;
  }
  return sent;
}

/** The prefix of this event's calendar mails in `mail_sends`. */
const sendKey = (eventId: string) => `calendar:${eventId}`;

async function guestsOf(userIds: ObjectId[], statuses: AttendanceStatus[]): Promise<Guest[]> {
  const users = new Map((await findByIds(await collections.users(), userIds, { email: 1, name: 1, time_zone: 1 })).map((u) => [u._id.toHexString(), u]));
  return userIds.flatMap((id, i) => {
    const user = users.get(id.toHexString());
    // An account deleted since has no one to mail.
    return user ? [{ user, status: statuses[i]! }] : [];
  });
}

/** The time's second reading: in the guest's zone when known and different, else UTC (as reminders give it); null when it would repeat the first. */
function otherZoneOf(eventZone: string, guestZone: string | null | undefined): string | null {
  const zone = guestZone && guestZone !== eventZone ? guestZone : "UTC";
  return zone === eventZone ? null : zone;
}

function invitation(content: MailContent, event: CalendarEvent, method: "REQUEST" | "CANCEL", organizer: IcsPerson, guest: Guest, now: Date): MailMessage {
  const attendee: IcsOptions["attendee"] = { email: guest.user.email, name: guest.user.name, partstat: PARTSTAT[guest.status] ?? "ACCEPTED" };
  return {
    to: guest.user.email,
    ...content,
    calendar: { method, content: buildIcs(event, now, { method, organizer, attendee }), filename: "invite.ics" },
  };
}

/** `calendar:update`: the event's new time or place to every guest going or maybe. Returns how many were mailed. */
export async function sendCalendarUpdate(data: Record<string, unknown>, now: Date = new Date()): Promise<number> {
  const { event_id, sequence, previous } = updateData.parse(data);
  const id = objectIdOrNull(event_id);
  const events = await collections.events();
  const stale = (e: Pick<EventDoc, "ics_sequence"> | null) => !e || (e.ics_sequence ?? 0) !== sequence;
  const event = id ? await events.findOne({ _id: id }) : null;
  // Deleted: its cancellation says so. Changed again: the newer job sends the newer details.
  if (!event || stale(event)) return 0;
  const calendarEvent = calendarEventOf(event);
  // One rendering per second zone the guests read the time in.
  const contents = new Map<string, Promise<MailContent>>();
  const contentFor = (guestZone: string | null | undefined) => {
    const other = otherZoneOf(event.timezone, guestZone);
    let content = contents.get(other ?? "");
    if (!content) {
      content = calendarChanged({
        eventTitle: event.title,
        eventUrl: calendarEvent.url,
        oldTime: formatEventTime(previous.starts_at, previous.ends_at, previous.timezone),
        newTime: formatEventTime(event.starts_at, event.ends_at, event.timezone),
        otherNewTime: other ? formatEventTime(event.starts_at, event.ends_at, other) : null,
        oldLocation: previous.location,
        newLocation: event.location,
      });
      contents.set(other ?? "", content);
    }
    return content;
  };
  const organizer = await organizerOf(event.owner_id);
  let sent = 0;
  let first = true;
  for await (const page of membershipPages(event._id, CALENDAR_STATUSES)) {
    // A change while this job runs: stop, and leave the rest to the job of the newer sequence.
    if (!first && stale(await events.findOne({ _id: event._id }, { projection: { ics_sequence: 1 } }))) break;
    first = false;
    const guests = await guestsOf(page.map((m) => m.user_id), page.map((m) => m.status));
    sent += await mailPage(event_id, sequence, guests, async (guest) => invitation(await contentFor(guest.user.time_zone), calendarEvent, "REQUEST", organizer, guest, now));
  }
  return sent;
}

/** `calendar:cancel`: a deleted event's cancellation to the guests who were going or maybe. Returns how many were mailed. */
export async function sendCalendarCancellation(data: Record<string, unknown>, now: Date = new Date()): Promise<number> {
  const { event_id } = cancelData.parse(data);
  const cancellations = await collections.calendarCancellations();
  const pages = await collections.calendarCancellationPages();
  const doc = await cancellations.findOne({ _id: event_id });
  // Done already (the document goes last), or nobody was going.
  if (!doc) return 0;
  const { event } = doc;
  const id = objectIdOrNull(event_id);
  if (!id) return 0;
  const calendarEvent = calendarEventOf({ ...event, _id: id, updated_at: doc.created_at, ics_sequence: event.sequence });
  const content = await calendarCancelled({
    eventTitle: event.title,
    eventTime: formatEventTime(event.starts_at, event.ends_at, event.timezone),
    location: event.location,
    appUrl: env().APP_URL,
  });
  const organizer = await organizerOf(event.owner_id);
  const pageIds = Array.from({ length: doc.pages }, (_, i) => `${event_id}:${i + 1}`);
  let sent = 0;
  for (const pageId of pageIds) {
    const page = await pages.findOne({ _id: pageId });
    if (!page) continue;
    const guests = await guestsOf(page.user_ids, page.statuses);
    sent += await mailPage(event_id, event.sequence, guests, (guest) => invitation(content, calendarEvent, "CANCEL", organizer, guest, now));
  }
  // Done: the document goes first (a rerun then sends nothing), then its pages and the event's send records.
  await cancellations.deleteOne({ _id: event_id });
  await pages.deleteMany({ _id: { $in: pageIds } });
  await forgetMailOnce(sendKey(event_id));
  return sent;
}

/** Registered in lib/jobs/handlers.ts. */
export const calendarJobs: Record<string, JobHandler> = {
  [CALENDAR_UPDATE_JOB]: async (data) => void (await sendCalendarUpdate(data)),
  [CALENDAR_CANCEL_JOB]: async (data) => void (await sendCalendarCancellation(data)),
};
