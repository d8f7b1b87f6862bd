import "server-only";
import type { ObjectId } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { equalHex, hmacHex } from "@/lib/auth/keys";
import { collections, objectIdOrNull } from "@/lib/db/collections";
import { isDuplicateKey } from "@/lib/db/errors";
import type { EventDoc, ReminderDoc } from "@/lib/db/types";
import { env } from "@/lib/env";
import { NotFound } from "@/lib/errors";
import { enqueue, type JobHandler } from "@/lib/jobs/queue";
import { eventReminder } from "@/lib/mail/templates";
import { GUEST_LIST_STATUSES, getOwnedEvent, membershipId } from "./access";
import { calendarEventOf } from "./calendar";
import { mailGuests } from "./guest-mail";
import { buildIcs } from "./ics";
import { formatEventTime } from "./time";

// Reminders before an event: by default a day and two hours before it starts, to guests going or
// maybe. Each (event, offset) is a document in `reminders`, listed in the slot of the minute it is
// due (`reminder_slots`, `_id` "2026-12-01T18:00Z"), so the once-a-minute tick reads the minutes
// since its last run by `_id` — no query over the reminders, which grow with the events. A due
// reminder is claimed by one atomic update (scheduled → sending) and handed to the job queue; the
// send writes `<reminder>:<start>:<guest>` before each mail, so no guest gets it twice, even with
// two workers or a retried job. A new start time re-arms the reminders for it; a deleted event
// takes its reminders along.

export const DEFAULT_REMINDER_OFFSETS = [24 * 60, 2 * 60];
/** What a host may choose: from 5 minutes to 4 weeks before, at most 5 of them. */
export const REMINDER_OFFSET_MIN = 5;
export const REMINDER_OFFSET_MAX = 28 * 24 * 60;
export const REMINDER_OFFSETS_MAX = 5;

const MINUTE = 60_000;
const TICK = "reminders";
/** A first tick, or one after a long outage, looks back at most this far (later ones: since the last). */
const LOOK_BACK_MS = 24 * 3600_000;

export function reminderOffsetsOf(event: Pick<EventDoc, "reminder_offsets">): number[] {
  return event.reminder_offsets ?? DEFAULT_REMINDER_OFFSETS;
}

export function reminderId(eventId: ObjectId, offsetMinutes: number): string {
  return `${eventId.toHexString()}:${offsetMinutes}`;
}

/** The minute a time falls in, as a slot's `_id`. */
export function slotKey(at: Date): string {
  return `${new Date(Math.floor(at.getTime() / MINUTE) * MINUTE).toISOString().slice(0, 16)}Z`;
}

async function unschedule(id: string): Promise<void> {
  const gone = await (await collections.reminders()).findOneAndDelete({ _id: id });
  if (gone) await (await collections.reminderSlots()).updateOne({ _id: slotKey(gone.due_at) }, { $pull: { reminders: id } });
}

type Schedulable = Pick<EventDoc, "_id" | "starts_at" | "reminder_offsets">;

/**
 * Lines up the event's reminders for its current start and offsets, and drops the ones it no longer
 * has (`before`: the event as it was). A reminder whose time has passed is not sent late.
 */
export async function syncReminders(event: Schedulable, before?: Pick<EventDoc, "reminder_offsets"> | null, now = new Date()): Promise<void> {
  const reminders = await collections.reminders();
  const slots = await collections.reminderSlots();
  const offsets = reminderOffsetsOf(event);
  for (const old of before ? reminderOffsetsOf(before) : []) if (!offsets.includes(old)) await unschedule(reminderId(event._id, old));
  for (const offset of offsets) {
    const id = reminderId(event._id, offset);
    const due = new Date(event.starts_at.getTime() - offset * MINUTE);
    const existing = await reminders.findOne({ _id: id });
    if (due.getTime() <= now.getTime()) {
      if (existing?.state === "scheduled") await unschedule(id);
      continue;
    }
    if (existing && existing.due_at.getTime() === due.getTime() && existing.starts_at.getTime() === event.starts_at.getTime()) continue;
    if (existing) await slots.updateOne({ _id: slotKey(existing.due_at) }, { $pull: { reminders: id } });
    await reminders.updateOne(
      { _id: id },
      { $set: { event_id: event._id, offset_minutes: offset, starts_at: event.starts_at, due_at: due, state: "scheduled", sent_at: null } },
      { upsert: true },
    );
    await slots.updateOne({ _id: slotKey(due) }, { $addToSet: { reminders: id } }, { upsert: true });
  }
}

