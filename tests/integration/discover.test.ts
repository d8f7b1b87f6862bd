import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import type { EventDoc } from "@/lib/db";
import type { DiscoverQuery } from "@/lib/discover/schema";
import { eventInput } from "../support/event-input";
import { createNotedEvent, insertUser, setEventFields, uniqueTag } from "./discover-support";
import { eventServices, type EventServices } from "./events-support";

// discoverEvents against the real database: tag and text filters, both orders, keyset pages.
// Every test tags its events with tags of its own, so tests in this file do not see each other.

let events: EventServices;
let discover: typeof import("@/lib/discover/service");
let errors: typeof import("@/lib/errors");
let noteCatalogChange: typeof import("@/lib/discover/catalog").noteCatalogChange;

const DAY = 86_400_000;

beforeAll(async () => {
  events = await eventServices();
  discover = await import("@/lib/discover/service");
  errors = await import("@/lib/errors");
  ({ noteCatalogChange } = await import("@/lib/discover/catalog"));
});

const makeUser = () => insertUser("disc");

type NewEvent = { title?: string; tags: string[]; days?: number; isPrivate?: boolean; description?: string; location?: string };

function makeEvent(owner: AuthUser, e: NewEvent): Promise<EventDoc> {
  const { title = "Untitled", description = "", location = "", days = 1, isPrivate = false, tags } = e;
  return createNotedEvent(owner, eventInput({ title, description, location, days, is_private: isPrivate, tags }));
}


function q(over: Partial<DiscoverQuery>): DiscoverQuery {
  return { tags: [], q: "", sort: "soonest", limit: 12, ...over };
}

const titles = (page: { events: EventDoc[] }) => page.events.map((e) => e.title);

/** Every page, following next_cursor to the end. */
async function allPages(query: DiscoverQuery): Promise<{ titles: string[]; pages: number }> {
  const out: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await discover.discoverEvents({ ...query, cursor });
    out.push(...titles(page));
    cursor = page.next_cursor ?? undefined;
    pages++;
    expect(pages).toBeLessThan(50);
  } while (cursor);
  return { titles: out, pages };
}

describe("discoverEvents: filters", () => {
  it("filters by one tag, or by any of several tags", async () => {
    const host = await makeUser();
    const [a, b, c] = [uniqueTag("hiking"), uniqueTag("music"), uniqueTag("food")];
    await makeEvent(host, { title: "A", tags: [a], days: 1 });
    await makeEvent(host, { title: "B", tags: [b], days: 2 });
    await makeEvent(host, { title: "AB", tags: [a, b], days: 3 });
    await makeEvent(host, { title: "C", tags: [c], days: 4 });

    expect(titles(await discover.discoverEvents(q({ tags: [a] })))).toEqual(["A", "AB"]);
    expect(titles(await discover.discoverEvents(q({ tags: [a, b] })))).toEqual(["A", "B", "AB"]);
    expect(titles(await discover.discoverEvents(q({ tags: [c, uniqueTag("nothing")] })))).toEqual(["C"]);
    expect(titles(await discover.discoverEvents(q({ tags: [uniqueTag("nothing")] })))).toEqual([]);
  });

  it("searches title, description and location: every word must match, case and accents folded", async () => {
    const host = await makeUser();
    const tag = uniqueTag("search");
    const word = `zq${randomBytes(3).toString("hex")}`;
    await makeEvent(host, { title: `Sunset ${word} picnic`, tags: [tag], days: 1 });
    await makeEvent(host, { title: "Lake walk", description: `Bring a ${word} blanket`, tags: [tag], days: 2 });
    await makeEvent(host, { title: "Café meetup", location: `Old ${word} Café, Main St`, tags: [tag], days: 3 });
    await makeEvent(host, { title: "Unrelated", tags: [tag], days: 4 });

    expect(titles(await discover.discoverEvents(q({ q: word.toUpperCase() })))).toEqual([`Sunset ${word} picnic`, "Lake walk", "Café meetup"]);
    expect(titles(await discover.discoverEvents(q({ q: `${word} CAFE` })))).toEqual(["Café meetup"]);
    expect(titles(await discover.discoverEvents(q({ q: `${word} picnic` })))).toEqual([`Sunset ${word} picnic`]);
    expect(titles(await discover.discoverEvents(q({ q: `${word} nowhere-${word}` })))).toEqual([]);
    // Tags and words together: both must hold.
    expect(titles(await discover.discoverEvents(q({ tags: [tag], q: "lake" })))).toEqual(["Lake walk"]);
    expect(titles(await discover.discoverEvents(q({ tags: [uniqueTag("other")], q: word })))).toEqual([]);
  });

  it("finds words of a changed title and forgets the old ones", async () => {
    const host = await makeUser();
    const old = `old${randomBytes(3).toString("hex")}`;
    const fresh = `new${randomBytes(3).toString("hex")}`;
    const e = await makeEvent(host, { title: `Board games ${old}`, tags: [uniqueTag("games")] });
    await events.updateEvent(host, e._id.toHexString(), { title: `Board games ${fresh}` });
    await noteCatalogChange(e._id);
    expect(titles(await discover.discoverEvents(q({ q: old })))).toEqual([]);
    expect(titles(await discover.discoverEvents(q({ q: fresh })))).toEqual([`Board games ${fresh}`]);
  });

  it("shows only upcoming public events", async () => {
    const host = await makeUser();
    const tag = uniqueTag("visible");
    await makeEvent(host, { title: "public", tags: [tag], days: 2 });
    await makeEvent(host, { title: "private", tags: [tag], days: 3, isPrivate: true });
    const past = await makeEvent(host, { title: "past", tags: [tag], days: 1 });
    await setEventFields(past, { starts_at: new Date(Date.now() - DAY) });
    for (const sort of ["soonest", "newest"] as const) {
      expect((await allPages(q({ tags: [tag], sort, limit: 1 }))).titles).toEqual(["public"]);
    }
  });
});

