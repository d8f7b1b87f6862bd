import "server-only";
import type { ObjectId } from "mongodb";
import { faceProfile } from "@/lib/auth/service";
import { collections } from "@/lib/db/collections";
import { ATTENDED_KEEP, type AttendanceStatus, type EventDoc, type FaceDoc } from "@/lib/db/types";
import { membershipId } from "./access";
import { clearCheckIn, mailTicketLater } from "./check-in-changes";
import { RETRIES, type EventChange, type Seat } from "./seats";

// What follows a guest into and out of "attending" (lib/events/membership.ts and waitlist.ts call
// these once the membership has moved): their face among the first people going, the attended
// list on their user document, their ticket by mail, and their check-in at the door.

export const FACES_MAX = 12;

// ---- faces: the first people going, kept in the event document ------------------------------------
// Each change is one atomic update, so any number of them may run at once: an add is a $push
// guarded by "there is room and this person is not shown", a removal $pulls the exact element.
// Events from before faces existed have none until the event page builds them (facesOf); until
// then there is nothing to keep up to date ({faces: {$exists: true}} in each guard).

async function faceOf(userId: ObjectId): Promise<FaceDoc> {
  const user = await faceProfile(userId);
  return { user_id: userId, name: user?.name || user?.username || null, image: user?.image ?? null };
}

const hasFace = (faces: FaceDoc[], userId: ObjectId) => faces.some((f) => f.user_id.equals(userId));

/** The guard of a face's $push: there is room and this person is not shown. */
const roomForFace = (userId: ObjectId) => ({ faces: { $exists: true }, [`faces.${FACES_MAX - 1}`]: { $exists: false }, "faces.user_id": { $ne: userId } });

/**
 * A newcomer's face as a change to the event (EventChange), pushed in the same update as their seat
 * when `event` (the caller's fresh read) has room for it: that update then fails if the room went
 * meanwhile, and the caller takes the seat without it (the face follows as usual, from
 * enteredAttending). Null when there is no room to ask for. Nobody can leave before their
 * membership is written, so unlike addFace this needs no check after; a newcomer whose insert then
 * fails takes it back (dropNewcomerFace).
 */
export async function faceWithSeat(event: Pick<EventDoc, "faces">, userId: ObjectId): Promise<EventChange | null> {
  if (!event.faces || event.faces.length >= FACES_MAX || hasFace(event.faces, userId)) return null;
  return { guard: roomForFace(userId), inc: {}, push: { faces: await faceOf(userId) } };
}

/** A face pushed with a seat whose membership was not written after all (a duplicate join): gone unless the member is attending. */
export async function dropNewcomerFace(eventId: ObjectId, userId: ObjectId, memberStatus: AttendanceStatus | undefined): Promise<void> {
  if (memberStatus !== "attending") await removeFace(eventId, userId);
}

/** `seen`: the event's faces as the seat update returned them (else they are read here). */
async function addFace(eventId: ObjectId, userId: ObjectId, seen?: Pick<EventDoc, "faces">): Promise<void> {
  const events = await collections.events();
  // Read the user only when there is room: on a full event most joins cost no extra write.
  const event = seen ?? (await events.findOne({ _id: eventId }, { projection: { faces: 1 } }));
  if (!event?.faces || event.faces.length >= FACES_MAX || hasFace(event.faces, userId)) return;
  await events.updateOne({ _id: eventId, ...roomForFace(userId) }, { $push: { faces: await faceOf(userId) } });
  // The guest may have left meanwhile, their removeFace running before this add: check, and undo.
  // (A leave after this read removes the face itself, since its status flip came first.)
  const membership = await (await collections.attendances()).findOne({ _id: membershipId(eventId, userId) }, { projection: { status: 1 } });
  if (membership?.status !== "attending") await removeFace(eventId, userId);
}

/**
 * `seen`: the event as the update of this guest's seat left it (else it is read here). A face
 * added after that update is removed by its own adder, who reads the status this guest already left.
 */
async function removeFace(eventId: ObjectId, userId: ObjectId, seen?: Pick<EventDoc, "faces"> | null): Promise<void> {
  const events = await collections.events();
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    const event = attempt === 0 && seen ? seen : await events.findOne({ _id: eventId }, { projection: { faces: 1 } });
    const face = event?.faces?.find((f) => f.user_id.equals(userId));
    if (!face) return;
    if ((await events.updateOne({ _id: eventId }, { $pull: { faces: face } })).modifiedCount > 0) return;
  }
}

// ---- what else follows a guest into and out of "attending" ---------------------------------------

/**
 * The user's attended events, kept on the user once recommendations built the list (until then
 * there is nothing to keep up to date), so recommendations never list a user's memberships.
 */
async function noteAttended(userId: ObjectId, eventId: ObjectId, attending: boolean): Promise<void> {
  const users = await collections.users();
  if (!attending) {
    await users.updateOne({ _id: userId }, { $pull: { attended_events: eventId } });
    return;
  }
  await users.updateOne(
    { _id: userId, attended_events: { $exists: true, $ne: eventId }, [`attended_events.${ATTENDED_KEEP - 1}`]: { $exists: false } },
    { $push: { attended_events: eventId } },
  );
}

/**
 * The events the user answered "maybe" to, kept on the user like attended_events (at most
 * ATTENDED_KEEP), so the calendar feed reads them by `_id` (lib/events/calendar-feed.ts checks each
 * membership again, so an entry left behind by a race shows nothing).
 */
export async function noteMaybe(userId: ObjectId, eventId: ObjectId, maybe: boolean): Promise<void> {
  const users = await collections.users();
  if (!maybe) {
    await users.updateOne({ _id: userId }, { $pull: { maybe_events: eventId } });
    return;
  }
  await users.updateOne({ _id: userId, maybe_events: { $ne: eventId }, [`maybe_events.${ATTENDED_KEEP - 1}`]: { $exists: false } }, { $push: { maybe_events: eventId } });
}

/** `promotion`: the guest came off the waitlist (their place in line), which their mail says. */
export async function enteredAttending(eventId: ObjectId, userId: ObjectId, seat?: Seat | null, promotion?: string): Promise<void> {
  await Promise.all([addFace(eventId, userId, seat ?? undefined), noteAttended(userId, eventId, true), mailTicketLater(eventId, userId, promotion)]);
}

/** `checkedIn`: the membership as its status flip left it was checked in (else there is nothing to take back). */
export async function leftAttending(eventId: ObjectId, userId: ObjectId, seen: Seat | null, checkedIn: boolean): Promise<void> {
  await Promise.all([removeFace(eventId, userId, seen), noteAttended(userId, eventId, false), checkedIn ? clearCheckIn(eventId, userId) : null]);
}

/**
 * The event's faces, building them once for an event from before they were kept: the first
 * people who joined and are going, stored only if nobody stored faces meanwhile.
 */
export async function facesOf(event: EventDoc): Promise<FaceDoc[]> {
  if (event.faces) return event.faces;
  const first = await (await collections.attendances())
    .find({ event_id: event._id, status: "attending" })
    .sort({ created_at: 1, _id: 1 })
    .limit(FACES_MAX)
    .toArray();
  const faces = await Promise.all(first.map((m) => faceOf(m.user_id)));
  await (await collections.events()).updateOne({ _id: event._id, faces: { $exists: false } }, { $set: { faces } });
  return faces;
}
