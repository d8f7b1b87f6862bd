import { describe, expect, it } from "vitest";
import { CatalogSnapshot, type CatalogSourceDoc } from "@/lib/discover/catalog-snapshot";
import { VersionFollower, RING_SIZE, changesSince, versionOf, type VersionDoc } from "@/lib/db/version-ring";

// The catalog's pure parts: what a version document says changed since a snapshot's version, and
// the snapshot's two orders under patches. The database side is tests/integration/discover-catalog.

const doc = (epoch: string, seq: number, recent: string[]): VersionDoc => ({ _id: "events", epoch, seq, recent });

describe("changesSince (the ring of recent changes)", () => {
  it("nothing new, some new (deduplicated, oldest first), or unknown past the ring", () => {
    const d = doc("e1", 10, ["a", "b", "c", "b", "d"]); // changes 6..10
    expect(changesSince(d, { epoch: "e1", seq: 10 })).toEqual({ kind: "none" });
    expect(changesSince(d, { epoch: "e1", seq: 8 })).toEqual({ kind: "some", ids: ["b", "d"] });
    expect(changesSince(d, { epoch: "e1", seq: 6 })).toEqual({ kind: "some", ids: ["b", "c", "d"] });
    expect(changesSince(d, { epoch: "e1", seq: 5 })).toEqual({ kind: "some", ids: ["a", "b", "c", "d"] });
    // Change 5 was popped off the ring: what else changed is not known.
    expect(changesSince(d, { epoch: "e1", seq: 4 })).toEqual({ kind: "unknown" });
  });

  it("a new epoch or a counter that went back means: rebuild", () => {
    expect(changesSince(doc("e2", 11, ["x"]), { epoch: "e1", seq: 10 })).toEqual({ kind: "unknown" });
    expect(changesSince(doc("e1", 3, ["x", "y", "z"]), { epoch: "e1", seq: 10 })).toEqual({ kind: "unknown" });
    expect(changesSince(null, { epoch: "e1", seq: 10 })).toEqual({ kind: "unknown" });
  });

  it("a snapshot taken before the document existed reads the first changes from the ring", () => {
    const before = versionOf(null);
    expect(before).toEqual({ epoch: null, seq: 0 });
    expect(changesSince(null, before)).toEqual({ kind: "none" });
    expect(changesSince(doc("e1", 2, ["a", "b"]), before)).toEqual({ kind: "some", ids: ["a", "b"] });
    // Created by an invalidation (its increment pushes no id): unknown, rebuild.
    expect(changesSince(doc("e1", 1, []), before)).toEqual({ kind: "unknown" });
  });

  it("holds up to RING_SIZE changes back", () => {
    const ids = Array.from({ length: RING_SIZE }, (_, i) => `id${i}`);
    const d = doc("e", 1000, ids);
    expect(changesSince(d, { epoch: "e", seq: 1000 - RING_SIZE })).toEqual({ kind: "some", ids });
    expect(changesSince(d, { epoch: "e", seq: 999 - RING_SIZE })).toEqual({ kind: "unknown" });
  });
});

describe("VersionFollower (what a read cache of events lets go of)", () => {
  /** A follower on a fake clock and a version document the test sets; `forgot` lists what it was told to forget. */
  function follower(everyMs = 1_000) {
    let now = 0;
    let current: VersionDoc | null = null;
    const forgot: (string[] | "all")[] = [];
    let reads = 0;
    let fail = false;
    const f = new VersionFollower(
      () => now,
      everyMs,
      async () => {
        reads++;
        if (fail) throw new Error("no database");
        return current;
      },
      (ids) => forgot.push(ids),
    );
    return {
      f,
      forgot,
      reads: () => reads,
      set: (d: VersionDoc | null) => void (current = d),
      advance: (ms: number) => void (now += ms),
      failing: (v: boolean) => void (fail = v),
    };
  }

  it("forgets everything at its first check, then only the events noted since, at most once per interval", async () => {
    const t = follower();
    t.set(doc("e1", 3, ["a", "b", "c"]));
    await t.f.fresh();
    expect(t.forgot).toEqual(["all"]);
    t.set(doc("e1", 5, ["a", "b", "c", "d", "b"]));
    t.advance(999);
    await t.f.fresh(); // within the interval: no read
    expect(t.reads()).toBe(1);
    expect(t.forgot).toEqual(["all"]);
    t.advance(1);
    await t.f.fresh();
    expect(t.reads()).toBe(2);
    expect(t.forgot).toEqual(["all", ["d", "b"]]);
    t.advance(1_000);
    await t.f.fresh(); // nothing new: nothing forgotten
    expect(t.forgot).toEqual(["all", ["d", "b"]]);
  });

  it("forgets everything when the ring no longer reaches back or the epoch changed", async () => {
    const t = follower();
    t.set(doc("e1", 1, ["a"]));
    await t.f.fresh();
    t.advance(1_000);
    t.set(doc("e1", 1 + RING_SIZE + 1, Array.from({ length: RING_SIZE }, (_, i) => `x${i}`)));
    await t.f.fresh();
    t.advance(1_000);
    t.set(doc("e2", 1, []));
    await t.f.fresh();
    expect(t.forgot).toEqual(["all", "all", "all"]);
  });

  it("callers at the same moment share one read; a failed read throws and the next call reads again", async () => {
    const t = follower();
    await Promise.all([t.f.fresh(), t.f.fresh(), t.f.fresh()]);
    expect(t.reads()).toBe(1);
    t.advance(1_000);
    t.failing(true);
    await expect(t.f.fresh()).rejects.toThrow("no database");
    t.failing(false);
    t.set(doc("e1", 1, ["a"]));
    await t.f.fresh(); // not within the interval of a successful check: reads again
    expect(t.reads()).toBe(3);
    expect(t.forgot).toEqual(["all", ["a"]]);
  });
});