/** The deleted event's reminders, every offset it had. */
export async function dropReminders(event: Pick<EventDoc, "_id" | "reminder_offsets">): Promise<void> {
  for (const offset of reminderOffsetsOf(event)) await unschedule(reminderId(event._id, offset));
}

/**
 * The tick (once a minute, and by tests with their own clock): every reminder due in the minutes
 * since the last tick, up to the last whole minute before `now`, is claimed and queued. Returns
 * how many were queued.
 */
export async function runDueReminders(now = new Date()): Promise<number> {
  const cursors = await collections.jobCursors();
  const slots = await collections.reminderSlots();
  const reminders = await collections.reminders();
  const cursor = await cursors.findOne({ _id: TICK });
  const last = Math.floor(now.getTime() / MINUTE) * MINUTE - MINUTE; // the last minute wholly past
  const first = Math.max(cursor ? cursor.through.getTime() + MINUTE : last - LOOK_BACK_MS, last - LOOK_BACK_MS);
  let queued = 0;
  for (let minute = first; minute <= last; minute += MINUTE) {
    const key = slotKey(new Date(minute));
    const slot = await slots.findOne({ _id: key });
    for (const id of slot?.reminders ?? []) {
      const claimed = await reminders.findOneAndUpdate({ _id: id, state: "scheduled", due_at: { $lte: now } }, { $set: { state: "sending" } }, { returnDocument: "after" });
      if (!claimed) continue;
      if (claimed.starts_at.getTime() <= now.getTime()) {
        await reminders.updateOne({ _id: id, state: "sending" }, { $set: { state: "sent", sent_at: now } }); // the event has begun: too late
        continue;
      }
      await enqueue("reminders:send", { reminder_id: id, starts_at: claimed.starts_at.toISOString() }, { jobId: `reminder:${id}:${claimed.starts_at.getTime()}` });
      queued++;
    }
    if (slot) await slots.deleteOne({ _id: key, reminders: { $size: slot.reminders.length } });
  }
  if (first <= last) {
    const through = new Date(last);
    if (cursor) await cursors.updateOne({ _id: TICK, through: { $lt: through } }, { $set: { through } });
    else await cursors.insertOne({ _id: TICK, through }).catch((err) => (isDuplicateKey(err) ? undefined : Promise.reject(err)));
  }
  return queued;
}

/**
 * Mails one reminder to every guest going or maybe who has not turned this event's reminders off
 * (lib/events/guest-mail.ts: each at most once). Stale (the event is gone or starts at another time
 * now): nothing. A failed mail fails the job, which retries.
 */
export async function sendReminder(data: { reminder_id: string; starts_at: string }, now = new Date()): Promise<number> {
  const reminders = await collections.reminders();
  const reminder = await reminders.findOne({ _id: data.reminder_id });
  const event = reminder ? await (await collections.events()).findOne({ _id: reminder.event_id }) : null;
  if (!reminder || !event || event.starts_at.toISOString() !== data.starts_at) return 0;
  const sent = await mailGuests({
    eventId: event._id,
    statuses: GUEST_LIST_STATUSES,
    key: `reminder:${reminder._id}:${event.starts_at.getTime()}`,
    skip: (m) => !!m.reminders_off,
    message: ({ membership, user }) => reminderMail(event, reminder, membership.user_id, user.time_zone ?? null, now),
    now,
  });
  await reminders.updateOne({ _id: reminder._id, starts_at: reminder.starts_at }, { $set: { state: "sent", sent_at: now } });
  return sent;
}

// ---- the mail and its one-click unsubscribe --------------------------------------------------------------

