import "server-only";
import { ObjectId, type Collection, type Db, type Document, type Filter, type WithId } from "mongodb";
import { db } from "./client";
import type { AnnouncementDoc, AttendanceDoc, CalendarCancellationDoc, CalendarCancellationPageDoc, CalendarFeedDoc, CommentDoc, EventDoc, JobCursorDoc, OtpDoc, ReminderDoc, MailSendDoc, ReminderSlotDoc, UserDoc, WaitlistEntryDoc } from "./types";

// Typed collections, and the reads by `_id` every service uses.

export const collections = {
  users: async (): Promise<Collection<UserDoc>> => handle<UserDoc>(await db(), "users", userWriteListeners),
  otps: async (): Promise<Collection<OtpDoc>> => handle<OtpDoc>(await db(), "otps"),
  events: async (): Promise<Collection<EventDoc>> => handle<EventDoc>(await db(), "events", eventWriteListeners),
  attendances: async (): Promise<Collection<AttendanceDoc>> => handle<AttendanceDoc>(await db(), "attendances"),
  waitlist: async (): Promise<Collection<WaitlistEntryDoc>> => handle<WaitlistEntryDoc>(await db(), "waitlist"),
  reminders: async (): Promise<Collection<ReminderDoc>> => handle<ReminderDoc>(await db(), "reminders"),
  reminderSlots: async (): Promise<Collection<ReminderSlotDoc>> => handle<ReminderSlotDoc>(await db(), "reminder_slots"),
  mailSends: async (): Promise<Collection<MailSendDoc>> => handle<MailSendDoc>(await db(), "mail_sends"),
  jobCursors: async (): Promise<Collection<JobCursorDoc>> => handle<JobCursorDoc>(await db(), "job_cursors"),
  announcements: async (): Promise<Collection<AnnouncementDoc>> => handle<AnnouncementDoc>(await db(), "announcements"),
  comments: async (): Promise<Collection<CommentDoc>> => handle<CommentDoc>(await db(), "comments"),
  calendarFeeds: async (): Promise<Collection<CalendarFeedDoc>> => handle<CalendarFeedDoc>(await db(), "calendar_feeds"),
  calendarCancellations: async (): Promise<Collection<CalendarCancellationDoc>> => handle<CalendarCancellationDoc>(await db(), "calendar_cancellations"),
  calendarCancellationPages: async (): Promise<Collection<CalendarCancellationPageDoc>> => handle<CalendarCancellationPageDoc>(await db(), "calendar_cancellation_pages"),
};

/** One Collection object per database and name: the driver resolves its options anew on each db.collection(). */
const handles = new WeakMap<Db, Map<string, Collection<Document>>>();

function handle<T extends Document>(database: Db, name: string, listeners?: Set<WriteListener>): Collection<T> {
  let byName = handles.get(database);
  if (!byName) handles.set(database, (byName = new Map()));
  let collection = byName.get(name) as Collection<T> | undefined;
  if (!collection) {
    collection = database.collection<T>(name);
    if (listeners) collection = tellingWrites(collection, listeners);
    byName.set(name, collection as unknown as Collection<Document>);
  }
  return collection;
}

/**
 * The documents with these ids, in no particular order. No ids, no query: FerretDB would answer
 * `{_id: {$in: []}}` by reading the whole collection.
 */
export async function findByIds<T extends Document & { _id: ObjectId }>(collection: Collection<T>, ids: ObjectId[], projection?: Document): Promise<WithId<T>[]> {
  if (ids.length === 0) return [];
  return collection.find({ _id: { $in: ids } } as Filter<T>, projection ? { projection } : {}).toArray();
}

/** A string id from outside → ObjectId, or null when it is not one (callers answer 404, not 500). */
export function objectIdOrNull(id: unknown): ObjectId | null {
  return typeof id === "string" && /^[0-9a-f]{24}$/i.test(id) ? new ObjectId(id) : null;
}

// ---- who hears of event and user writes ------------------------------------------------------------
// Caches of documents in this process (lib/db/doc-cache.ts) must drop what a write here changed at
// once, whichever service wrote it: every write through `collections.events()` or `.users()` is
// told, after it is done, with the ids it changed: those its filter names, else the one document a
// findOneAnd… returned, else "all" (which empties every cache that follows, so filter by `_id`).

// The listeners live on globalThis: the instrumentation hook, route handlers and pages of one
// process are separate module graphs, each with its own copy of this module and of the caches, and
// a write through any of them must reach the caches of all.

type WriteListener = (ids: string[] | "all") => void;
const g = globalThis as typeof globalThis & { __invytaWriteListeners?: { events: Set<WriteListener>; users: Set<WriteListener> } };
const { events: eventWriteListeners, users: userWriteListeners } = (g.__invytaWriteListeners ??= { events: new Set(), users: new Set() });

export function onEventWrite(listener: WriteListener): void {
  eventWriteListeners.add(listener);
}

export function onUserWrite(listener: WriteListener): void {
  userWriteListeners.add(listener);
}

const WRITES = new Set(["updateOne", "updateMany", "replaceOne", "deleteOne", "deleteMany", "findOneAndUpdate", "findOneAndReplace", "findOneAndDelete", "bulkWrite"]);
const FIND_AND_MODIFY = new Set(["findOneAndUpdate", "findOneAndReplace", "findOneAndDelete"]);

const hexOf = (v: unknown) => (v instanceof ObjectId ? v.toHexString() : typeof v === "string" ? v : null);

function idsOfFilter(filter: unknown): string[] | null {
  const id = (filter as { _id?: unknown } | null)?._id;
  if (hexOf(id) !== null) return [hexOf(id)!];
  const list = (id as { $in?: unknown } | undefined)?.$in;
  if (Array.isArray(list) && list.every((v) => hexOf(v) !== null)) return list.map((v) => hexOf(v)!);
  return null;
}

/**
 * The ids a write changed, from its filter, or from what a findOneAnd… returned (the only document
 * it can have changed: the one it matched, before or after; none when it matched none, unless it
 * upserted one). "all" when neither tells: after an error, or for a filter naming no `_id`.
 */
function idsOfWrite(name: string, args: unknown[], result: { value: unknown } | null): string[] | "all" {
  if (name === "bulkWrite") return "all";
  const named = idsOfFilter(args[0]);
  if (named || !FIND_AND_MODIFY.has(name) || !result) return named ?? "all";
  const options = (args[name === "findOneAndDelete" ? 1 : 2] ?? {}) as { upsert?: boolean; includeResultMetadata?: boolean };
  const doc = (options.includeResultMetadata ? (result.value as { value?: unknown } | null)?.value : result.value) as { _id?: unknown } | null | undefined;
  if (doc) return hexOf(doc._id) === null ? "all" : [hexOf(doc._id)!];
  return options.upsert ? "all" : [];
}

function tellingWrites<T extends Document>(collection: Collection<T>, listeners: Set<WriteListener>): Collection<T> {
  return new Proxy(collection, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof name !== "string" || !WRITES.has(name) || typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        let result: { value: unknown } | null = null;
        try {
          result = { value: await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args) };
          return result.value;
        } finally {
          const ids = idsOfWrite(name, args, result);
          if (ids === "all" || ids.length > 0) for (const listener of listeners) listener(ids);
        }
      };
    },
  });
}
