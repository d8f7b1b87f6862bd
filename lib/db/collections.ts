import "server-only";
import { ObjectId, type Collection, type Document, type Filter, type WithId } from "mongodb";
import { db } from "./client";
import type { AttendanceDoc, EventDoc, OtpDoc, UserDoc, WaitlistEntryDoc } from "./types";

// Typed collections, and the reads by `_id` every service uses.

export const collections = {
  users: async (): Promise<Collection<UserDoc>> => (await db()).collection<UserDoc>("users"),
  otps: async (): Promise<Collection<OtpDoc>> => (await db()).collection<OtpDoc>("otps"),
  events: async (): Promise<Collection<EventDoc>> => (await db()).collection<EventDoc>("events"),
  attendances: async (): Promise<Collection<AttendanceDoc>> => (await db()).collection<AttendanceDoc>("attendances"),
  waitlist: async (): Promise<Collection<WaitlistEntryDoc>> => (await db()).collection<WaitlistEntryDoc>("waitlist"),
};

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