describe("discoverEvents: order and pages", () => {
  it("soonest: by start time; newest: by creation, latest first", async () => {
    const host = await makeUser();
    const tag = uniqueTag("order");
    const first = await makeEvent(host, { title: "created first, starts last", tags: [tag], days: 9 });
    const second = await makeEvent(host, { title: "created second, starts first", tags: [tag], days: 1 });
    const third = await makeEvent(host, { title: "created third, starts second", tags: [tag], days: 5 });
    const t0 = Date.now();
    await setEventFields(first, { created_at: new Date(t0 - 3000) });
    await setEventFields(second, { created_at: new Date(t0 - 2000) });
    await setEventFields(third, { created_at: new Date(t0 - 1000) });

    expect(titles(await discover.discoverEvents(q({ tags: [tag] })))).toEqual([second.title, third.title, first.title]);
    expect(titles(await discover.discoverEvents(q({ tags: [tag], sort: "newest" })))).toEqual([third.title, second.title, first.title]);
  });

  it.each(["soonest", "newest"] as const)("%s: pages follow the cursor to the end, ties broken by id, nothing twice", async (sort) => {
    const host = await makeUser();
    const tag = uniqueTag("pages");
    const made: EventDoc[] = [];
    for (let i = 0; i < 7; i++) made.push(await makeEvent(host, { title: `E${i}`, tags: [tag], days: 1 + i }));
    // Ties on the sort key: E1–E3 start and were created at the same instant.
    const sameStart = new Date(Date.now() + 2 * DAY);
    const sameCreated = new Date(Date.now() - 5000);
    for (const e of made.slice(1, 4)) await setEventFields(e, { starts_at: sameStart, created_at: sameCreated });

    const whole = (await discover.discoverEvents(q({ tags: [tag], sort, limit: 50 }))).events.map((e) => e.title);
    expect(whole).toHaveLength(7);
    const paged = await allPages(q({ tags: [tag], sort, limit: 3 }));
    expect(paged).toEqual({ titles: whole, pages: 3 });
    const byOne = await allPages(q({ tags: [tag], sort, limit: 1 }));
    expect(byOne.titles).toEqual(whole);
  });

  it("a page link stays right when events are added before it", async () => {
    const host = await makeUser();
    const tag = uniqueTag("stable");
    for (let i = 0; i < 4; i++) await makeEvent(host, { title: `S${i}`, tags: [tag], days: 2 + i });
    const first = await discover.discoverEvents(q({ tags: [tag], limit: 2 }));
    expect(titles(first)).toEqual(["S0", "S1"]);
    await makeEvent(host, { title: "earlier, added later", tags: [tag], days: 1 });
    const second = await discover.discoverEvents(q({ tags: [tag], limit: 2, cursor: first.next_cursor! }));
    expect(titles(second)).toEqual(["S2", "S3"]);
    expect(second.next_cursor).toBeNull();
  });

  it("refuses a malformed cursor or one from the other order", async () => {
    const host = await makeUser();
    const tag = uniqueTag("cursor");
    for (let i = 0; i < 3; i++) await makeEvent(host, { title: `K${i}`, tags: [tag], days: 1 + i });
    const soonest = await discover.discoverEvents(q({ tags: [tag], limit: 1 }));
    const newest = await discover.discoverEvents(q({ tags: [tag], limit: 1, sort: "newest" }));
    await expect(discover.discoverEvents(q({ tags: [tag], cursor: "not-a-cursor" }))).rejects.toBeInstanceOf(errors.Invalid);
    await expect(discover.discoverEvents(q({ tags: [tag], cursor: soonest.next_cursor!, sort: "newest" }))).rejects.toBeInstanceOf(errors.Invalid);
    await expect(discover.discoverEvents(q({ tags: [tag], cursor: newest.next_cursor! }))).rejects.toBeInstanceOf(errors.Invalid);

    // Each order's own cursor carries on where its page ended.
    expect(titles(await discover.discoverEvents(q({ tags: [tag], limit: 5, cursor: soonest.next_cursor! })))).toEqual(["K1", "K2"]);
    expect(titles(await discover.discoverEvents(q({ tags: [tag], limit: 5, sort: "newest", cursor: newest.next_cursor! })))).toEqual(["K1", "K0"]);
  });

  it("keeps the page size between 1 and 50", async () => {
    const host = await makeUser();
    const tag = uniqueTag("limit");
    for (let i = 0; i < 3; i++) await makeEvent(host, { title: `L${i}`, tags: [tag], days: 1 + i });
    expect((await discover.discoverEvents(q({ tags: [tag], limit: 0 }))).events).toHaveLength(1);
    expect((await discover.discoverEvents(q({ tags: [tag], limit: 10_000 }))).events).toHaveLength(3);
  });
});
