import "server-only";
import { DEFAULT_THEME } from "./themes";
import { ObjectId } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections } from "@/lib/db/collections";
import type { EventDoc } from "@/lib/db/types";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { noteCatalogChange } from "@/lib/discover/catalog";
import { deleteEventMedia } from "@/lib/media/cleanup";
import { deletePicture } from "@/lib/media/pictures";
import { getOwnedEvent, userObjectId } from "./access";
import { captureCancellation, enqueueCalendarUpdate, movesCalendar, RAISE_SEQUENCE } from "./calendar-changes";
import { newInviteToken } from "./invites";
import { emptyCounts } from "./seats";
import { promoteWaitlist } from "./waitlist";
import { deleteAnnouncementsOf } from "./announcements";
import { deleteCommentsOf } from "./comments";
import { dropReminders, setReminderSettings, syncReminders } from "./reminders";
import { copyEventCover } from "./cover";
import { toInstant, type DuplicateInput, type EventInput, type EventPatch } from "./schema";
import { searchTerms } from "./text";

// An event's core details: create, edit, delete (the owner only: ownership is in every filter).

function termsOf(e: Pick<EventInput, "title" | "description" | "location" | "tags">): string[] {
  return searchTerms(e.title, e.description, e.location, e.tags.join(" "));
}

function mustBeFuture(startsAt: Date) {
  if (startsAt.getTime() < Date.now() - 60_000) {
    throw new Invalid("The event cannot start in the past.", { starts_at: ["The event cannot start in the past."] });
  }
}

export async function createEvent(owner: AuthUser, input: EventInput): Promise<EventDoc> {
  mustBeFuture(input.starts_at);
  const now = new Date();
  const doc: EventDoc = {
    _id: new ObjectId(),
    owner_id: userObjectId(owner),
    title: input.title,
    description: input.description,
    starts_at: input.starts_at,
    ends_at: input.ends_at,
    timezone: input.timezone,
    location: input.location,
    max_people: input.max_people,
    seats_left: input.max_people,
    ...(input.plus_ones_max ? { plus_ones_max: input.plus_ones_max } : {}),
    is_private: input.is_private,
    tags: input.tags,
    theme: input.theme ?? DEFAULT_THEME,
    ...(input.questions?.length ? { questions: input.questions } : {}),
    search_terms: termsOf(input),
    invite_token: newInviteToken(),
    invite_expires_at: null,
    invite_max_uses: null,
    invite_uses_left: null,
    invite_uses: 0,
    counts: emptyCounts(),
    faces: [],
    media_preview: [],
    media_rev: 0,
    media_counts: { pending: 0, approved: 0, rejected: 0 },
    created_at: now,
    updated_at: now,
  };
  await (await collections.events()).insertOne(doc);
  await (await collections.users()).updateOne({ _id: doc.owner_id }, { $addToSet: { hosted_events: doc._id } });
  await syncReminders(doc);
  await noteCatalogChange(doc._id);
  return doc;
}

/** Attempts at a capacity change racing joins (each a compare-and-set) before answering 409. */
const CAPACITY_RETRIES = 20;

/**
 * Edits the details. A capacity change is a compare-and-set on (seats_left, attending, plus-ones) as
 * read, since seats_left = max_people − people attending (guests and their plus-ones) must hold after
 * it while guests join and leave; more seats are then filled from the waitlist. A lower plus_ones_max
 * changes no party already given.
 */
export async function updateEvent(user: AuthUser, eventId: string, patch: EventPatch): Promise<EventDoc> {
  const updated = await updateDetails(user, eventId, patch);
  // A new start re-arms the reminders for it (a point read each when nothing changed).
  await syncReminders(updated);
  return updated;
}

async function updateDetails(user: AuthUser, eventId: string, patch: EventPatch): Promise<EventDoc> {
  const events = await collections.events();
  let event = await getOwnedEvent(eventId, user);
  const owned = { _id: event._id, owner_id: event.owner_id };
  if (patch.starts_at && patch.starts_at.getTime() !== event.starts_at.getTime()) mustBeFuture(patch.starts_at);
  for (let attempt = 0; ; attempt++) {
    const starts = patch.starts_at ?? event.starts_at;
    const ends = patch.ends_at === undefined ? event.ends_at : patch.ends_at;
    if (ends && ends.getTime() <= starts.getTime()) {
      throw new Invalid("The event must end after it starts.", { ends_at: ["The event must end after it starts."] });
    }
    const set: Partial<EventDoc> = { ...patch, updated_at: new Date() };
    set.search_terms = termsOf({ ...event, ...set } as EventDoc);
    // A new time or place raises the calendar SEQUENCE in the same update; guests' calendars hear of it by mail.
    const moved = movesCalendar(event, patch);
    const raise = moved ? RAISE_SEQUENCE : {};
    if (patch.max_people === undefined) {
      const updated = await events.findOneAndUpdate(owned, { $set: set, ...raise }, { returnDocument: "after" });
      if (!updated) throw new NotFound("No such event.");
      await noteCatalogChange(updated._id);
      if (moved) await enqueueCalendarUpdate(event, updated);
      return updated;
    }
    const attending = event.counts.attending;
    const plusOnes = event.guests_attending ?? 0;
    const people = attending + plusOnes;
    if (patch.max_people !== null && patch.max_people < people) {
      throw new Conflict(`${people} ${plusOnes ? "people (guests and their plus-ones)" : "guests"} are attending: capacity cannot go below that.`);
    }
    set.seats_left = patch.max_people === null ? null : patch.max_people - people;
    const updated = await events.findOneAndUpdate(
      // `guests_attending: null` also matches an event that never had plus-ones (no field).
      { ...owned, seats_left: event.seats_left ?? null, "counts.attending": attending, guests_attending: (event.guests_attending ?? null) as number },
      { $set: set, ...raise },
      { returnDocument: "after" },
    );
    if (updated) {
      await noteCatalogChange(updated._id);
      if (moved) await enqueueCalendarUpdate(event, updated);
      if (await promoteWaitlist(updated)) return (await events.findOne(owned)) ?? updated;
      return updated;
    }
    if (attempt >= CAPACITY_RETRIES) throw new Conflict("Guests are joining right now: try again in a moment.");
    const fresh = await events.findOne(owned);
    if (!fresh) throw new NotFound("No such event.");
    event = fresh;
  }
}

