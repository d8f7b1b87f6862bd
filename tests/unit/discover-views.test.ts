import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import type { EventDoc } from "@/lib/db/types";
import type { DiscoverQuery } from "@/lib/discover/schema";
import type { Recommendations } from "@/lib/discover/service";
import { browseViewOf, describeQuery, discoverCardOf, recommendationsViewOf } from "@/lib/discover/views";
import { eventDoc } from "../support/event-doc";

/** Event `n`: its id ends in n, it starts on 2030-01-n and n people go. */
function numberedEvent(n: number, tags: string[], over: Partial<EventDoc> = {}): EventDoc {
  return eventDoc({
    _id: new ObjectId(n.toString(16).padStart(24, "0")),
    title: `Event ${n}`,
    starts_at: new Date(Date.UTC(2030, 0, n, 18)),
    tags,
    invite_token: "t",
    counts: { attending: n, maybe: 0, pending: 0, waitlisted: 0, not_attending: 0 },
    created_at: new Date(0),
    updated_at: new Date(0),
    ...over,
  });
}

const query = (over: Partial<DiscoverQuery> = {}): DiscoverQuery => ({ tags: [], q: "", sort: "soonest", limit: 12, ...over });

describe("discoverCardOf", () => {
  it("adds tags, who goes and why, and lets the ranking say whether it is full", () => {
    const card = discoverCardOf(numberedEvent(3, ["music"]), { reasons: ["because you like music"], isFull: true });
    expect(card).toMatchObject({ id: "000000000000000000000003", startsAt: "2030-01-03T18:00:00.000Z", tags: ["music"], going: 3, reasons: ["because you like music"], isFull: true });
    expect(discoverCardOf(numberedEvent(3, []))).toMatchObject({ isFull: false, reasons: [] });
  });
});

describe("recommendationsViewOf", () => {
  it("keeps the kind, and turns each recommendation into a card", () => {
    const rec = { event: numberedEvent(1, ["hiking"]), score: 1, reasons: ["because you like hiking"], is_full: false };
    const matches: Recommendations = { kind: "matches", favorites: ["hiking"], items: [rec] };
    expect(recommendationsViewOf(matches)).toMatchObject({ kind: "matches", favorites: ["hiking"], items: [{ id: "000000000000000000000001", reasons: ["because you like hiking"] }] });
    const none: Recommendations = { kind: "no_favorites", message: "No favorites found. Add some to get recommendations!", popular: [{ ...rec, reasons: [], is_full: true }] };
    expect(recommendationsViewOf(none)).toMatchObject({ kind: "no_favorites", popular: [{ isFull: true, reasons: [] }] });
  });
});

describe("browseViewOf", () => {
  it("words the filters", () => {
    expect(describeQuery({ tags: ["hiking"], q: "" })).toBe("tagged #hiking");
    expect(describeQuery({ tags: ["hiking", "music", "food"], q: "lake" })).toBe("tagged #hiking, #music or #food, matching “lake”");
  });

  it("offers the chosen tags, then favorites, then the commonest on screen", () => {
    const page = { events: [numberedEvent(1, ["b", "c"]), numberedEvent(2, ["c"])], next_cursor: null };
    const recs: Recommendations = { kind: "matches", favorites: ["Fav"], items: [{ event: numberedEvent(3, ["d"]), score: 1, reasons: [], is_full: false }] };
    const view = browseViewOf(query({ tags: ["a"] }), page, false, recs);
    expect(view.tagOptions).toEqual(["a", "fav", "c", "b", "d"]);
    expect(view).toMatchObject({ filtered: true, asked: "tagged #a", firstPage: true, nextHref: null, firstHref: null, clearHref: "/discover" });
  });

  it("links the next page, and past the first page back to it", () => {
    const view = browseViewOf(query({ q: "x", cursor: "c1", sort: "newest" }), { events: [], next_cursor: "c2" }, false, null);
    expect(view).toMatchObject({ firstPage: false, nextHref: "/discover?q=x&sort=newest&cursor=c2", firstHref: "/discover?q=x&sort=newest", clearHref: "/discover?sort=newest" });
    // A cursor that was not valid: the first page was read instead.
    expect(browseViewOf(query({ cursor: "bad" }), { events: [], next_cursor: null }, true, null)).toMatchObject({ badCursor: true, firstPage: true, firstHref: null, filtered: false });
  });
});
