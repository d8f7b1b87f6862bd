import { describe, expect, it } from "vitest";
import {
  EXPLICIT_WEIGHT,
  IMPLICIT_WEIGHT,
  favoriteTags,
  isEligible,
  rankPopular,
  rankRecommendations,
  tagLabel,
  topTags,
  type RankableEvent,
} from "@/lib/discover/ranking";
import { discoverHref, parseDiscoverQuery } from "@/lib/discover/schema";

const NOW = new Date("2026-06-01T12:00:00Z");
const ME = "a".repeat(24);
const SOMEONE = "b".repeat(24);
let seq = 0;

type E = RankableEvent & { _id: string; title: string };

function ev(over: Partial<E> & { tags: string[] }): E {
  seq += 1;
  return {
    _id: seq.toString(16).padStart(24, "0"),
    owner_id: SOMEONE,
    title: `event ${seq}`,
    starts_at: new Date(NOW.getTime() + seq * 3600_000),
    is_private: false,
    seats_left: null,
    counts: { attending: 0 },
    ...over,
  };
}

const titles = (r: { event: E }[]) => r.map((x) => x.event.title);

describe("favoriteTags", () => {
  it("normalizes favorites like event tags, keeping the words to show", () => {
    expect([...favoriteTags(["Live Music", "hiking", "  board   games "])]).toEqual([
      ["live-music", "live music"],
      ["hiking", "hiking"],
      ["board-games", "board games"],
    ]);
  });

  it("drops favorites that normalize to nothing and duplicates", () => {
    expect([...favoriteTags(["!!!", "Hiking", "hiking", ""]).keys()]).toEqual(["hiking"]);
  });

  it("treats one favorite as one tag even if it holds a comma", () => {
    expect([...favoriteTags(["rock, pop"]).keys()]).toEqual(["rock-pop"]);
  });

  it("reads tags back as words", () => {
    expect(tagLabel("live-music")).toBe("live music");
  });
});

describe("rankRecommendations: what is never recommended", () => {
  const base = { favorites: ["hiking"], now: NOW };

  it("drops events that already started", () => {
    const past = ev({ title: "past", tags: ["hiking"], starts_at: new Date(NOW.getTime() - 1) });
    const now = ev({ title: "starts now", tags: ["hiking"], starts_at: NOW });
    expect(titles(rankRecommendations([past, now], base))).toEqual(["starts now"]);
  });

  it("drops private events, whoever asks (their owner included)", () => {
    const secret = ev({ title: "secret", tags: ["hiking"], is_private: true, owner_id: ME });
    const secret2 = ev({ title: "secret 2", tags: ["hiking"], is_private: true });
    expect(rankRecommendations([secret, secret2], base)).toEqual([]);
    expect(rankRecommendations([secret, secret2], { ...base, exclude: { userId: ME } })).toEqual([]);
  });

  it("drops the user's own events", () => {
    const own = ev({ title: "own", tags: ["hiking"], owner_id: ME });
    const other = ev({ title: "other", tags: ["hiking"] });
    expect(titles(rankRecommendations([own, other], { ...base, exclude: { userId: ME } }))).toEqual(["other"]);
  });

  it("drops events the user already joined, in any status", () => {
    const joined = ev({ title: "joined", tags: ["hiking"] });
    const fresh = ev({ title: "fresh", tags: ["hiking"] });
    expect(titles(rankRecommendations([joined, fresh], { ...base, exclude: { eventIds: new Set([joined._id]) } }))).toEqual(["fresh"]);
  });

  it("drops events that match nothing the user likes or went to", () => {
    expect(rankRecommendations([ev({ tags: ["cooking"] }), ev({ tags: [] })], base)).toEqual([]);
  });

  it("returns each event once even when it is a candidate twice", () => {
    const e = ev({ tags: ["hiking"] });
    expect(rankRecommendations([e, e], base)).toHaveLength(1);
  });

  it("matches favorites kept with spaces against hyphenated tags", () => {
    const e = ev({ title: "gig", tags: ["live-music"] });
    const [r] = rankRecommendations([e], { favorites: ["Live Music"], now: NOW });
    expect(r?.reasons).toEqual(["because you like live music"]);
  });
});