/** "tomorrow", "in 2 hours", "in 3 days", "in 30 minutes". */
export function whenText(offsetMinutes: number): string {
  if (offsetMinutes === 24 * 60) return "tomorrow";
  if (offsetMinutes % (24 * 60) === 0) return `in ${offsetMinutes / (24 * 60)} days`;
  if (offsetMinutes % 60 === 0) return offsetMinutes === 60 ? "in 1 hour" : `in ${offsetMinutes / 60} hours`;
  return `in ${offsetMinutes} minutes`;
}

function unsubscribeSignature(eventId: string, userId: string): string {
  return hmacHex("reminders-off", `${eventId}:${userId}`).slice(0, 32);
}

/** The page a reminder's "stop these reminders" link opens, and the one-click URL mail apps POST to. */
export function unsubscribeUrls(eventId: string, userId: string): { page: string; oneClick: string } {
  const query = new URLSearchParams({ e: eventId, u: userId, s: unsubscribeSignature(eventId, userId) });
  const base = env().APP_URL;
  return { page: new URL(`/reminders/unsubscribe?${query}`, base).toString(), oneClick: new URL(`/api/reminders/unsubscribe?${query}`, base).toString() };
}

async function reminderMail(event: EventDoc, reminder: ReminderDoc, userId: ObjectId, guestZone: string | null, now: Date) {
  const eventId = event._id.toHexString();
  const eventUrl = new URL(`/events/${eventId}`, env().APP_URL).toString();
  const { page, oneClick } = unsubscribeUrls(eventId, userId.toHexString());
  const otherZone = guestZone && guestZone !== event.timezone ? guestZone : "UTC";
  const content = await eventReminder({
    eventTitle: event.title,
    when: whenText(reminder.offset_minutes),
    eventTime: formatEventTime(event.starts_at, event.ends_at, event.timezone),
    otherTime: event.timezone === "UTC" && !guestZone ? null : formatEventTime(event.starts_at, event.ends_at, otherZone),
    location: event.location,
    eventUrl,
    unsubscribeUrl: page,
  });
  const ics = buildIcs(calendarEventOf(event), now);
  return {
    ...content,
    headers: { "List-Unsubscribe": `<${oneClick}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    attachments: [{ filename: "event.ics", contentType: "text/calendar; charset=utf-8", content: ics }],
  };
}

/** The link's signature is checked, then that guest's reminders for the event are off. Idempotent. */
export async function unsubscribeFromReminders(eventId: string, userId: string, signature: string): Promise<{ eventTitle: string }> {
  const event = objectIdOrNull(eventId);
  const user = objectIdOrNull(userId);
  if (!event || !user || !/^[0-9a-f]{32}$/.test(signature) || !equalHex(signature, unsubscribeSignature(eventId, userId))) {
    throw new NotFound("This link is not valid.");
  }
  const found = await (await collections.events()).findOne({ _id: event }, { projection: { title: 1 } });
  if (!found) throw new NotFound("This event no longer exists.");
  await (await collections.attendances()).updateOne({ _id: membershipId(event, user) }, { $set: { reminders_off: true } });
  return { eventTitle: found.title };
}

// ---- the host's settings -------------------------------------------------------------------------------

export async function getReminderSettings(user: AuthUser, eventId: string): Promise<{ offsets_minutes: number[] }> {
  return { offsets_minutes: reminderOffsetsOf(await getOwnedEvent(eventId, user)) };
}

/** The host chooses when guests are reminded ([] turns reminders off); the queue follows at once. */
export async function setReminderSettings(user: AuthUser, eventId: string, offsets: number[]): Promise<{ offsets_minutes: number[] }> {
  const event = await getOwnedEvent(eventId, user);
  const wanted = [...new Set(offsets)].sort((a, b) => b - a);
  const before = await (await collections.events()).findOneAndUpdate(
    { _id: event._id, owner_id: event.owner_id },
    { $set: { reminder_offsets: wanted, updated_at: new Date() } },
    { returnDocument: "before" },
  );
  if (!before) throw new NotFound("No such event.");
  await syncReminders({ _id: before._id, starts_at: before.starts_at, reminder_offsets: wanted }, before);
  return { offsets_minutes: wanted };
}

export const reminderJobs: Record<string, JobHandler> = {
  "reminders:tick": async () => {
    await runDueReminders();
  },
  "reminders:send": async (data) => {
    await sendReminder(data as { reminder_id: string; starts_at: string });
  },
};
