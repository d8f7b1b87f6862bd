import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import type { EventDoc } from "@/lib/db";
import { eventInput } from "../support/event-input";
import { createNotedEvent, insertUser, setEventFields, uniqueTag } from "./discover-support";
import { eventServices, type EventServices } from "./events-support";

// recommendationsFor and GET /api/v1/recommendations against the real database. Tests use tags of
// their own; the popular fallback, which is not filtered by tag, runs at a `now` a year ahead, where
// only its own events are still upcoming.

type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;

let events: EventServices;
let discover: typeof import("@/lib/discover/service");
let route: { GET: Handler };
let issueApiToken: typeof import("@/lib/auth/tokens").issueApiToken;

const DAY = 86_400_000;

beforeAll(async () => {
  events = await eventServices();
  discover = await import("@/lib/discover/service");
  ({ issueApiToken } = await import("@/lib/auth/tokens"));
  route = (await import("@/app/api/v1/recommendations/route")) as unknown as { GET: Handler };
});

const makeUser = (favorites: string[] = []) => insertUser("rec", favorites);

type NewEvent = { title: string; tags: string[]; days?: number; isPrivate?: boolean; maxPeople?: number | null };

function makeEvent(owner: AuthUser, e: NewEvent): Promise<EventDoc> {
  const { title, days = 1, isPrivate = false, maxPeople = null, tags } = e;
  return createNotedEvent(owner, eventInput({ title, location: "Somewhere", days, is_private: isPrivate, max_people: maxPeople, tags }));
}

async function attend(user: AuthUser, event: EventDoc) {
  return events.rsvp(user, event._id.toHexString(), "attending");
}

const setAttending = (event: EventDoc, attending: number) => setEventFields(event, { "counts.attending": attending });

function titlesOf(result: Awaited<ReturnType<typeof discover.recommendationsFor>>): string[] {
  return (result.kind === "matches" ? result.items : result.popular).map((r) => r.event.title);
}

describe("recommendationsFor", () => {
  it("recommends upcoming public events tagged with a favorite, with the reason, full ones marked", async () => {
    const host = await makeUser();
    const [hiking, music] = [uniqueTag("hiking"), uniqueTag("music")];
    const user = await makeUser([hiking]);
    await makeEvent(host, { title: "Ridge walk", tags: [hiking], days: 3 });
    const full = await makeEvent(host, { title: "Full hike", tags: [hiking, "outdoors"], days: 2, maxPeople: 1 });
    await attend(await makeUser(), full);
    await makeEvent(host, { title: "Concert", tags: [music], days: 1 });

    const result = await discover.recommendationsFor(user);
    expect(result.kind).toBe("matches");
    if (result.kind !== "matches") return;
    expect(result.items.map((r) => [r.event.title, r.reasons, r.is_full])).toEqual([
      ["Full hike", [`because you like ${hiking}`], true],
      ["Ridge walk", [`because you like ${hiking}`], false],
    ]);
  });

  it("matches a favorite with spaces ('trail running') against the normalized tag ('trail-running')", async () => {
    const suffix = randomBytes(3).toString("hex");
    const user = await makeUser([`trail running ${suffix}`]);
    await makeEvent(await makeUser(), { title: "Morning run", tags: [`trail-running-${suffix}`] });
    const result = await discover.recommendationsFor(user);
    expect(result.kind === "matches" && result.items.map((r) => r.reasons)).toEqual([[`because you like trail running ${suffix}`]]);
  });

  it("learns from events the user went to, more weakly than from favorites", async () => {
    const host = await makeUser();
    const [hiking, food, music] = [uniqueTag("hiking"), uniqueTag("food"), uniqueTag("music")];
    const user = await makeUser([hiking]);
    const went = await makeEvent(host, { title: "Food fair (went)", tags: [food, music], days: 1 });
    await attend(user, went);
    await makeEvent(host, { title: "Street food", tags: [food], days: 2 });
    await makeEvent(host, { title: "Hike", tags: [hiking], days: 5 });
    await makeEvent(host, { title: "Hike with a picnic", tags: [hiking, food], days: 6 });
    await makeEvent(host, { title: "Food and music", tags: [food, music], days: 3 });

    const result = await discover.recommendationsFor(user);
    const [f, m] = [tagLabel(food), tagLabel(music)];
    expect(result.kind === "matches" && result.items.map((r) => [r.event.title, r.score, r.reasons])).toEqual([
      ["Hike with a picnic", 1.5, [`because you like ${hiking}`, `because you went to events tagged ${f}`]],
      // Two attended tags (0.5 + 0.5) tie with one favorite: the earlier start goes first.
      ["Food and music", 1, [`because you went to events tagged ${f}`, `because you went to events tagged ${m}`]],
      ["Hike", 1, [`because you like ${hiking}`]],
      ["Street food", 0.5, [`because you went to events tagged ${f}`]],
    ]);
    // The attended event itself is not recommended again.
    expect(titlesOf(result)).not.toContain("Food fair (went)");
  });

  it("with favorites that match nothing: no items, not the no-favorites message", async () => {
    const user = await makeUser([uniqueTag("nothing")]);
    const result = await discover.recommendationsFor(user);
    expect(result).toMatchObject({ kind: "matches", items: [] });
  });

  it("keeps at most `limit`", async () => {
    const host = await makeUser();
    const tag = uniqueTag("many");
    const user = await makeUser([tag]);
    for (let i = 0; i < 5; i++) await makeEvent(host, { title: `M${i}`, tags: [tag], days: 1 + i });
    expect(titlesOf(await discover.recommendationsFor(user, { limit: 3 }))).toEqual(["M0", "M1", "M2"]);
  });

  it("without favorites: the original message, and popular upcoming events (most going first)", async () => {
    const host = await makeUser();
    const user = await makeUser([]);
    const later = new Date(Date.now() + 400 * DAY);
    const quiet = await makeEvent(host, { title: "Quiet", tags: [], days: 401 });
    const busy = await makeEvent(host, { title: "Busy", tags: [], days: 403 });
    const busySooner = await makeEvent(host, { title: "Busy, sooner", tags: [], days: 402 });
    const secret = await makeEvent(host, { title: "Secret", tags: [], days: 401, isPrivate: true });
    const mine = await makeEvent(user, { title: "Mine", tags: [], days: 401 });
    const joined = await makeEvent(host, { title: "Joined", tags: [], days: 401 });
    await setAttending(quiet, 1);
    await setAttending(busy, 20);
    await setAttending(busySooner, 20);
    await setAttending(secret, 99);
    await setAttending(mine, 99);
    await events.rsvp(user, joined._id.toHexString(), "maybe");
    await setAttending(joined, 99);

    const result = await discover.recommendationsFor(user, { now: later });
    expect(result.kind).toBe("no_favorites");
    if (result.kind !== "no_favorites") return;
    expect(result.message).toBe("No favorites found. Add some to get recommendations!");
    expect(result.popular.map((r) => [r.event.title, r.reasons])).toEqual([
      ["Busy, sooner", []],
      ["Busy", []],
      ["Quiet", []],
    ]);
  });
});

