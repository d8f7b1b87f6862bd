import { randomBytes } from "node:crypto";
import type { Document, Sort } from "mongodb";
import { ObjectId } from "mongodb";
import { beforeAll, describe, expect, it } from "vitest";
import type { EventDoc } from "@/lib/db";

// Index use of the discover and recommendation queries: `.explain()` on the exact filters and sorts
// the database path runs (discoverQuery, candidateQuery, popularQuery and the membership reads): it
// answers whenever the in-process catalog stands aside (lib/discover/catalog.ts), so on MongoDB it
// must stay index-served.
//
// On MongoDB the winning plan must read an index (no COLLSCAN), and the one we designed for it.
// On FerretDB v1.24 (SQLite backend) explain returns SQLite's EXPLAIN QUERY PLAN plus pushdown flags:
// FerretDB pushes down only `_id` filters (with our patches: index-served), so every other query is
// "SCAN <table>" with filterPushdown: false — a full scan in FerretDB, whatever indexes exist. That
// is asserted below as a tripwire (if it starts failing, FerretDB uses indexes: tighten the test),
// alongside the check that the indexes MongoDB needs are in place.

let db: typeof import("@/lib/db");
let discover: typeof import("@/lib/discover/queries") & typeof import("@/lib/discover/recommend-context");