describe("rankRecommendations: score", () => {
  it("weighs a favorite 1 and an attended tag 0.5", () => {
    expect([EXPLICIT_WEIGHT, IMPLICIT_WEIGHT]).toEqual([1, 0.5]);
    const both = ev({ title: "both", tags: ["hiking", "music"] });
    const liked = ev({ title: "liked", tags: ["hiking"] });
    const went = ev({ title: "went", tags: ["music"] });
    const ranked = rankRecommendations([went, liked, both], { favorites: ["hiking"], attendedTags: ["music"], now: NOW });
    expect(ranked.map((r) => [r.event.title, r.score])).toEqual([
      ["both", 1.5],
      ["liked", 1],
      ["went", 0.5],
    ]);
  });

  it("counts each matching tag: two favorites beat one", () => {
    const two = ev({ title: "two", tags: ["hiking", "camping"] });
    const one = ev({ title: "one", tags: ["hiking"], starts_at: new Date(NOW.getTime() + 1000) });
    const ranked = rankRecommendations([one, two], { favorites: ["hiking", "camping"], now: NOW });
    expect(ranked.map((r) => [r.event.title, r.score])).toEqual([
      ["two", 2],
      ["one", 1],
    ]);
  });

  it("two attended tags (1.0) tie with one favorite (1.0), then the sooner wins", () => {
    const attended = ev({ title: "attended x2", tags: ["music", "food"], starts_at: new Date(NOW.getTime() + 1000) });
    const liked = ev({ title: "liked", tags: ["hiking"], starts_at: new Date(NOW.getTime() + 2000) });
    const ranked = rankRecommendations([liked, attended], { favorites: ["hiking"], attendedTags: ["music", "food"], now: NOW });
    expect(ranked.map((r) => [r.event.title, r.score])).toEqual([
      ["attended x2", 1],
      ["liked", 1],
    ]);
  });

  it("a tag that is a favorite and was attended counts once, as a favorite", () => {
    const e = ev({ tags: ["hiking"] });
    const [r] = rankRecommendations([e], { favorites: ["hiking"], attendedTags: ["hiking"], now: NOW });
    expect(r?.score).toBe(1);
    expect(r?.reasons).toEqual(["because you like hiking"]);
  });

  it("duplicate tags on an event count once", () => {
    const [r] = rankRecommendations([ev({ tags: ["hiking", "hiking"] })], { favorites: ["hiking"], now: NOW });
    expect(r?.score).toBe(1);
  });
});

describe("rankRecommendations: order", () => {
  it("score desc, then starts_at asc, then attending desc, then id", () => {
    const t = (h: number) => new Date(NOW.getTime() + h * 3600_000);
    const late = ev({ title: "late", tags: ["hiking"], starts_at: t(50) });
    const early = ev({ title: "early", tags: ["hiking"], starts_at: t(10) });
    const busy = ev({ title: "same time, busy", tags: ["hiking"], starts_at: t(20), counts: { attending: 9 } });
    const quiet = ev({ title: "same time, quiet", tags: ["hiking"], starts_at: t(20), counts: { attending: 1 } });
    const top = ev({ title: "best match", tags: ["hiking", "camping"], starts_at: t(99) });
    const tieA = ev({ _id: "0".repeat(23) + "1", title: "tie a", tags: ["hiking"], starts_at: t(30) });
    const tieB = ev({ _id: "0".repeat(23) + "2", title: "tie b", tags: ["hiking"], starts_at: t(30) });
    const ranked = rankRecommendations([tieB, late, quiet, early, busy, top, tieA], { favorites: ["hiking", "camping"], now: NOW });
    expect(titles(ranked)).toEqual(["best match", "early", "same time, busy", "same time, quiet", "tie a", "tie b", "late"]);
  });

  it("keeps at most `limit`", () => {
    const events = Array.from({ length: 5 }, () => ev({ tags: ["hiking"] }));
    expect(rankRecommendations(events, { favorites: ["hiking"], now: NOW, limit: 2 })).toHaveLength(2);
  });
});

