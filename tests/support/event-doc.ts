import { randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import type { EventDoc } from "@/lib/db/types";

/**
 * An event document as the events service would store it, for tests that write one straight to the
 * collection or hand it to a view: public, unlimited, untagged, in UTC, two days from now, no guests.
 */
export function eventDoc(over: Partial<EventDoc> = {}): EventDoc {
  const now = new Date();
  return {
    _id: new ObjectId(),
    owner_id: new ObjectId(),
    title: "Untitled",
    description: "",
    starts_at: new Date(now.getTime() + 2 * 86_400_000),
    ends_at: null,
    timezone: "UTC",
    location: "",
    max_people: null,
    seats_left: null,
    is_private: false,
    tags: [],
    search_terms: [],
    invite_token: randomBytes(8).toString("hex"),
    invite_uses_left: null,
    invite_uses: 0,
    counts: { pending: 0, waitlisted: 0, attending: 0, maybe: 0, not_attending: 0 },
    created_at: now,
    updated_at: now,
    ...over,
  };
}