function tagLabel(tag: string) {
  return tag.replace(/-/g, " ");
}

describe("GET /api/v1/recommendations", () => {
  async function get(user: AuthUser | null, query = "") {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${(await issueApiToken(user.id)).access_token}`;
    const res = await route.GET(new NextRequest(`http://localhost/api/v1/recommendations${query}`, { headers }), { params: Promise.resolve({}) as Promise<never> });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  }

  it("answers the original's shape, plus reasons and is_full", async () => {
    const host = await makeUser();
    const tag = uniqueTag("api");
    const user = await makeUser([tag]);
    const e = await makeEvent(host, { title: "API event", tags: [tag, "extra"], days: 2 });
    const res = await get(user);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/no-store/);
    expect(Object.keys(res.body)).toEqual(["recommended_events"]);
    const [item] = res.body.recommended_events as Record<string, unknown>[];
    expect(item).toMatchObject({
      _id: e._id.toHexString(),
      title: "API event",
      description: "",
      date: e.starts_at.toISOString(),
      location: "Somewhere",
      tags: [tag, "extra"],
      is_private: false,
      reasons: [`because you like ${tag}`],
      is_full: false,
    });
    // Nothing only the host may see.
    expect(item).not.toHaveProperty("invite_link");
  });

  it("without favorites: {message, popular_events}", async () => {
    const res = await get(await makeUser([]));
    expect(res.status).toBe(200);
    expect(res.body.message).toBe("No favorites found. Add some to get recommendations!");
    expect(Array.isArray(res.body.popular_events)).toBe(true);
    expect(res.body).not.toHaveProperty("recommended_events");
  });

  it("needs a token, and checks limit", async () => {
    expect((await get(null)).status).toBe(401);
    const user = await makeUser(["anything"]);
    expect((await get(user, "?limit=0")).status).toBe(400);
    expect((await get(user, "?limit=abc")).status).toBe(400);
    expect((await get(user, "?limit=51")).status).toBe(400);
    expect((await get(user, "?limit=5")).status).toBe(200);
  });
});
