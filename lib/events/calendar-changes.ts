import "server-only";
import type { ObjectId } from "mongodb";
import { afterKey, type PageKey } from "@/lib/db/paging";
import { collections } from "@/lib/db/collections";
import type { AttendanceDoc, AttendanceStatus, EventDoc } from "@/lib/db/types";
import { enqueue } from "@/lib/jobs/queue";
import type { EventPatch } from "./schema";

// What guests' calendars must hear of an event's changes, decided where the change is made
// (lib/events/details.ts) and sent later by a job (lib/events/calendar-updates.ts). This module
// only enqueues, so editing an event never loads the mail templates.

/** Guests whose calendars hold the event: they get updates and cancellations. */
export const CALENDAR_STATUSES: AttendanceStatus[] = ["attending", "maybe"];

/** Recipients per page, read and written a page at a time (memory stays flat however many guests). */
export const CALENDAR_PAGE = 200;

export const CALENDAR_UPDATE_JOB = "calendar:update";
export const CALENDAR_CANCEL_JOB = "calendar:cancel";

/** The time and place as calendars have them: what an update mail shows as "before". */
export type CalendarPlace = { starts_at: Date; ends_at: Date | null; timezone: string; location: string };

function placeOf(event: Pick<EventDoc, "starts_at" | "ends_at" | "timezone" | "location">): CalendarPlace {
  return { starts_at: event.starts_at, ends_at: event.ends_at ?? null, timezone: event.timezone, location: event.location };
}

/** True when `patch` moves the event in time or place (what a calendar shows), not for other edits. */
export function movesCalendar(event: EventDoc, patch: EventPatch): boolean {
  const time = (d: Date | null | undefined) => d?.getTime() ?? null;
  return (
    (patch.starts_at !== undefined && time(patch.starts_at) !== time(event.starts_at)) ||
    (patch.ends_at !== undefined && time(patch.ends_at) !== time(event.ends_at)) ||
    (patch.timezone !== undefined && patch.timezone !== event.timezone) ||
    (patch.location !== undefined && patch.location.trim() !== event.location.trim())
  );
}

/** Raises the event's SEQUENCE in the update that moves it (the caller adds this to that update). */
export const RAISE_SEQUENCE = { $inc: { ics_sequence: 1 } } as const;

/**
 * Queues the update mail for the sequence `after` has. `before` is the event as read before the
 * change: its time and place are the "was" of the mail. One job per (event, sequence): a retried
 * request enqueues nothing new. Failing to enqueue does not undo the change already saved: it is
 * logged, and the next change of time or place mails the guests the then current details.
 */
export async function enqueueCalendarUpdate(before: EventDoc, after: EventDoc): Promise<void> {
  const sequence = after.ics_sequence ?? 0;
  const eventId = after._id.toHexString();
  try {
    await enqueue(
      CALENDAR_UPDATE_JOB,
      { event_id: eventId, sequence, previous: { ...placeOf(before), starts_at: before.starts_at.toISOString(), ends_at: before.ends_at?.toISOString() ?? null } },
      { jobId: `calendar-update:${eventId}:${sequence}` },
    );
  } catch (err) {
    console.error(`[invyta] calendar update of event ${eventId} (sequence ${sequence}) not queued: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The event's memberships with these statuses, a page at a time, oldest first. */
export async function* membershipPages(eventId: ObjectId, statuses: AttendanceStatus[]): AsyncGenerator<AttendanceDoc[]> {
  const attendances = await collections.attendances();
  let after: PageKey<string> | null = null;
  for (;;) {
    const page: AttendanceDoc[] = await attendances
      .find({ event_id: eventId, status: { $in: statuses }, ...(after ? afterKey<AttendanceDoc>("created_at", after, 1) : {}) })
      .sort({ created_at: 1, _id: 1 })
      .limit(CALENDAR_PAGE)
      .toArray();
    if (page.length > 0) yield page;
    if (page.length < CALENDAR_PAGE) return;
    const last = page[page.length - 1]!;
    after = { at: last.created_at, id: last._id };
  }
}

/**
 * Before a deleted event's memberships go: who must get a cancellation, and what it says. The
 * recipients are copied a page at a time into `calendar_cancellation_pages`, then the document that
 * names them (`calendar_cancellations`, `_id` the event's id), then the job is queued; the job
 * reads them by `_id` and removes them when done. Nothing is kept when nobody was going.
 */
export async function captureCancellation(deleted: EventDoc): Promise<void> {
  const eventId = deleted._id.toHexString();
  const pages = await collections.calendarCancellationPages();
  let count = 0;
  for await (const page of membershipPages(deleted._id, CALENDAR_STATUSES)) {
    count++;
    await pages.replaceOne(
      { _id: `${eventId}:${count}` },
      { user_ids: page.map((m) => m.user_id), statuses: page.map((m) => m.status) },
      { upsert: true },
    );
  }
  if (count === 0) return;
  await (await collections.calendarCancellations()).replaceOne(
    { _id: eventId },
    {
      event: {
        title: deleted.title,
        description: deleted.description,
        location: deleted.location,
        starts_at: deleted.starts_at,
        ends_at: deleted.ends_at ?? null,
        timezone: deleted.timezone,
        // The cancellation supersedes every copy sent so far.
        sequence: (deleted.ics_sequence ?? 0) + 1,
        owner_id: deleted.owner_id,
      },
      pages: count,
      created_at: new Date(),
    },
    { upsert: true },
  );
  try {
    await enqueue(CALENDAR_CANCEL_JOB, { event_id: eventId }, { jobId: `calendar-cancel:${eventId}` });
  } catch (err) {
    console.error(`[invyta] calendar cancellation of event ${eventId} not queued: ${err instanceof Error ? err.message : String(err)}`);
  }
}
