import { randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { beforeAll, describe, expect, it } from "vitest";
import type { EventDoc } from "@/lib/db";
import type { EventCatalog } from "@/lib/discover/catalog";
import type { CatalogSnapshot } from "@/lib/discover/catalog-snapshot";
import type { RecommendContext } from "@/lib/discover/recommend-context";
import type { DiscoverQuery, DiscoverSort } from "@/lib/discover/schema";
import type { DiscoverPage, Recommendations } from "@/lib/discover/types";

// The catalog path and the database path answer alike: the same world (ties on start and creation
// times, private and past events, folded words, memberships), every filter, both orders, every page
// and cursor, and recommendations with and without favorites. This file's database holds only it.

let db: typeof import("@/lib/db");
let fromCatalog: typeof import("@/lib/discover/from-catalog");
let fromDatabase: typeof import("@/lib/discover/from-database");
let recommendContext: typeof import("@/lib/discover/recommend-context").recommendContext;
let catalog: EventCatalog;
let snapshot: CatalogSnapshot;

const NOW = new Date();
const HOUR = 3600_000;
const TAGS = ["alpha", "beta", "gamma", "delta", "live-music"];
const WORDS = ["picnic", "lake", "Café", "board", "games", "night", "walk"];

/** A seeded generator: a failure names the same world on the next run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20261129);
const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;

let owners: ObjectId[] = [];
let world: EventDoc[] = [];

function makeEvent(i: number, searchTerms: (...parts: string[]) => string[]): EventDoc {
  const tags = [...new Set([pick(TAGS), ...(rand() < 0.4 ? [pick(TAGS)] : [])])];
  const title = `${pick(WORDS)} ${pick(WORDS)} ${i}`;
  const description = rand() < 0.5 ? `Bring ${pick(WORDS)}` : "";
  const location = pick(["Old Café, Main St", "Lake side", "Hall"]);
  const maxPeople = rand() < 0.3 ? 3 : null;
  const attending = Math.floor(rand() * 4);
  return {
    _id: new ObjectId(),
    owner_id: pick(owners),
    title,
    description,
    // Few distinct times, so ties on starts_at and on created_at are common; a few already past.
    starts_at: new Date(NOW.getTime() + (rand() < 0.1 ? -1 : 1) * (1 + Math.floor(rand() * 12)) * HOUR),
    ends_at: null,
    timezone: "UTC",
    location,
    max_people: maxPeople,
    seats_left: maxPeople === null ? null : Math.max(0, maxPeople - attending),
    is_private: rand() < 0.2,
    tags,
    search_terms: searchTerms(title, description, location, tags.join(" ")),
    invite_token: randomBytes(8).toString("hex"),
    invite_uses_left: null,
    invite_uses: 0,
    counts: { pending: 0, waitlisted: 0, attending, maybe: 0, not_attending: 0 },
    created_at: new Date(NOW.getTime() - (1 + Math.floor(rand() * 8)) * 60_000),
    updated_at: NOW,
  } as EventDoc;
}

type Person = { id: ObjectId; favorites: string[] };
let people: Person[] = [];

beforeAll(async () => {
  db = await import("@/lib/db");
  fromCatalog = await import("@/lib/discover/from-catalog");
  fromDatabase = await import("@/lib/discover/from-database");
  ({ recommendContext } = await import("@/lib/discover/recommend-context"));
  const { searchTerms } = await import("@/lib/events/text");
  const { EventCatalog } = await import("@/lib/discover/catalog");

  people = [["alpha"], ["beta", "Live Music"], ["gamma", "nothing-matches"], [], []].map((favorites) => ({ id: new ObjectId(), favorites }));
  owners = [people[0]!.id, people[3]!.id, new ObjectId(), new ObjectId()];
  await (await db.collections.users()).insertMany(
    people.map((p, i) => ({ _id: p.id, email: `parity-${i}-${randomBytes(4).toString("hex")}@example.com`, emailVerified: NOW, favorites: p.favorites, created_at: NOW })) as never,
  );
  world = Array.from({ length: 90 }, (_, i) => makeEvent(i, searchTerms));
  await (await db.collections.events()).insertMany(world);

  // Memberships in every status: excluded from recommendations; "attending" ones teach implicit tags.
  const statuses = ["attending", "attending", "maybe", "not_attending", "waitlisted", "pending"] as const;
  const memberships = people.flatMap((p) =>
    world
      .filter(() => rand() < 0.08)
      .map((e) => ({ _id: `${e._id.toHexString()}:${p.id.toHexString()}`, event_id: e._id, user_id: p.id, status: pick(statuses), created_at: NOW, updated_at: NOW })),
  );
  await (await db.collections.attendances()).insertMany(memberships as never);

  catalog = new EventCatalog();
  snapshot = (await catalog.current())!;
});

const ids = (page: DiscoverPage) => page.events.map((e) => e._id.toHexString());

async function allPages(run: (cursor: string | undefined) => Promise<DiscoverPage>): Promise<Array<{ ids: string[]; next: string | null }>> {
  const pages: Array<{ ids: string[]; next: string | null }> = [];
  let cursor: string | undefined;
  do {
    const page = await run(cursor);
    pages.push({ ids: ids(page), next: page.next_cursor });
    cursor = page.next_cursor ?? undefined;
  } while (cursor && pages.length < 100);
  return pages;
}

describe("discover: catalog and database agree", () => {
  const filters: Array<Pick<DiscoverQuery, "tags" | "q">> = [
    { tags: [], q: "" },
    { tags: ["alpha"], q: "" },
    { tags: ["beta", "live-music"], q: "" },
    { tags: ["no-such-tag"], q: "" },
    { tags: [], q: "lake" },
    { tags: [], q: "CAFE board" },
    { tags: ["gamma"], q: "night" },
    { tags: [], q: "x" }, // no term of 2+ letters: no word filter, on both paths
  ];
  const cases = filters.flatMap((f) => (["soonest", "newest"] as DiscoverSort[]).map((sort) => ({ ...f, sort })));

  it.each(cases)("tags $tags, q $q, $sort: every page of 4, and one page of 50", async ({ tags, q, sort }) => {
    for (const limit of [4, 50]) {
      const query = (cursor?: string): DiscoverQuery => ({ tags, q, sort, limit, cursor });
      const byCatalog = await allPages((c) => fromCatalog.discoverFromCatalog(catalog, snapshot, query(c), limit, NOW));
      const byDatabase = await allPages((c) => fromDatabase.discoverFromDatabase(query(c), limit, NOW));
      expect(byCatalog).toEqual(byDatabase);
    }
  });

  it("the world has what the comparison needs: ties, private and past events, several pages", async () => {
    const upcomingPublic = world.filter((e) => !e.is_private && e.starts_at >= NOW);
    expect(upcomingPublic.length).toBeGreaterThan(40);
    expect(snapshot.size).toBe(upcomingPublic.length);
    expect(new Set(upcomingPublic.map((e) => e.starts_at.getTime())).size).toBeLessThan(upcomingPublic.length / 2);
    expect(world.some((e) => e.is_private) && world.some((e) => e.starts_at < NOW)).toBe(true);
  });

  it("a cursor from one path carries on the other", async () => {
    for (const sort of ["soonest", "newest"] as DiscoverSort[]) {
      const query = (cursor?: string): DiscoverQuery => ({ tags: [], q: "", sort, limit: 7, cursor });
      const first = await fromDatabase.discoverFromDatabase(query(), 7, NOW);
      const viaCatalog = await fromCatalog.discoverFromCatalog(catalog, snapshot, query(first.next_cursor!), 7, NOW);
      const viaDatabase = await fromDatabase.discoverFromDatabase(query(first.next_cursor!), 7, NOW);
      expect(ids(viaCatalog)).toEqual(ids(viaDatabase));
      expect(viaCatalog.next_cursor).toBe(viaDatabase.next_cursor);
    }
  });
});

describe("recommendations: catalog and database agree", () => {
  const shape = (r: Recommendations) =>
    r.kind === "matches"
      ? { kind: r.kind, items: r.items.map((x) => [x.event._id.toHexString(), x.score, x.reasons, x.is_full]) }
      : { kind: r.kind, items: r.popular.map((x) => [x.event._id.toHexString(), x.score, x.reasons, x.is_full]) };

  it("for users with favorites, with memberships, and without favorites (popular), at several limits", async () => {
    let nonEmpty = 0;
    for (const person of people) {
      const context: RecommendContext = await recommendContext({ id: person.id.toHexString() });
      for (const limit of [1, 3, 12, 50]) {
        const byCatalog = shape(await fromCatalog.recommendFromCatalog(catalog, snapshot, context, limit, NOW));
        const byDatabase = shape(await fromDatabase.recommendFromDatabase(context, limit, NOW));
        expect(byCatalog).toEqual(byDatabase);
        if (byCatalog.items.length > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(10);
  });
});
