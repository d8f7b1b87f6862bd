import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import type { EventDoc } from "@/lib/db";
import type { DiscoverQuery } from "@/lib/discover/schema";
import { eventInput } from "../support/event-input";
import { createNotedEvent, insertUser, setEventFields } from "./discover-support";
import { eventServices, type EventServices } from "./events-support";

// Privacy of discover, search and recommendations: no private event ever appears, whoever asks —
// its owner and its approved guests included; nobody is recommended their own events or events they
// already joined (in any status); past events never appear.
//
// One world for the whole file: a host with a private and a public event, all tagged and worded alike
// (so every filter that finds the public one would find the private one too, were it not private).

type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;

let events: EventServices;
let discover: typeof import("@/lib/discover/service");
let routes: { recommendations: { GET: Handler }; events: { GET: Handler } };
let issueApiToken: typeof import("@/lib/auth/tokens").issueApiToken;

const DAY = 86_400_000;
const RUN = randomBytes(4).toString("hex");
const TAG = `privacy-${RUN}`;
const WORD = `hush${RUN}`;

type World = {
  host: AuthUser;
  guest: AuthUser; // approved into the private event
  requester: AuthUser; // asked to join the private event, still pending
  stranger: AuthUser;
  secret: EventDoc; // private
  secretFull: EventDoc; // private, full, hugely popular
  open: EventDoc; // public
  past: EventDoc; // public, already started
};
let w: World;

const user = (favorites: string[]) => insertUser("priv", favorites);

function event(owner: AuthUser, title: string, o: { isPrivate?: boolean; days?: number; tags?: string[]; maxPeople?: number } = {}) {
  const { isPrivate = false, days = 2, tags = [TAG], maxPeople = null } = o;
  return createNotedEvent(
    owner,
    eventInput({ title: `${title} ${WORD}`, description: `All about ${WORD}`, location: `${WORD} hall`, days, is_private: isPrivate, max_people: maxPeople, tags }),
  );
}


beforeAll(async () => {
  events = await eventServices();
  discover = await import("@/lib/discover/service");
  ({ issueApiToken } = await import("@/lib/auth/tokens"));
  routes = {
    recommendations: (await import("@/app/api/v1/recommendations/route")) as unknown as { GET: Handler },
    events: (await import("@/app/api/v1/events/route")) as unknown as { GET: Handler },
  };

  // Everyone likes the tag: the private events would be perfect matches.
  const [host, guest, requester, stranger] = await Promise.all([user([TAG]), user([TAG]), user([TAG]), user([TAG])]);
  const secret = await event(host, "Secret party", { isPrivate: true, days: 1 });
  const secretFull = await event(host, "Secret dinner", { isPrivate: true, days: 1, maxPeople: 1 });
  const open = await event(host, "Open picnic", { days: 3 });
  const past = await event(host, "Yesterday's picnic", { days: 1 });
  await setEventFields(past, { starts_at: new Date(Date.now() - DAY) });

  await events.joinEvent(guest, secret._id.toHexString(), secret.invite_token);
  await events.decideRequest(host, secret._id.toHexString(), guest.id, "approve");
  await events.joinEvent(requester, secret._id.toHexString(), secret.invite_token);
  await events.joinEvent(guest, secretFull._id.toHexString(), secretFull.invite_token);
  await events.decideRequest(host, secretFull._id.toHexString(), guest.id, "approve");
  // Popularity must not leak a private event into the fallback either.
  await setEventFields(secretFull, { "counts.attending": 10_000 });
  w = { host, guest, requester, stranger, secret, secretFull, open, past };
});

function q(over: Partial<DiscoverQuery> = {}): DiscoverQuery {
  return { tags: [], q: "", sort: "soonest", limit: 2, ...over };
}

async function everyPage(query: DiscoverQuery): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 500; i++) {
    const page = await discover.discoverEvents({ ...query, cursor });
    ids.push(...page.events.map((e) => e._id.toHexString()));
    if (!page.next_cursor) return ids;
    cursor = page.next_cursor;
  }
  throw new Error("too many pages");
}

const hidden = () => [w.secret, w.secretFull, w.past].map((e) => e._id.toHexString());

