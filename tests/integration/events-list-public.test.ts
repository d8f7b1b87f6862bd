import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createEvent, dayFromNow, makeUser, routes, setUpEventsApi } from "./events-api-support";
import { call } from "./events-support";

// The public list of upcoming events (GET /api/v1/events).

setUpEventsApi();

describe("GET /api/v1/events (public upcoming)", () => {
  it("paginates with next_cursor, filters by tag and never shows private events", async () => {
    const owner = await makeUser();
    const tag = `pg${randomBytes(4).toString("hex")}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createEvent(owner, { date: dayFromNow(10 + i), tags: [tag, "misc"] })).id);
    const hidden = await createEvent(owner, { date: dayFromNow(11), tags: [tag], is_private: true });

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call(routes.events.GET, "GET", {}, { query: { tag: tag.toUpperCase(), limit: "2", ...(cursor ? { cursor } : {}) } });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.events.length).toBeLessThanOrEqual(2);
      for (const e of body.events) {
        expect(e.is_private).toBe(false);
        expect(e).not.toHaveProperty("invite_link");
        seen.push(e._id);
      }
      cursor = body.next_cursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
    expect(seen).not.toContain(hidden.id);

    // The whole list, without a tag: no private event, nothing in the past.
    let all: Array<{ _id: string; is_private: boolean; starts_at: string }> = [];
    cursor = undefined;
    do {
      const body = await (await call(routes.events.GET, "GET", {}, { query: { limit: "50", ...(cursor ? { cursor } : {}) } })).json();
      all = all.concat(body.events);
      cursor = body.next_cursor ?? undefined;
    } while (cursor);
    expect(all.some((e) => e.is_private)).toBe(false);
    expect(all.map((e) => e._id)).not.toContain(hidden.id);
    expect(all.every((e) => new Date(e.starts_at).getTime() >= Date.now() - 60_000)).toBe(true);
    expect(all.map((e) => e._id)).toEqual(expect.arrayContaining(ids));
  });

  it("answers a bad query with 400", async () => {
    for (const query of [{ limit: "0" }, { limit: "abc" }, { limit: "51" }, { cursor: "garbage" }, { tag: "x".repeat(61) }]) {
      const res = await call(routes.events.GET, "GET", {}, { query });
      expect(res.status, JSON.stringify(query)).toBe(400);
    }
  });
});
