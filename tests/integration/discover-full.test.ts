import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import { collections } from "@/lib/db/collections";
import { discoverEvents } from "@/lib/discover/service";
import { isFull } from "@/lib/events/capacity";
import { createEvent } from "@/lib/events/details";
import { joinEvent, rsvp } from "@/lib/events/membership";

// Discover answers from a catalog that may lag counters by seconds, but filling an event and
// freeing its last seat are told to it at once (lib/events/membership.ts): "Full" is never stale.

async function person(tag: string): Promise<AuthUser> {
  const _id = new ObjectId();
  await (await collections.users()).insertOne({ _id, email: `${tag}-${_id.toHexString()}@example.com`, emailVerified: new Date(), favorites: [], created_at: new Date() });
  return { id: _id.toHexString(), email: `${tag}@example.com` } as AuthUser;
}

describe("discover and a filling event", () => {
  it("shows the event full as soon as its last seat is taken, and open again when one frees up", async () => {
    const tag = `full-${new ObjectId().toHexString().slice(-8)}`;
    const event = await createEvent(await person("host"), {
      title: "One seat", description: "", starts_at: new Date(Date.now() + 3 * 86400_000), ends_at: null,
      timezone: "UTC", location: "", max_people: 1, is_private: false, tags: [tag],
    });
    const query = { tags: [tag], q: "", sort: "soonest" as const, limit: 10 };
    const shown = async () => (await discoverEvents(query)).events.find((e) => e._id.equals(event._id))!;
    expect(isFull(await shown())).toBe(false);
    const guest = await person("guest");
    await joinEvent(guest, event._id.toHexString(), event.invite_token);
    expect(isFull(await shown())).toBe(true);
    await rsvp(guest, event._id.toHexString(), "not_attending");
    expect(isFull(await shown())).toBe(false);
  });
});