describe("rankRecommendations: reasons and is_full", () => {
  it("says why, favorites first", () => {
    const e = ev({ tags: ["music", "hiking", "board-games"] });
    const [r] = rankRecommendations([e], { favorites: ["Board Games", "hiking"], attendedTags: ["music"], now: NOW });
    expect(r?.reasons).toEqual(["because you like board games", "because you like hiking", "because you went to events tagged music"]);
  });

  it("marks full events, which are still recommended", () => {
    const full = ev({ title: "full", tags: ["hiking"], seats_left: 0 });
    const open = ev({ title: "open", tags: ["hiking"], seats_left: 3 });
    const unlimited = ev({ title: "unlimited", tags: ["hiking"], seats_left: null });
    const ranked = rankRecommendations([full, open, unlimited], { favorites: ["hiking"], now: NOW });
    expect(ranked.map((r) => [r.event.title, r.is_full])).toEqual([
      ["full", true],
      ["open", false],
      ["unlimited", false],
    ]);
  });
});

describe("rankPopular (no favorites)", () => {
  it("ranks eligible events by attendance, then soonest, with no reasons", () => {
    const t = (h: number) => new Date(NOW.getTime() + h * 3600_000);
    const a = ev({ title: "10 going", tags: [], counts: { attending: 10 }, starts_at: t(5) });
    const b = ev({ title: "3 going, soon", tags: [], counts: { attending: 3 }, starts_at: t(1) });
    const c = ev({ title: "3 going, later", tags: [], counts: { attending: 3 }, starts_at: t(2) });
    const hidden = [
      ev({ title: "private", tags: [], is_private: true, counts: { attending: 99 } }),
      ev({ title: "past", tags: [], starts_at: new Date(NOW.getTime() - 1000), counts: { attending: 99 } }),
      ev({ title: "mine", tags: [], owner_id: ME, counts: { attending: 99 } }),
    ];
    const joined = ev({ title: "joined", tags: [], counts: { attending: 50 } });
    const ranked = rankPopular([c, ...hidden, b, a, joined], { now: NOW, exclude: { userId: ME, eventIds: new Set([joined._id]) } });
    expect(titles(ranked)).toEqual(["10 going", "3 going, soon", "3 going, later"]);
    expect(ranked.every((r) => r.reasons.length === 0 && r.score === 0)).toBe(true);
    expect(rankPopular([a, b, c], { now: NOW, limit: 1 })).toHaveLength(1);
  });
});

describe("isEligible and topTags", () => {
  it("isEligible applies the exclusions to ObjectId-like ids too", () => {
    const oid = (hex: string) => ({ toHexString: () => hex });
    const e = { ...ev({ tags: [] }), _id: oid("c".repeat(24)), owner_id: oid(ME) } as unknown as RankableEvent;
    expect(isEligible(e, NOW)).toBe(true);
    expect(isEligible(e, NOW, { userId: ME })).toBe(false);
    expect(isEligible(e, NOW, { eventIds: new Set(["c".repeat(24)]) })).toBe(false);
  });

  it("topTags counts each event once per tag, most frequent first", () => {
    expect(topTags([["a", "b", "b"], ["b"], ["c", "a"], ["b"]], 2)).toEqual(["b", "a"]);
  });
});

describe("discover query string", () => {
  it("parses several tags, normalized, and forgives the rest", () => {
    expect(parseDiscoverQuery({ tag: ["Live Music", "hiking", "hiking", ""], q: "  lake   walk ", sort: "sideways", limit: "x" })).toEqual({
      tags: ["live-music", "hiking"],
      q: "lake walk",
      sort: "soonest",
      cursor: undefined,
      limit: 12,
    });
    expect(parseDiscoverQuery({ tag: "a,b", sort: "newest", limit: "500", cursor: "abc" })).toMatchObject({ tags: ["a", "b"], sort: "newest", limit: 50, cursor: "abc" });
    expect(parseDiscoverQuery({ tag: Array.from({ length: 30 }, (_, i) => `t${i}`) }).tags).toHaveLength(10);
  });

  it("builds short URLs that parse back to the same query", () => {
    expect(discoverHref({})).toBe("/discover");
    const href = discoverHref({ tags: ["hiking", "live-music"], q: "lake walk", sort: "newest", cursor: "xyz" });
    expect(href).toBe("/discover?tag=hiking&tag=live-music&q=lake+walk&sort=newest&cursor=xyz");
    const params = new URLSearchParams(href.split("?")[1]);
    expect(parseDiscoverQuery({ tag: params.getAll("tag"), q: params.get("q")!, sort: params.get("sort")!, cursor: params.get("cursor")! })).toEqual({
      tags: ["hiking", "live-music"],
      q: "lake walk",
      sort: "newest",
      cursor: "xyz",
      limit: 12,
    });
  });
});
