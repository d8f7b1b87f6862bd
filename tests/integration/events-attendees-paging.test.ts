import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { byKey, cycle, DAY, db, newEvent, recount, routes, type Seeded, seedMembers, setUpEventsPaging } from "./events-paging-support";
import { call, makePerson, type Handler } from "./events-support";

// The guest list and the join requests (GET /api/v1/events/{id}/attendees and /requests), read a page at a time:
// every page together covers everyone exactly once.

setUpEventsPaging();

type Row = { user_id: string; status: string; email?: string };

/** Follows next_cursor from the first page to the last; returns every row and the page sizes. */
async function allPages(handler: Handler, id: string, token: string, key: "attendees" | "requests", limit?: number) {
  const rows: Row[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 1000; n++) {
    const res = await call(handler, "GET", { id }, { token, query: { limit: limit === undefined ? undefined : String(limit), cursor } });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    rows.push(...body[key]);
    sizes.push(body[key].length);
    if (body.next_cursor === null) return { rows, sizes };
    expect(body.next_cursor).toEqual(expect.any(String));
    cursor = body.next_cursor;
  }
  throw new Error("the pages never ended");
}

describe("GET /events/{id}/attendees and /requests, a page at a time", () => {
  it("cover everyone exactly once, oldest first, with ties inside a millisecond broken by _id", async () => {
    const owner = await makePerson("page");
    const ev = await newEvent(owner);
    const base = Date.now() - DAY;
    // Ten memberships per millisecond: page boundaries fall inside groups of equal created_at.
    const members = await seedMembers(ev._id, cycle(250), (i) => new Date(base + Math.floor(i / 10)));
    const guest = await makePerson("page");
    const guestMembership: Seeded = {
      _id: `${ev._id.toHexString()}:${guest.user.id}`,
      event_id: ev._id,
      user_id: new ObjectId(guest.user.id),
      status: "attending",
      created_at: new Date(base + 3),
      updated_at: new Date(base + 3),
      email: guest.user.email!,
    };
    const { email: _email, ...doc } = guestMembership;
    await (await db.collections.attendances()).insertOne(doc);
    await recount(ev._id);
    const everyone = [...members, guestMembership].sort(byKey);
    const expected = (statuses: string[]) => everyone.filter((m) => statuses.includes(m.status)).map((m) => m.user_id.toHexString());

    // The host: everyone but the requests, with emails, 7 at a time.
    const hostGuests = expected(["attending", "maybe", "waitlisted", "not_attending"]);
    expect(hostGuests).toHaveLength(201);
    const host = await allPages(routes.attendees.GET, ev.id, owner.token, "attendees", 7);
    expect(host.rows.map((r) => r.user_id)).toEqual(hostGuests);
    expect(host.sizes).toEqual([...Array<number>(28).fill(7), 5]);
    for (const r of host.rows) expect(r.email).toMatch(/@example\.com$/);

    // The requests, 3 at a time.
    const requests = await allPages(routes.requests.GET, ev.id, owner.token, "requests", 3);
    expect(requests.rows.map((r) => r.user_id)).toEqual(expected(["pending"]));
    expect(new Set(requests.rows.map((r) => r.status))).toEqual(new Set(["pending"]));

    // A guest who is going: who is coming, without emails, 9 at a time.
    const asGuest = await allPages(routes.attendees.GET, ev.id, guest.token, "attendees", 9);
    expect(asGuest.rows.map((r) => r.user_id)).toEqual(expected(["attending", "maybe"]));
    for (const r of asGuest.rows) expect(r).not.toHaveProperty("email");

    // Without a limit, 100 a page; at most 500.
    const first = await call(routes.attendees.GET, "GET", { id: ev.id }, { token: owner.token });
    const firstBody = await first.json();
    expect(firstBody.attendees).toHaveLength(100);
    expect(firstBody.next_cursor).toEqual(expect.any(String));
    expect((await allPages(routes.attendees.GET, ev.id, owner.token, "attendees")).sizes).toEqual([100, 100, 1]);
    const max = await allPages(routes.attendees.GET, ev.id, owner.token, "attendees", 500);
    expect(max.sizes).toEqual([201]);
    expect(max.rows.map((r) => r.user_id)).toEqual(hostGuests);
  });

  it("keep the old fields and add next_cursor: null on a short list", async () => {
    const owner = await makePerson("page");
    const ev = await newEvent(owner);
    const [member] = await seedMembers(ev._id, ["pending"], () => new Date());
    const res = await call(routes.requests.GET, "GET", { id: ev.id }, { token: owner.token });
    expect(await res.json()).toEqual({
      requests: [{ user_id: member!.user_id.toHexString(), display_name: null, username: null, status: "pending", joined_at: member!.created_at.toISOString(), email: member!.email }],
      next_cursor: null,
    });
    expect(await (await call(routes.attendees.GET, "GET", { id: ev.id }, { token: owner.token })).json()).toEqual({ attendees: [], next_cursor: null });
  });

  it("answer a cursor or limit that is not valid with 400 and the field's message", async () => {
    const owner = await makePerson("page");
    const ev = await newEvent(owner);
    await seedMembers(ev._id, ["attending", "pending"], () => new Date());
    const b64 = (s: string) => Buffer.from(s).toString("base64url");
    const hex = new ObjectId().toHexString();
    const badCursors = ["nope", b64("123.xyz"), b64(`123.${"g".repeat(24)}`), b64(`-5.${hex}`), b64(`1.5.${hex}`), b64(`${hex}`), "a".repeat(201)];
    const badLimits = ["0", "501", "abc", "1.5", "-1", ""];
    for (const handler of [routes.attendees.GET, routes.requests.GET]) {
      for (const cursor of badCursors) {
        const res = await call(handler, "GET", { id: ev.id }, { token: owner.token, query: { cursor } });
        const body = await res.json();
        expect(res.status, cursor).toBe(400);
        expect(body).toMatchObject({ code: "invalid", issues: { cursor: ["That page cursor is not valid."] } });
      }
      for (const limit of badLimits) {
        const res = await call(handler, "GET", { id: ev.id }, { token: owner.token, query: { limit } });
        const body = await res.json();
        expect(res.status, limit).toBe(400);
        expect(body).toMatchObject({ code: "invalid", issues: { limit: ["limit must be a whole number from 1 to 500."] } });
      }
    }
    // A good cursor still works next to them.
    // (Guest-list cursors carry a membership id, "<event>:<user>", since memberships are keyed so.)
    const ok = await call(routes.attendees.GET, "GET", { id: ev.id }, { token: owner.token, query: { cursor: b64(`1.${ev.id}:${hex}`), limit: "500" } });
    expect(ok.status).toBe(200);
  });
});
