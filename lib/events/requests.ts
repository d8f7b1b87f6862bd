import "server-only";
import type { AuthUser } from "@/lib/auth/service";
import { collections, objectIdOrNull } from "@/lib/db/collections";
import type { AttendanceDoc, EventDoc } from "@/lib/db/types";
import { NotFound } from "@/lib/errors";
import { getHostedEvent, membershipId } from "./access";
import { move, type Change, type JoinResult } from "./membership";
import { countsMove } from "./seats";

// Requests to join a private event: the hosts (owner or co-hosts) approve one, deny one, or decide
// every request at once. Approving moves the request to attending like an RSVP (a seat, or the line
// when full); denying deletes it, guarded on "pending", so a request is decided once.

const NO_REQUEST = "No pending request from that user.";

async function decideOne(event: EventDoc, request: AttendanceDoc, action: "approve" | "deny"): Promise<Change | null> {
  if (action === "deny") {
    const { deletedCount } = await (await collections.attendances()).deleteOne({ _id: request._id, status: "pending" });
    if (deletedCount === 0) return null;
    await (await collections.events()).updateOne({ _id: event._id }, { $inc: countsMove("pending", null) });
    return { status: "not_attending" };
  }
  if (request.status !== "pending") return null;
  return move(event, request, "attending");
}

export async function decideRequest(host: AuthUser, eventId: string, guestId: string, action: "approve" | "deny"): Promise<JoinResult> {
  const { event } = await getHostedEvent(eventId, host);
  const userId = objectIdOrNull(guestId);
  const request = userId ? await (await collections.attendances()).findOne({ _id: membershipId(event._id, userId) }) : null;
  if (!request || request.status !== "pending") throw new NotFound(NO_REQUEST);
  const result = await decideOne(event, request, action);
  if (!result) throw new NotFound(NO_REQUEST);
  if (action === "deny") return { status: "not_attending", message: "Request denied" };
  return {
    status: result.status,
    message: result.status === "attending" ? "Request approved" : "Approved: the event is full, so the guest is on the waitlist",
  };
}

/** Requests read per round: decided one by one, each by its own guarded update. */
const DECIDE_BATCH = 50;

/**
 * Every request waiting when the host asked, oldest first. Requests that arrive meanwhile are left
 * for the host to see (and so the loop ends however fast people keep joining).
 */
export async function decideAllRequests(host: AuthUser, eventId: string, action: "approve" | "deny"): Promise<{ decided: number }> {
  const { event } = await getHostedEvent(eventId, host);
  const askedBy = new Date();
  const attendances = await collections.attendances();
  let decided = 0;
  for (;;) {
    const batch = await attendances
      .find({ event_id: event._id, status: "pending", created_at: { $lte: askedBy } })
      .sort({ created_at: 1, _id: 1 })
      .limit(DECIDE_BATCH)
      .toArray();
    let progressed = 0;
    for (const request of batch) {
      const result = await decideOne(event, request, action);
      if (!result) continue;
      progressed++;
    }
    decided += progressed;
    // Each request in a batch is decided (or was just decided by someone else): a batch with none left means done.
    if (batch.length < DECIDE_BATCH || progressed === 0) break;
  }
  return { decided };
}
