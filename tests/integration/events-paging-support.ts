import { randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { beforeAll } from "vitest";
import type { AttendanceDoc, AttendanceStatus } from "@/lib/db/types";
import { db, setUpEventsApi } from "./events-api-support";
import { eventServices, type EventServices, type Person } from "./events-support";

// Shared by the long-list tests (guest lists, join requests, the CSV export, "approve all", the
// dashboard): every page together covers everyone exactly once, and the export and "approve all"
// cover everyone however many there are. Memberships are seeded straight into the database
// (joining 1000 people one by one through the API would take minutes on FerretDB).

export { db, routes } from "./events-api-support";
// Set by setUpEventsPaging()'s beforeAll; a live binding, so a test file reads it once it is.
export let service: EventServices;

/** The events API's world (setUpEventsApi) and the events services; call once, at the top of a test file. */
export function setUpEventsPaging(): void {
  setUpEventsApi();
  beforeAll(async () => {
    service = await eventServices();
  });
}

export const DAY = 86_400_000;

export async function newEvent(owner: Person, overrides: { is_private?: boolean; max_people?: number | null; title?: string } = {}) {
  const event = await service.createEvent(owner.user, {
    title: overrides.title ?? "Big party",
    description: "",
    starts_at: new Date(Date.now() + 30 * DAY),
    ends_at: null,
    timezone: "UTC",
    location: "",
    max_people: overrides.max_people ?? null,
    is_private: overrides.is_private ?? true,
    tags: [],
  });
  return { id: event._id.toHexString(), _id: event._id };
}

export type Seeded = AttendanceDoc & { email: string };

/**
 * One person per status, each with a membership of the event created at `at(i)`; the event's
 * counters are recounted. User ids (and so membership ids) are shuffled so that, within a
 * millisecond, their order is not the order of insertion: ties must be broken by _id.
 */
export async function seedMembers(eventId: ObjectId, statuses: AttendanceStatus[], at: (i: number) => Date, username?: (i: number) => string | undefined): Promise<Seeded[]> {
  const tag = randomBytes(4).toString("hex");
  // Membership _ids follow user ids: shuffled, so ties in created_at are not settled by insertion order.
  const userIds = statuses.map(() => new ObjectId());
  for (let i = userIds.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [userIds[i], userIds[j]] = [userIds[j]!, userIds[i]!];
  }
  const users = statuses.map((_, i) => {
    const name = username?.(i);
    return {
      _id: userIds[i]!,
      email: `seed-${tag}-${i}@example.com`,
      emailVerified: new Date(),
      favorites: [],
      created_at: new Date(),
      ...(name ? { username: name, username_lower: name.toLowerCase() } : {}),
    };
  });
  await (await db.collections.users()).insertMany(users);
  const members: Seeded[] = statuses.map((status, i) => ({
    _id: `${eventId.toHexString()}:${users[i]!._id.toHexString()}`,
    event_id: eventId,
    user_id: users[i]!._id,
    status,
    waitlisted_at: status === "waitlisted" ? at(i) : null,
    created_at: at(i),
    updated_at: at(i),
    email: users[i]!.email,
  }));
  await (await db.collections.attendances()).insertMany(members.map(({ email: _email, ...m }) => m));
  await recount(eventId);
  return members;
}

export async function recount(eventId: ObjectId) {
  const counts = await service.recountEvent(eventId.toHexString());
  await (await db.collections.events()).updateOne({ _id: eventId }, { $set: { counts } });
}

/** The order every list promises: oldest first, _id breaking ties. */
export const byKey = (a: AttendanceDoc, b: AttendanceDoc) => a.created_at.getTime() - b.created_at.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/** Five statuses in turn: 1/5 of the people each. */
export const STATUSES: AttendanceStatus[] = ["attending", "maybe", "waitlisted", "not_attending", "pending"];
export const cycle = (n: number) => Array.from({ length: n }, (_, i) => STATUSES[i % STATUSES.length]!);