describe("discover and search never show private or past events", () => {
  const views: Array<[string, Partial<DiscoverQuery>]> = [
    ["everything", {}],
    ["by tag", { tags: [TAG] }],
    ["by several tags", { tags: [TAG, "other"] }],
    ["by a word of the title", { q: "secret" }],
    ["by the shared word", { q: WORD }],
    ["by the word of the location", { q: `${WORD} hall` }],
    ["by tag and word", { tags: [TAG], q: `party ${WORD}` }],
  ];
  it.each(views)("%s, soonest and newest, every page", async (_name, filters) => {
    for (const sort of ["soonest", "newest"] as const) {
      const ids = await everyPage(q({ ...filters, sort }));
      for (const id of hidden()) expect(ids).not.toContain(id);
    }
    expect(await everyPage(q({ tags: [TAG] }))).toEqual([w.open._id.toHexString()]);
  });

  it("the JSON list (GET /api/v1/events?tag=&q=) neither, for the owner's token too", async () => {
    for (const who of [null, w.host, w.guest]) {
      const headers: Record<string, string> = who ? { authorization: `Bearer ${(await issueApiToken(who.id)).access_token}` } : {};
      for (const query of [`tag=${TAG}`, `q=${WORD}`, `q=secret+${WORD}`, ""]) {
        const res = await routes.events.GET(new NextRequest(`http://localhost/api/v1/events?${query}&limit=50`, { headers }), {
          params: Promise.resolve({}) as Promise<never>,
        });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { events: { _id: string; is_private: boolean }[] };
        expect(body.events.every((e) => !e.is_private && !hidden().includes(e._id))).toBe(true);
      }
    }
  });
});

describe("recommendations never show private, own, joined or past events", () => {
  async function recommendedIds(who: AuthUser, now?: Date): Promise<string[]> {
    const r = await discover.recommendationsFor(who, { limit: 50, now });
    return (r.kind === "matches" ? r.items : r.popular).map((x) => x.event._id.toHexString());
  }

  it("the private events' owner, their approved guest, a pending requester and a stranger", async () => {
    expect(await recommendedIds(w.host)).toEqual([]); // own public event, own private events: nothing
    expect(await recommendedIds(w.guest)).toEqual([w.open._id.toHexString()]);
    expect(await recommendedIds(w.requester)).toEqual([w.open._id.toHexString()]);
    expect(await recommendedIds(w.stranger)).toEqual([w.open._id.toHexString()]);
  });

  it("through the API too, for the owner", async () => {
    const res = await routes.recommendations.GET(
      new NextRequest("http://localhost/api/v1/recommendations?limit=50", { headers: { authorization: `Bearer ${(await issueApiToken(w.host.id)).access_token}` } }),
      { params: Promise.resolve({}) as Promise<never> },
    );
    expect(await res.json()).toEqual({ recommended_events: [] });
  });

  it("the popular fallback (no favorites) skips private events however popular, and the user's own", async () => {
    const fan = await user([]);
    const mine = await event(fan, "Fan's own", { days: 2 });
    await setEventFields(mine, { "counts.attending": 5_000 });
    const ids = await recommendedIds(fan);
    expect(ids).toContain(w.open._id.toHexString());
    for (const id of [...hidden(), mine._id.toHexString()]) expect(ids).not.toContain(id);
  });

  it("joined in any status: attending, maybe, not attending, waitlisted, pending", async () => {
    const tag = `joined-${RUN}`;
    const guest = await user([tag]);
    const host = await user([]);
    const make = (title: string, o: { maxPeople?: number; isPrivate?: boolean } = {}) => event(host, title, { ...o, tags: [tag] });
    const attending = await make("attending");
    const maybe = await make("maybe");
    const notAttending = await make("not attending");
    const full = await make("waitlisted", { maxPeople: 1 });
    const control = await make("control");
    await events.rsvp(guest, attending._id.toHexString(), "attending");
    await events.rsvp(guest, maybe._id.toHexString(), "maybe");
    await events.rsvp(guest, notAttending._id.toHexString(), "not_attending");
    await events.rsvp(await user([]), full._id.toHexString(), "attending");
    expect((await events.rsvp(guest, full._id.toHexString(), "attending")).status).toBe("waitlisted");
    // Pending: a request to join a private event (which is excluded as private anyway).
    const pendingPrivate = await make("pending", { isPrivate: true });
    expect((await events.joinEvent(guest, pendingPrivate._id.toHexString(), pendingPrivate.invite_token)).status).toBe("pending");

    expect(await recommendedIds(guest)).toEqual([control._id.toHexString()]);
  });

  it("past events: not once they have started", async () => {
    const tag = `soon-${RUN}`;
    const fan = await user([tag]);
    const e = await event(w.host, "Soon", { days: 1, tags: [tag] });
    expect(await recommendedIds(fan)).toEqual([e._id.toHexString()]);
    expect(await recommendedIds(fan, new Date(e.starts_at.getTime() + 1))).toEqual([]);
    const popular = await discover.recommendationsFor(await user([]), { now: new Date(e.starts_at.getTime() + 1), limit: 50 });
    expect(popular.kind === "no_favorites" && popular.popular.map((r) => r.event._id.toHexString())).not.toContain(e._id.toHexString());
  });
});
