import { MongoClient, ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import type { EventDoc } from "@/lib/db";
import { noteUpdate } from "@/lib/db/version-ring";
import { eventInput } from "../support/event-input";
import { eventServices, makePerson, type EventServices } from "./events-support";

// lib/events/doc-cache.ts on its own (a fake reader and clock), and what signed-out visitors see
// through it (lib/events/access.ts) against the real database.

let cacheModule: typeof import("@/lib/events/doc-cache");
let events: EventServices;
/** Another process's writes: a client of its own, past this process's collections. */
const elsewhere = new MongoClient(inject("mongoUri"));

beforeAll(async () => {
  cacheModule = await import("@/lib/events/doc-cache");
  events = await eventServices();
});

afterAll(async () => {
  await elsewhere.close();
});

const fakeDoc = (id: string, title = "t") => ({ _id: new ObjectId(id), title }) as unknown as EventDoc;

/** A reader that answers when told, counting its calls. */
function gatedReader() {
  const calls: string[][] = [];
  let open!: () => void;
  let gate = new Promise<void>((r) => (open = r));
  let title = "first";
  return {
    calls,
    setTitle: (t: string) => void (title = t),
    release: () => {
      open();
      gate = new Promise<void>((r) => (open = r));
    },
    read: async (ids: readonly string[]) => {
      calls.push([...ids]);
      const answer = title;
      await gate;
      return new Map(ids.map((id) => [id, fakeDoc(id, answer)]));
    },
  };
}

/** A reader that answers at once, counting its calls. */
function plainReader() {
  const calls: string[][] = [];
  let title = "first";
  return {
    calls,
    setTitle: (t: string) => void (title = t),
    read: async (ids: readonly string[]) => {
      calls.push([...ids]);
      return new Map(ids.map((id) => [id, fakeDoc(id, title)]));
    },
  };
}

describe("EventDocCache", () => {
  const id = new ObjectId().toHexString();

  it("concurrent misses for one event share one read", async () => {
    const reader = gatedReader();
    const cache = new cacheModule.EventDocCache(() => 0, 1000, 10, reader.read);
    const reads = Array.from({ length: 20 }, () => cache.read([id]));
    reader.release();
    const results = await Promise.all(reads);
    expect(reader.calls).toEqual([[id]]);
    expect(results.every((r) => r.get(id)?.title === "first")).toBe(true);
  });

  it("an entry older than the TTL is read again", async () => {
    let now = 0;
    const reader = plainReader();
    const cache = new cacheModule.EventDocCache(() => now, 1000, 10, reader.read);
    await cache.read([id]);
    now = 999;
    reader.setTitle("second");
    expect((await cache.read([id])).get(id)?.title).toBe("first");
    now = 1000;
    expect((await cache.read([id])).get(id)?.title).toBe("second");
    expect(reader.calls).toHaveLength(2);
  });

  it("a read under way when the event is forgotten is answered but not kept, and not shared with later reads", async () => {
    const reader = gatedReader();
    const cache = new cacheModule.EventDocCache(() => 5, 1000, 10, reader.read);
    const before = cache.read([id]);
    cache.forget([id]);
    reader.setTitle("after the write");
    const after = cache.read([id]); // must not join the read that started before the write
    reader.release();
    expect((await before).get(id)?.title).toBe("first");
    expect((await after).get(id)?.title).toBe("after the write");
    expect(reader.calls).toHaveLength(2);
  });

  it("keeps at most `max` documents, dropping the least recently used", async () => {
    const reader = plainReader();
    const cache = new cacheModule.EventDocCache(() => 0, 1000, 2, reader.read);
    const [a, b, c] = [new ObjectId(), new ObjectId(), new ObjectId()].map((o) => o.toHexString());
    await cache.read([a!]);
    await cache.read([b!]);
    await cache.read([a!]); // a is now the most recently used
    await cache.read([c!]); // b goes
    const calls = reader.calls.length;
    await cache.read([a!]);
    await cache.read([c!]);
    expect(reader.calls).toHaveLength(calls);
    await cache.read([b!]);
    expect(reader.calls).toHaveLength(calls + 1);
  });
});

describe("what signed-out visitors see", () => {
  let owner: AuthUser;
  let guest: AuthUser;

  beforeAll(async () => {
    owner = (await makePerson("cache-owner")).user;
    guest = (await makePerson("cache-guest")).user;
  });

  async function newEvent(): Promise<EventDoc> {
    return events.createEvent(owner, eventInput({ title: "Cached" }));
  }

  it("a change made through this process's services shows at once", async () => {
    const event = await newEvent();
    const id = event._id.toHexString();
    expect((await events.getEventForViewer(id, null)).event.title).toBe("Cached");
    await events.updateEvent(owner, id, { title: "Renamed" });
    expect((await events.getEventForViewer(id, null)).event.title).toBe("Renamed");
    // A rotated invite link stops opening the join page at once, too.
    const rotated = await events.rotateInvite(owner, id);
    await expect(events.previewInvite(id, event.invite_token, null)).rejects.toMatchObject({ status: 404 });
    expect((await events.previewInvite(id, rotated.invite_token, null)).event.title).toBe("Renamed");
    await events.deleteEvent(owner, id);
    await expect(events.getEventForViewer(id, null)).rejects.toMatchObject({ status: 404 });
  });

  it("another process's noted change shows within about a second (the version document)", async () => {
    const event = await newEvent();
    const id = event._id.toHexString();
    expect((await events.getEventForViewer(id, null)).event.title).toBe("Cached");
    const db = elsewhere.db(process.env.MONGODB_DB);
    await db.collection("events").updateOne({ _id: event._id }, { $set: { title: "Renamed elsewhere" } });
    // What noteCatalogChange writes in the other process (lib/db/version-store.ts bumpVersion).
    await db.collection<{ _id: string }>("catalog").updateOne({ _id: "events" }, noteUpdate(id, "elsewhere"), { upsert: true });
    await new Promise((r) => setTimeout(r, events.ANONYMOUS_CHECK_MS + 50));
    expect((await events.getEventForViewer(id, null)).event.title).toBe("Renamed elsewhere");
  });

  it("another process's rotated link stops opening the join page within about a second", async () => {
    const event = await newEvent();
    const id = event._id.toHexString();
    expect((await events.previewInvite(id, event.invite_token, null)).event.title).toBe("Cached");
    const db = elsewhere.db(process.env.MONGODB_DB);
    await db.collection("events").updateOne({ _id: event._id }, { $set: { invite_token: "rotated-elsewhere-token-0123456789" } });
    await db.collection<{ _id: string }>("catalog").updateOne({ _id: "events" }, noteUpdate(id, "elsewhere"), { upsert: true });
    await new Promise((r) => setTimeout(r, events.ANONYMOUS_CHECK_MS + 50));
    await expect(events.previewInvite(id, event.invite_token, null)).rejects.toMatchObject({ status: 404 });
  });

  it("rotating the invite link, changing its settings and removing the cover are noted for every process", async () => {
    const event = await newEvent();
    const id = event._id.toHexString();
    const catalog = elsewhere.db(process.env.MONGODB_DB).collection<{ _id: string; seq?: number; recent?: string[] }>("catalog");
    const noted = async (change: () => Promise<unknown>) => {
      const before = (await catalog.findOne({ _id: "events" }))?.seq ?? 0;
      await change();
      const after = await catalog.findOne({ _id: "events" });
      return (after?.seq ?? 0) > before && after?.recent?.at(-1) === id;
    };
    expect(await noted(() => events.rotateInvite(owner, id))).toBe(true);
    expect(await noted(() => events.setInviteSettings(owner, id, { max_uses: 3 }))).toBe(true);
    const { removeEventCover } = await import("@/lib/events/cover");
    expect(await noted(() => removeEventCover(owner, id))).toBe(true);
  });

  it("an unnoted change (the counts) waits for the TTL for signed-out visitors; a signed-in viewer sees it at once", async () => {
    const event = await newEvent();
    const id = event._id.toHexString();
    // Its creation was noted too: once the follower has read past that note (and a read started
    // after the forgetting has kept the document), the document stays.
    await new Promise((r) => setTimeout(r, events.ANONYMOUS_CHECK_MS + 50));
    expect((await events.getEventForViewer(id, null)).event.counts.attending).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    expect((await events.getEventForViewer(id, null)).event.counts.attending).toBe(0);
    await elsewhere.db(process.env.MONGODB_DB).collection("events").updateOne({ _id: event._id }, { $inc: { "counts.attending": 3 } });
    expect((await events.getEventForViewer(id, guest)).event.counts.attending).toBe(3);
    // A version check later, still the cached document: the counts are bounded by ANONYMOUS_TTL_MS
    // (its expiry: the DocCache tests above, on a fake clock).
    await new Promise((r) => setTimeout(r, events.ANONYMOUS_CHECK_MS + 50));
    expect(events.ANONYMOUS_TTL_MS).toBeGreaterThan(events.ANONYMOUS_CHECK_MS + 50);
    expect((await events.getEventForViewer(id, null)).event.counts.attending).toBe(0);
  });
});