const NOW = new Date();
const TAG = `idx-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  db = await import("@/lib/db");
  discover = { ...(await import("@/lib/discover/queries")), ...(await import("@/lib/discover/recommend-context")) };
  // Enough rows that a real planner has a choice to make.
  const docs = Array.from({ length: 300 }, (_, i) => ({
    _id: new ObjectId(),
    owner_id: new ObjectId(),
    title: `Event ${i}`,
    description: "",
    starts_at: new Date(NOW.getTime() + (i - 50) * 3600_000),
    ends_at: null,
    timezone: "UTC",
    location: "",
    max_people: null,
    seats_left: null,
    is_private: i % 4 === 0,
    tags: [i % 3 === 0 ? TAG : `other-${i % 7}`],
    search_terms: [`word${i % 10}`, "event"],
    invite_token: randomBytes(8).toString("hex"),
    invite_uses_left: null,
    invite_uses: 0,
    counts: { pending: 0, waitlisted: 0, attending: i % 5, maybe: 0, not_attending: 0 },
    created_at: new Date(NOW.getTime() - i * 1000),
    updated_at: NOW,
  }));
  await (await db.collections.events()).insertMany(docs as EventDoc[]);
});

type Plan =
  | { backend: "mongodb"; stages: string[]; indexes: string[] }
  | { backend: "ferretdb"; sqlite: string[]; filterPushdown: boolean; sortPushdown: boolean };

/** The stages and index names of MongoDB's winning plan (classic or SBE), or FerretDB's SQLite plan. */
function planOf(explain: Document): Plan {
  if (explain.serverInfo?.ferretdbVersion || Array.isArray(explain.queryPlanner?.Plan)) {
    return {
      backend: "ferretdb",
      sqlite: (explain.queryPlanner?.Plan ?? []).map(String),
      filterPushdown: explain.filterPushdown === true,
      sortPushdown: explain.sortPushdown === true,
    };
  }
  const stages: string[] = [];
  const indexes: string[] = [];
  const walk = (node: Document | undefined) => {
    if (!node || typeof node !== "object") return;
    if (typeof node.stage === "string") stages.push(node.stage);
    if (typeof node.indexName === "string") indexes.push(node.indexName);
    walk(node.inputStage);
    walk(node.queryPlan);
    for (const child of node.inputStages ?? []) walk(child);
  };
  walk(explain.queryPlanner?.winningPlan);
  return { backend: "mongodb", stages, indexes };
}

async function explainFind(collection: "events" | "attendances", filter: object, sort: Sort, limit: number): Promise<Plan> {
  const coll = collection === "events" ? await db.collections.events() : await db.collections.attendances();
  return planOf(await coll.find(filter as never).sort(sort).limit(limit).explain("queryPlanner"));
}

function expectIndexed(plan: Plan, allowed: string[]) {
  if (plan.backend === "mongodb") {
    expect(plan.stages).not.toContain("COLLSCAN");
    expect(plan.indexes.some((name) => allowed.includes(name)), `indexes used: ${plan.indexes.join(", ")}`).toBe(true);
  } else {
    // FerretDB v1 SQLite: no pushdown of these filters, so a scan (see the header comment).
    expect(plan.filterPushdown).toBe(false);
    expect(plan.sqlite.join("\n")).toMatch(/\bSCAN\b/);
  }
}

describe("the indexes the queries rely on exist", () => {
  it("events: (tags|is_private|search_terms, starts_at, _id), (tags|is_private, created_at, _id); attendances: (user_id, status)", async () => {
    const keys = async (c: "events" | "attendances") =>
      (await (c === "events" ? await db.collections.events() : await db.collections.attendances()).listIndexes().toArray()).map((i) => JSON.stringify(i.key));
    expect(await keys("events")).toEqual(
      expect.arrayContaining([
        JSON.stringify({ tags: 1, starts_at: 1, _id: 1 }),
        JSON.stringify({ is_private: 1, starts_at: 1, _id: 1 }),
        JSON.stringify({ search_terms: 1, starts_at: 1, _id: 1 }),
        JSON.stringify({ tags: 1, created_at: -1, _id: -1 }),
        JSON.stringify({ is_private: 1, created_at: -1, _id: -1 }),
      ]),
    );
    expect(await keys("attendances")).toEqual(expect.arrayContaining([JSON.stringify({ user_id: 1, status: 1 })]));
  });
});

describe("explain", () => {
  const q = (over: object) => ({ tags: [] as string[], q: "", sort: "soonest" as const, ...over });

  it("discover, no filters: (is_private, starts_at)", async () => {
    const { filter, sort } = discover.discoverQuery(q({}), NOW);
    expectIndexed(await explainFind("events", filter, sort, 13), ["private_starts_id"]);
  });

  it("discover by tag, and by several tags: (tags, starts_at) or (is_private, starts_at)", async () => {
    for (const tags of [[TAG], [TAG, "other-1"]]) {
      const { filter, sort } = discover.discoverQuery(q({ tags }), NOW);
      expectIndexed(await explainFind("events", filter, sort, 13), ["tags_starts_id", "private_starts_id"]);
    }
  });

  it("discover by words, and by tag and words: (search_terms, starts_at) or another starts_at index", async () => {
    for (const over of [{ q: "word3 event" }, { tags: [TAG], q: "word3" }]) {
      const { filter, sort } = discover.discoverQuery(q(over), NOW);
      expectIndexed(await explainFind("events", filter, sort, 13), ["terms_starts_id", "tags_starts_id", "private_starts_id"]);
    }
  });

  it("discover newest first: reads an index for the filter (the sort itself is in memory until (is_private, created_at) exists)", async () => {
    const { filter, sort } = discover.discoverQuery(q({ sort: "newest" }), NOW);
    expectIndexed(await explainFind("events", filter, sort, 13), ["private_created", "private_starts_id"]);
  });

  it("recommendation candidates: (tags, starts_at)", async () => {
    const { filter, sort } = discover.candidateQuery([TAG, "other-2"], NOW);
    expectIndexed(await explainFind("events", filter, sort, discover.CANDIDATE_LIMIT), ["tags_starts_id"]);
  });

  it("popular fallback: (is_private, starts_at)", async () => {
    const { filter, sort } = discover.popularQuery(NOW);
    expectIndexed(await explainFind("events", filter, sort, discover.POPULAR_WINDOW), ["private_starts_id"]);
  });

  it("a user's attended events, built once per user: (user_id, status)", async () => {
    expectIndexed(await explainFind("attendances", { user_id: new ObjectId(), status: "attending" }, { created_at: -1 }, discover.ATTENDED_SAMPLE), ["user_status"]);
  });

  it("which candidates a user joined: memberships by _id", async () => {
    const plan = await explainFind("attendances", { _id: { $in: [`${new ObjectId().toHexString()}:${new ObjectId().toHexString()}`] } }, {}, 100);
    if (plan.backend === "mongodb") expect(plan.stages).not.toContain("COLLSCAN");
    else expect(plan.sqlite.join("\n")).toMatch(/SEARCH .* USING INDEX/);
  });

  it("attended events' tags by _id: the primary key", async () => {
    const plan = await explainFind("events", { _id: { $in: [new ObjectId(), new ObjectId()] } }, {}, 100);
    if (plan.backend === "mongodb") expect(plan.stages).not.toContain("COLLSCAN");
    // Our FerretDB patch 02 pushes `_id: {$in}` down to SQLite's _id index (ferretdb-patches.test.ts).
    else expect(plan.sqlite.join("\n")).toMatch(/SEARCH .* USING INDEX/);
  });
});
