import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import type { AttendanceDoc } from "@/lib/db/types";
import { byKey, DAY, db, newEvent, service, setUpEventsPaging, STATUSES } from "./events-paging-support";
import { makePerson } from "./events-support";

// The dashboard's lists (listHostedEvents, listJoinedEvents), read a page at a time: each event covered once.

setUpEventsPaging();

describe("listHostedEvents and listJoinedEvents, a page at a time", () => {
  /** Follows next_cursor through a service list. */
  async function everyPage<T>(read: (cursor?: string) => Promise<{ events: T[]; next_cursor: string | null }>): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 100; n++) {
      const page = await read(cursor);
      all.push(...page.events);
      if (!page.next_cursor) return all;
      cursor = page.next_cursor;
    }
    throw new Error("the pages never ended");
  }

  it("splits hosted events into not over (soonest first) and over (most recent first), each covered once", async () => {
    const owner = await makePerson("dash");
    const now = new Date();
    const events = await db.collections.events();
    const at = (ms: number, endMs?: number) => ({ starts_at: new Date(now.getTime() + ms), ends_at: endMs === undefined ? null : new Date(now.getTime() + endMs) });
    const times = [
      // Not over: future (some starting at the same moment), just started (12 h rule), a multi-day event still on.
      ...Array.from({ length: 20 }, (_, i) => at((1 + Math.floor(i / 3)) * DAY)),
      at(-3_600_000),
      at(-3 * DAY, DAY),
      // Over: in the past (some at the same moment), ended an hour ago, started 13 h ago without an end.
      ...Array.from({ length: 15 }, (_, i) => at(-(2 + Math.floor(i / 4)) * DAY)),
      at(-5 * 3_600_000, -3_600_000),
      at(-13 * 3_600_000),
    ];
    const ids: string[] = [];
    for (const t of times) {
      const { id } = await newEvent(owner, { is_private: false });
      await events.updateOne({ _id: new ObjectId(id) }, { $set: t });
      ids.push(id);
    }
    const upcoming = await everyPage((cursor) => service.listHostedEvents(owner.user, { cursor, limit: 4, now }));
    const past = await everyPage((cursor) => service.listHostedEvents(owner.user, { cursor, limit: 4, now, past: true }));
    expect(upcoming).toHaveLength(22);
    expect(past).toHaveLength(17);
    expect(new Set([...upcoming, ...past].map((e) => e._id.toHexString()))).toEqual(new Set(ids));
    for (const e of upcoming) expect(service.isOver(e, now)).toBe(false);
    for (const e of past) expect(service.isOver(e, now)).toBe(true);
    const key = (e: { starts_at: Date; _id: ObjectId }) => `${String(e.starts_at.getTime()).padStart(15, "0")}.${e._id.toHexString()}`;
    expect(upcoming.map(key)).toEqual(upcoming.map(key).sort());
    expect(past.map(key)).toEqual(past.map(key).sort().reverse());
    // Someone else's events are not in the list.
    expect((await service.listHostedEvents((await makePerson("dash")).user, { now })).events).toEqual([]);
  });

  it("covers every joined event once, most recently joined first", async () => {
    const [owner, me] = [await makePerson("dash"), await makePerson("dash")];
    const base = Date.now() - DAY;
    const joined: string[] = [];
    const rows: AttendanceDoc[] = [];
    for (let i = 0; i < 23; i++) {
      const { _id, id } = await newEvent(owner, { is_private: false });
      joined.push(id);
      const at = new Date(base + Math.floor(i / 5));
      rows.push({ _id: `${id}:${me.user.id}`, event_id: _id, user_id: new ObjectId(me.user.id), status: STATUSES[i % 5]!, created_at: at, updated_at: at });
    }
    await (await db.collections.attendances()).insertMany(rows);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await service.listJoinedEvents(me.user, { cursor, limit: 4 });
      pages.push(page.events.map((m) => m.event._id.toHexString()));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 4, 4, 3]);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(23);
    expect(new Set(seen)).toEqual(new Set(joined));
    // Pages go from the newest membership to the oldest.
    const newest = [...rows].sort(byKey).reverse().map((r) => r.event_id.toHexString());
    expect(new Set(pages[0])).toEqual(new Set(newest.slice(0, 4)));
  });
});
