import { randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { beforeAll, describe, expect, it } from "vitest";
import type { EventDoc } from "@/lib/db";
import type { EventCatalog } from "@/lib/discover/catalog";
import type { DiscoverQuery } from "@/lib/discover/schema";
import { eventDoc } from "../support/event-doc";
import { uniqueTag } from "./discover-support";

// The catalog (lib/discover/catalog.ts) against the real database: the version document under
// concurrent notes, and how soon a change reaches this process and another one. "Another process"
// is a second EventCatalog with a clock of its own, so a second passes without sleeping.

let db: typeof import("@/lib/db");
let catalogs: typeof import("@/lib/discover/catalog");
let version: typeof import("@/lib/db/version-ring");
let fromCatalog: typeof import("@/lib/discover/from-catalog");
let discover: typeof import("@/lib/discover/service");

const DAY = 86_400_000;

beforeAll(async () => {
  db = await import("@/lib/db");
  catalogs = await import("@/lib/discover/catalog");
  version = await import("@/lib/db/version-ring");
  fromCatalog = await import("@/lib/discover/from-catalog");
  discover = await import("@/lib/discover/service");
});

/** An event written straight to the collection (as a bulk import would), not yet noted. */
async function insertEvent(tag: string, over: Partial<EventDoc> = {}): Promise<EventDoc> {
  const doc = eventDoc({ title: `${tag} ${randomBytes(2).toString("hex")}`, tags: [tag], search_terms: [tag], ...over });
  await (await db.collections.events()).insertOne(doc);
  return doc;
}

async function setFields(e: EventDoc, set: Record<string, unknown>) {
  await (await db.collections.events()).updateOne({ _id: e._id }, { $set: set });
}

const q = (tag: string): DiscoverQuery => ({ tags: [tag], q: "", sort: "soonest", limit: 50 });

/** Another process: its own catalog and clock. */
function otherProcess(timing?: Partial<typeof catalogs.CATALOG_TIMING>) {
  let t = Date.now();
  const catalog: EventCatalog = new catalogs.EventCatalog(() => t, { ...catalogs.CATALOG_TIMING, ...timing });
  return {
    catalog,
    advance: (ms: number) => void (t += ms),
    now: () => new Date(t),
    /** Titles discover shows there for `tag`. */
    async shows(tag: string): Promise<string[]> {
      const snapshot = await catalog.current();
      if (!snapshot) throw new Error("no snapshot");
      return (await fromCatalog.discoverFromCatalog(catalog, snapshot, q(tag), 50, new Date(t))).events.map((e) => e.title);
    },
    async holds(id: ObjectId): Promise<boolean> {
      return (await catalog.current())?.get(id.toHexString()) !== undefined;
    },
  };
}

/** Here, through the service (the process's own catalog). */
async function shownHere(tag: string): Promise<string[]> {
  return (await discover.discoverEvents(q(tag))).events.map((e) => e.title);
}

async function eventually(test: () => Promise<boolean>) {
  for (let i = 0; i < 100 && !(await test()); i++) await new Promise((r) => setTimeout(r, 50));
  expect(await test()).toBe(true);
}

describe("the version document", () => {
  it("concurrent notes: every change counted once and its id in the ring, the ring bounded", async () => {
    const coll = (await db.db()).collection<import("@/lib/db/version-ring").VersionDoc>(version.CATALOG_COLLECTION);
    const read = () => coll.findOne({ _id: version.CATALOG_VERSION_ID });
    const before = version.versionOf(await read());
    const ids = Array.from({ length: 40 }, () => new ObjectId().toHexString());
    await Promise.all(ids.map((id) => catalogs.noteCatalogChange(id)));
    const after = await read();
    expect(after!.seq).toBe(before.seq + 40);
    const changes = version.changesSince(after, before);
    expect(changes.kind === "some" && [...changes.ids].sort()).toEqual([...ids].sort());

    const more = Array.from({ length: version.RING_SIZE + 24 }, () => new ObjectId().toHexString()); // batches of 20
    for (let i = 0; i < more.length; i += 20) await Promise.all(more.slice(i, i + 20).map((id) => catalogs.noteCatalogChange(id)));
    const full = await read();
    expect(full!.seq).toBe(before.seq + 40 + more.length);
    expect(full!.recent!.length).toBeGreaterThanOrEqual(version.RING_SIZE);
    expect(full!.recent!.length).toBeLessThanOrEqual(version.RING_SIZE + 20);
    // Each id where the counter says: the last 20 changes are the last batch's ids.
    const last = version.changesSince(full, { epoch: full!.epoch!, seq: full!.seq! - 20 });
    expect(last.kind === "some" && [...last.ids].sort()).toEqual(more.slice(-20).sort());
    expect(version.changesSince(full, before)).toEqual({ kind: "unknown" });
  });
});

describe("freshness", () => {
  it("a new event: here at once after noteCatalogChange, in another process within a second", async () => {
    const tag = uniqueTag("fresh");
    const other = otherProcess();
    expect(await other.shows(tag)).toEqual([]);
    expect(await shownHere(tag)).toEqual([]);

    const e = await insertEvent(tag);
    await catalogs.noteCatalogChange(e._id);
    expect(await shownHere(tag)).toEqual([e.title]);
    other.advance(500);
    expect(await other.shows(tag)).toEqual([]); // checked less than a second ago
    other.advance(500);
    expect(await other.shows(tag)).toEqual([e.title]);
  });

  it("an event turned private: gone here at once, in another process within a second", async () => {
    const tag = uniqueTag("private");
    const other = otherProcess();
    const e = await insertEvent(tag, { title: "soon private" });
    await catalogs.noteCatalogChange(e._id);
    other.advance(1000);
    expect(await other.shows(tag)).toEqual(["soon private"]);
    expect(await shownHere(tag)).toEqual(["soon private"]);

    await setFields(e, { is_private: true });
    await catalogs.noteCatalogChange(e._id);
    expect(await shownHere(tag)).toEqual([]);
    other.advance(1000);
    expect(await other.shows(tag)).toEqual([]);
    expect(await other.holds(e._id)).toBe(false);
  });

  it("a listing's age (what shared pages keep it by) and the change that ends it, seen by every listener", async () => {
    const tag = uniqueTag("listing");
    const other = otherProcess();
    const e = await insertEvent(tag, { title: "listed" });
    await catalogs.noteCatalogChange(e._id);
    other.advance(1000);
    const checkedAt = other.now().getTime();
    await other.catalog.current();
    other.advance(1);
    expect(await other.shows(tag)).toEqual(["listed"]);
    const id = e._id.toHexString();
    expect(other.catalog.readAt([id])).toBe(checkedAt); // the snapshot's last check, before the card was read
    expect(other.catalog.readAt([])).toBe(checkedAt); // an empty listing: as old as that check
    expect(other.catalog.readAt([new ObjectId().toHexString()])).toBeNull(); // never read: not a listing it made

    expect(await shownHere(tag)).toEqual(["listed"]); // this process's catalog is built
    let changes = 0;
    catalogs.onCatalogChange(() => void changes++);
    await setFields(e, { title: "listed, renamed" });
    await catalogs.noteCatalogChange(e._id);
    expect(changes).toBeGreaterThan(0); // this process's catalog, at once
    changes = 0;
    other.advance(1000);
    await other.catalog.current();
    expect(changes).toBe(1); // the other one learns at its next check
    expect(other.catalog.readAt([id])).toBeNull(); // what it showed is gone
    expect(await other.shows(tag)).toEqual(["listed, renamed"]);
  });

  it("a write nobody noted: what is shown is re-read within 10 s (the document cache), the snapshot is rebuilt within 10 min", async () => {
    const tag = uniqueTag("silent");
    const other = otherProcess();
    const e = await insertEvent(tag, { title: "silent" });
    await catalogs.noteCatalogChange(e._id);
    other.advance(1000);
    expect(await other.shows(tag)).toEqual(["silent"]);

    await setFields(e, { is_private: true, "counts.attending": 1_000_000 });
    other.advance(catalogs.CATALOG_TIMING.docTtlMs);
    expect(await other.shows(tag)).toEqual([]);
    expect(await other.holds(e._id)).toBe(true);
    // Recommendations re-check it too, the popular fallback included.
    const snapshot = (await other.catalog.current())!;
    const context = { favorites: [tag], explicit: [tag], exclude: {}, attended: [] };
    const recs = await fromCatalog.recommendFromCatalog(other.catalog, snapshot, context, 50, other.now());
    expect(recs.kind === "matches" && recs.items).toEqual([]);
    const popular = await fromCatalog.recommendFromCatalog(other.catalog, snapshot, { ...context, favorites: [], explicit: [] }, 50, other.now());
    expect(popular.kind === "no_favorites" && popular.popular.map((r) => r.event.title)).not.toContain("silent");

    other.advance(catalogs.CATALOG_TIMING.rebuildEveryMs);
    await eventually(async () => !(await other.holds(e._id)));
  });

  it("when the ring no longer reaches back (here: an invalidation), the previous snapshot serves until it is 30 s behind, then requests wait", async () => {
    const tag = uniqueTag("behind");
    const other = otherProcess();
    await other.catalog.current();
    const first = await insertEvent(tag, { title: "first" }); // not noted
    await catalogs.invalidateCatalog();
    other.advance(1000);
    // Known to be behind: the rebuild runs in the background, the previous snapshot answers.
    expect(await other.shows(tag)).toEqual([]);
    await eventually(async () => (await other.shows(tag)).includes("first"));

    const second = await insertEvent(tag, { title: "second" }); // not noted
    await catalogs.invalidateCatalog();
    other.advance(catalogs.CATALOG_TIMING.maxStaleMs + 1000);
    // Last known complete more than 30 s ago: this request waits for the rebuild.
    expect(await other.shows(tag)).toEqual(["first", "second"]);
    expect(await other.holds(first._id)).toBe(true);
    expect(await other.holds(second._id)).toBe(true);
    // This process was told too (invalidateCatalog): it rebuilds in the background.
    await eventually(async () => (await shownHere(tag)).length === 2);
  });

  it("attendance counts, which are not versioned, are read again within 30 s for the popular fallback", async () => {
    const tag = uniqueTag("counts");
    const other = otherProcess();
    const e = await insertEvent(tag);
    await catalogs.noteCatalogChange(e._id);
    other.advance(1000);
    const count = async () => (await other.catalog.current())!.get(e._id.toHexString())!.counts.attending;
    expect(await count()).toBe(0);
    await setFields(e, { "counts.attending": 42 }); // a join: no note
    other.advance(1000);
    await other.catalog.freshenCounts([e._id.toHexString()]);
    expect(await count()).toBe(0); // read less than 15 s ago
    other.advance(catalogs.CATALOG_TIMING.maxStaleMs);
    await other.catalog.current();
    await other.catalog.freshenCounts([e._id.toHexString()]);
    expect(await count()).toBe(42);
  });
});

describe("memberships", () => {
  it("recommendations leave out every event the user joined, however many of the best-ranked ones that is", async () => {
    const tag = uniqueTag("joined");
    const userId = new ObjectId().toHexString();
    const events: EventDoc[] = [];
    // Soonest first among equal scores: the first 40 are the best-ranked, and the user is in all of them.
    for (let i = 0; i < 44; i++) events.push(await insertEvent(tag, { title: `e${String(i).padStart(2, "0")}`, starts_at: new Date(Date.now() + (2 + i / 100) * DAY) }));
    for (const e of events) await catalogs.noteCatalogChange(e._id);
    const now = new Date();
    await (await db.collections.attendances()).insertMany(
      events.slice(0, 40).map((e, i) => ({
        _id: `${e._id.toHexString()}:${userId}`,
        event_id: e._id,
        user_id: new ObjectId(userId),
        status: i % 2 ? "maybe" : "attending",
        waitlisted_at: null,
        line_ticket: null,
        created_at: now,
        updated_at: now,
      })) as never,
    );
    const other = otherProcess();
    other.advance(1000);
    const snapshot = (await other.catalog.current())!;
    const context = { favorites: [tag], explicit: [tag], exclude: { userId }, attended: [] };
    const recs = await fromCatalog.recommendFromCatalog(other.catalog, snapshot, context, 3, other.now());
    expect(recs.kind === "matches" && recs.items.map((r) => r.event.title)).toEqual(["e40", "e41", "e42"]);
  });
});

describe("bounds", () => {
  it("above maxEvents the catalog stands aside (the database answers)", async () => {
    const tag = uniqueTag("cap");
    for (let i = 0; i < 3; i++) await insertEvent(tag);
    const small = otherProcess({ maxEvents: 2 });
    expect(await small.catalog.current()).toBeNull();
  });

  it("a `now` before the snapshot's floor goes to the database", async () => {
    const tag = uniqueTag("floor");
    const started = await insertEvent(tag, { title: "started an hour ago", starts_at: new Date(Date.now() - 3600_000) });
    await catalogs.noteCatalogChange(started._id);
    expect(await shownHere(tag)).toEqual([]);
    const page = await discover.discoverEvents(q(tag), new Date(Date.now() - 2 * 3600_000));
    expect(page.events.map((e) => e.title)).toEqual(["started an hour ago"]);
  });
});