export async function deleteEvent(user: AuthUser, eventId: string): Promise<void> {
  const event = await getOwnedEvent(eventId, user);
  // The document as deleted: a cover set meanwhile is in it, so none is left behind.
  const deleted = await (await collections.events()).findOneAndDelete({ _id: event._id, owner_id: event.owner_id });
  if (!deleted) throw new NotFound("No such event.");
  await deletePicture(deleted.cover);
  await (await collections.users()).updateOne({ _id: deleted.owner_id }, { $pull: { hosted_events: deleted._id } });
  if (deleted.cohost_ids?.length) await (await collections.users()).updateMany({ _id: { $in: deleted.cohost_ids } }, { $pull: { hosted_events: deleted._id } });
  await dropReminders(deleted);
  await deleteAnnouncementsOf(deleted._id);
  await deleteCommentsOf(deleted._id);
  await noteCatalogChange(event._id);
  // Guests going or maybe get a cancellation for their calendars: who they are is kept before the memberships go.
  await captureCancellation(deleted);
  await (await collections.attendances()).deleteMany({ event_id: event._id });
  const id = event._id.toHexString();
  await (await collections.waitlist()).deleteMany({ _id: { $gt: `${id}:`, $lt: `${id};` } });
  await deleteEventMedia(event._id);
}

/**
 * A copy of the host's event at a new time: its details, privacy, capacity, plus-ones, tags, theme,
 * cover, questions for guests, reminder times and co-hosts; a new invite link; no guests, requests,
 * photos or comments. Without an end, the copy lasts as long as the original did.
 */
export async function duplicateEvent(user: AuthUser, eventId: string, input: DuplicateInput): Promise<EventDoc> {
  const source = await getOwnedEvent(eventId, user);
  const starts = toInstant(input.starts_at, source.timezone);
  if (!starts) throw new Invalid("That start is not a date and time.", { starts_at: ["That is not a date and time, like 2026-12-31T19:00."] });
  let ends: Date | null = null;
  if (input.ends_at) {
    ends = toInstant(input.ends_at, source.timezone);
    if (!ends) throw new Invalid("That end is not a date and time.", { ends_at: ["That is not a date and time, like 2026-12-31T22:00."] });
  } else if (input.ends_at === undefined && source.ends_at) {
    ends = new Date(starts.getTime() + (source.ends_at.getTime() - source.starts_at.getTime()));
  }
  if (ends && ends.getTime() <= starts.getTime()) throw new Invalid("The event must end after it starts.", { ends_at: ["The event must end after it starts."] });
  const copy = await createEvent(user, {
    title: source.title,
    description: source.description,
    starts_at: starts,
    ends_at: ends,
    timezone: source.timezone,
    location: source.location,
    max_people: source.max_people ?? null,
    plus_ones_max: source.plus_ones_max ?? 0,
    is_private: source.is_private,
    tags: source.tags,
    theme: source.theme,
    // The same ids: they are only ever read against their own event's questions.
    questions: source.questions,
  });
  if (source.reminder_offsets) await setReminderSettings(user, copy._id.toHexString(), source.reminder_offsets);
  if (source.cover) await copyEventCover(user, source, copy._id.toHexString());
  if (source.cohost_ids?.length) await copyCohosts(copy._id, source.cohost_ids);
  return (await (await collections.events()).findOne({ _id: copy._id })) ?? copy;
}

/** The copy is run by the same team: its co-hosts, each with the copy in their hosted list (no email: they run the original). */
async function copyCohosts(copyId: ObjectId, cohostIds: ObjectId[]): Promise<void> {
  await (await collections.events()).updateOne({ _id: copyId }, { $set: { cohost_ids: cohostIds } });
  await (await collections.users()).updateMany({ _id: { $in: cohostIds } }, { $addToSet: { hosted_events: copyId } });
}
