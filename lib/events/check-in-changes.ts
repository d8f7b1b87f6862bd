import "server-only";
import type { ObjectId } from "mongodb";
import { collections } from "@/lib/db/collections";
import { enqueue } from "@/lib/jobs/queue";
import { membershipId } from "./access";

// What follows a guest into and out of "attending" at the door (lib/events/attending.ts calls
// these): their ticket by mail, and their check-in taken back when they stop attending. Only
// enqueues, so a join never loads the mail templates (the job is lib/events/ticket-mail.ts).

export const TICKET_MAIL_JOB = "ticket-mail";

/**
 * Mails the guest their ticket, from a job. The same membership is one job (jobId) and one mail
 * (mail_sends) however often it enters attending: the ticket never changes. A guest moved off the
 * waitlist (`promotion`: their place in line) is told so each time, in the same mail as the ticket
 * when it has not gone yet: one job per place in line. A failure to enqueue leaves the RSVP as it is
 * (logged): the ticket is on the event page too.
 */
export async function mailTicketLater(eventId: ObjectId, userId: ObjectId, promotion?: string): Promise<void> {
  const id = membershipId(eventId, userId);
  try {
    const jobId = promotion ? `ticket-mail:${id}:${promotion}` : `ticket-mail:${id}`;
    await enqueue(TICKET_MAIL_JOB, { membership_id: id, ...(promotion ? { promotion } : {}) }, { jobId });
  } catch (err) {
    console.error(`[invyta] ticket mail for ${id} not queued: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * A guest checked in who stops attending is not in any more: the check-in is cleared by one update
 * guarded on "not attending and checked in", so the event's counters move back exactly once (a
 * concurrent undo or a second call finds nothing to clear).
 */
export async function clearCheckIn(eventId: ObjectId, userId: ObjectId): Promise<void> {
  const cleared = await (await collections.attendances()).findOneAndUpdate(
    { _id: membershipId(eventId, userId), status: { $ne: "attending" }, checked_in_at: { $ne: null } },
    { $set: { checked_in_at: null, checked_in_by: null } },
  );
  if (!cleared) return;
  const people = 1 + Math.max(0, cleared.guests ?? 0);
  await (await collections.events()).updateOne({ _id: eventId }, { $inc: { "checked_in.guests": -1, "checked_in.people": -people } });
}
