import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { type Created, createEvent, DAY, dayFromNow, db, makeUser, routes, setUpEventsApi, type User } from "./events-api-support";
import { call } from "./events-support";

// A user's events (GET /api/v1/users/{user_id}/events), as each kind of viewer sees them.

setUpEventsApi();

describe("GET /api/v1/users/{user_id}/events", () => {
  it("shows a user's public events to everyone and the private ones to that user", async () => {
    const owner = await makeUser();
    const pub = await createEvent(owner, { title: "Open Day" });
    const priv = await createEvent(owner, { title: "Family Only", is_private: true, date: dayFromNow(31) });
    const ids = async (user?: User) => {
      const res = await call(routes.userEvents.GET, "GET", { user_id: owner.id }, { token: user?.token });
      expect(res.status).toBe(200);
      return (await res.json()).events.map((e: { _id: string }) => e._id);
    };
    expect(await ids()).toEqual([pub.id]);
    expect(await ids(await makeUser())).toEqual([pub.id]);
    expect(await ids(owner)).toEqual([pub.id, priv.id]);
    expect((await call(routes.userEvents.GET, "GET", { user_id: "nobody" })).status).toBe(404);
    expect(await (await call(routes.userEvents.GET, "GET", { user_id: new ObjectId().toHexString() })).json()).toEqual({ events: [], next_cursor: null });
  });

  /** Every page of a user's events as `viewer` sees them, following next_cursor to the end. */
  async function userEventPages(owner: User, limit: string, viewer?: User): Promise<{ ids: string[]; sizes: number[] }> {
    const ids: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const res = await call(routes.userEvents.GET, "GET", { user_id: owner.id }, { token: viewer?.token, query: { limit, cursor } });
      const body = await res.json();
      expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(200);
      ids.push(...body.events.map((e: { _id: string }) => e._id));
      sizes.push(body.events.length);
      cursor = body.next_cursor ?? undefined;
      expect(sizes.length).toBeLessThan(20);
    } while (cursor);
    return { ids, sizes };
  }

  it("pages through all of a user's events, soonest first with ties broken by id, each once", async () => {
    const owner = await makeUser();
    const made: Created[] = [];
    for (let i = 0; i < 7; i++) made.push(await createEvent(owner, { title: `U${i}`, date: dayFromNow(40 - i), is_private: i % 3 === 0 }));
    // Ties on starts_at: U1–U3 start at the same instant, so the page boundaries fall inside a tie.
    const sameStart = new Date(Date.now() + 50 * DAY);
    await (await db.collections.events()).updateMany({ _id: { $in: made.slice(1, 4).map((e) => new ObjectId(e.id)) } }, { $set: { starts_at: sameStart } });

    const docs = await (await db.collections.events()).find({ owner_id: new ObjectId(owner.id) }).toArray();
    const order = (evs: typeof docs) =>
      [...evs].sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime() || (a._id.toHexString() < b._id.toHexString() ? -1 : 1)).map((e) => e._id.toHexString());
    const all = order(docs);
    const publicOnly = order(docs.filter((e) => !e.is_private));
    expect(all).toHaveLength(7);
    expect(publicOnly).toHaveLength(4);

    // The owner sees all seven in every page size, the others the four public ones.
    for (const limit of ["1", "2", "3", "100"]) {
      const asOwner = await userEventPages(owner, limit, owner);
      expect(asOwner.ids, `limit ${limit}`).toEqual(all);
      // Full pages, then the rest: never an empty last page.
      const n = Number(limit);
      expect(asOwner.sizes, `limit ${limit}`).toEqual(Array.from({ length: Math.ceil(7 / n) }, (_, i) => Math.min(n, 7 - i * n)));
      expect((await userEventPages(owner, limit)).ids, `limit ${limit}`).toEqual(publicOnly);
      expect((await userEventPages(owner, limit, await makeUser())).ids, `limit ${limit}`).toEqual(publicOnly);
    }
  });

  it("answers a malformed cursor or a limit out of 1–100 with 400 JSON", async () => {
    const owner = await makeUser();
    await createEvent(owner);
    const badCursors = [
      "garbage",
      Buffer.from(`${Date.now()}.not-an-object-id`).toString("base64url"),
      Buffer.from(`${"9".repeat(16)}.${new ObjectId().toHexString()}`).toString("base64url"),
      "x".repeat(201),
    ];
    for (const query of [...badCursors.map((cursor) => ({ cursor })), { limit: "0" }, { limit: "101" }, { limit: "-1" }, { limit: "2.5" }, { limit: "abc" }]) {
      const res = await call(routes.userEvents.GET, "GET", { user_id: owner.id }, { query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      const field = Object.keys(query)[0]!;
      expect(await res.json(), JSON.stringify(query)).toMatchObject({ error: expect.any(String), code: "invalid", issues: { [field]: [expect.any(String)] } });
    }
  });

  it("pages 100 events at a time by default, and 1 to 100 on request", async () => {
    const owner = await makeUser();
    const first = await createEvent(owner);
    // 100 more of the same event, a minute apart, straight into the database.
    const events = await db.collections.events();
    const doc = (await events.findOne({ _id: new ObjectId(first.id) }))!;
    await events.insertMany(Array.from({ length: 100 }, (_, i) => ({ ...doc, _id: new ObjectId(), starts_at: new Date(doc.starts_at.getTime() + (i + 1) * 60_000) })));
    const page = async (query: Record<string, string | undefined>) => {
      const res = await call(routes.userEvents.GET, "GET", { user_id: owner.id }, { query });
      expect(res.status).toBe(200);
      return (await res.json()) as { events: unknown[]; next_cursor: string | null };
    };

    for (const query of [{ limit: undefined }, { limit: "100" }]) {
      const full = await page(query);
      expect(full.events, JSON.stringify(query)).toHaveLength(100);
      const rest = await page({ ...query, cursor: full.next_cursor! });
      expect(rest.events, JSON.stringify(query)).toHaveLength(1);
      expect(rest.next_cursor).toBeNull();
    }
    const one = await page({ limit: "1" });
    expect(one.events).toHaveLength(1);
    expect(one.next_cursor).toEqual(expect.any(String));
  });
});