const T0 = Date.UTC(2026, 5, 1, 12);
const HOUR = 3600_000;
const hex = (n: number) => n.toString(16).padStart(24, "0");
const oid = (n: number) => ({ toHexString: () => hex(n) });

function ev(n: number, over: Partial<Omit<CatalogSourceDoc, "_id">> & { startsH?: number; createdH?: number } = {}): CatalogSourceDoc {
  const { startsH = n, createdH = -n, ...rest } = over;
  return {
    _id: oid(n),
    owner_id: oid(999),
    starts_at: new Date(T0 + startsH * HOUR),
    created_at: new Date(T0 + createdH * HOUR),
    is_private: false,
    tags: ["t"],
    search_terms: ["word"],
    seats_left: null,
    counts: { attending: 0 },
    ...rest,
  };
}

const ids = (it: Iterable<{ _id: string }>) => [...it].map((e) => parseInt(e._id, 16));

const all = () => true;

describe("CatalogSnapshot", () => {
  const floor = new Date(T0);

  it("holds only public events starting at the floor or later, in both orders, ties by id", () => {
    const s = CatalogSnapshot.build(
      [ev(1, { startsH: 5 }), ev(2, { startsH: 2, createdH: -1 }), ev(3, { startsH: 2, createdH: -1 }), ev(4, { is_private: true }), ev(5, { startsH: -1 })],
      floor,
    );
    expect(s.size).toBe(3);
    expect(ids(s.find("soonest", floor, null, all, 10))).toEqual([2, 3, 1]);
    expect(ids(s.find("newest", floor, null, all, 10))).toEqual([3, 2, 1]);
    // Both orders keep to events starting at `now` or later.
    expect(ids(s.find("soonest", new Date(T0 + 3 * HOUR), null, all, 10))).toEqual([1]);
    expect(ids(s.find("newest", new Date(T0 + 3 * HOUR), null, all, 10))).toEqual([1]);
  });

  it("walks on from a cursor position, strictly after it, up to the limit", () => {
    const s = CatalogSnapshot.build([ev(1, { startsH: 1 }), ev(2, { startsH: 2 }), ev(3, { startsH: 2 }), ev(4, { startsH: 3 })], floor);
    expect(ids(s.find("soonest", floor, { at: new Date(T0 + 2 * HOUR), id: hex(2) }, all, 10))).toEqual([3, 4]);
    expect(ids(s.find("soonest", floor, { at: new Date(T0 + 2 * HOUR), id: hex(3) }, all, 10))).toEqual([4]);
    expect(ids(s.find("newest", floor, { at: new Date(T0 - 2 * HOUR), id: hex(2) }, all, 10))).toEqual([3, 4]);
    expect(ids(s.find("soonest", floor, null, all, 2))).toEqual([1, 2]);
  });

  it("matches any of the tags and all of the words; a tag or word no event has matches nothing", () => {
    const s = CatalogSnapshot.build(
      [ev(1, { tags: ["a"], search_terms: ["lake", "walk"] }), ev(2, { tags: ["b"], search_terms: ["lake"] }), ev(3, { tags: ["a", "c"], search_terms: ["walk"] })],
      floor,
    );
    const found = (filter: Parameters<CatalogSnapshot["matcher"]>[0]) => ids(s.find("soonest", floor, null, s.matcher(filter), 10));
    expect(found({ tags: ["a"] })).toEqual([1, 3]);
    expect(found({ tags: ["b", "c", "nobody"] })).toEqual([2, 3]);
    expect(found({ terms: ["lake"] })).toEqual([1, 2]);
    expect(found({ tags: ["a"], terms: ["lake", "walk"] })).toEqual([1]);
    expect(s.matcher({ tags: ["nobody"] })).toBeNull();
    expect(s.matcher({ terms: ["lake", "nowhere"] })).toBeNull();
    expect(found({})).toEqual([1, 2, 3]);
  });

  it("patches: an insert, a move, a private event and a deleted one", () => {
    const s = CatalogSnapshot.build([ev(1), ev(2), ev(3)], floor);
    s.apply([
      [hex(4), ev(4, { startsH: 0.5, tags: ["new-tag"] })],
      [hex(1), ev(1, { startsH: 9, createdH: 1 })],
      [hex(2), ev(2, { is_private: true })],
      [hex(3), null],
    ]);
    expect(ids(s.find("soonest", floor, null, all, 10))).toEqual([4, 1]);
    expect(ids(s.find("newest", floor, null, all, 10))).toEqual([1, 4]);
    expect(ids(s.find("soonest", floor, null, s.matcher({ tags: ["new-tag"] }), 10))).toEqual([4]);
    expect(s.get(hex(2))).toBeUndefined();
    expect(s.size).toBe(2);
  });

  it("upcoming: the first n that match, soonest first", () => {
    const s = CatalogSnapshot.build([ev(1, { tags: ["a"] }), ev(2, { tags: ["b"] }), ev(3, { tags: ["a", "b"] }), ev(4, { tags: ["b"] })], floor);
    expect(ids(s.upcoming(floor, 2, s.matcher({ tags: ["b"] })))).toEqual([2, 3]);
    expect(ids(s.upcoming(new Date(T0 + 2.5 * HOUR), 10))).toEqual([3, 4]);
  });
});
