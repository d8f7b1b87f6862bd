import { ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SmtpSink } from "../support/smtp-sink";
import { eventInput } from "../support/event-input";
import { call, eventServices, loadEventRoutes, makePerson, startMailAndRedis, stopMailAndRedis, type EventRoutes, type EventServices, type Person } from "./events-support";

// Co-hosts (issue 15 item 1): the owner names them by email or username; they run the guests, the
// media, announcements and check-ins; only the owner edits, deletes or changes co-hosts. The
// permission table (events-permissions.test.ts) has a co-host column for every endpoint; this file
// covers adding and removing them and what follows from it.

let sink: SmtpSink;
let R: EventRoutes;
let service: EventServices;
let db: typeof import("@/lib/db");

beforeAll(async () => {
  sink = await startMailAndRedis();
  R = await loadEventRoutes();
  service = await eventServices();
  db = await import("@/lib/db");
});

afterAll(() => stopMailAndRedis(sink));

async function hostedEvent(opts: { is_private?: boolean } = {}) {
  const owner = await makePerson("co-owner");
  const event = await service.createEvent(owner.user, eventInput({ title: "Co-hosted dinner", is_private: opts.is_private ?? true, max_people: 20 }));
  return { owner, id: event._id.toHexString(), token: event.invite_token };
}

const add = (id: string, who: Person, body: unknown) => call(R.cohosts.POST, "POST", { id }, { token: who.token, body });
const hostedList = async (p: Person) => ((await (await db.collections.users()).findOne({ _id: new ObjectId(p.user.id) }))?.hosted_events ?? []).map((e) => e.toHexString());

describe("adding co-hosts", () => {
  it("adds by email, emails them, and lists them for the hosts", async () => {
    const { owner, id } = await hostedEvent();
    const co = await makePerson("co");
    const res = await add(id, owner, { email: co.user.email.toUpperCase() });
    expect(res.status).toBe(201);
    expect((await res.json()).cohost).toMatchObject({ user_id: co.user.id, email: co.user.email });
    const mail = await sink.waitFor((m) => m.to.includes(co.user.email));
    expect(mail.subject).toBe("You're co-hosting Co-hosted dinner");
    expect(mail.text).toContain(`/events/${id}/manage`);
    expect(await hostedList(co)).toContain(id);

    const list = await call(R.cohosts.GET, "GET", { id }, { token: co.token });
    expect(list.status).toBe(200);
    expect((await list.json()).cohosts.map((c: { user_id: string }) => c.user_id)).toEqual([co.user.id]);
  });

  it("adds by username, in any case", async () => {
    const { owner, id } = await hostedEvent();
    const co = await makePerson("co");
    await (await db.collections.users()).updateOne({ _id: new ObjectId(co.user.id) }, { $set: { username: "DoorKeeper" + co.user.id.slice(-6), username_lower: ("doorkeeper" + co.user.id.slice(-6)).toLowerCase() } });
    const res = await add(id, owner, { username: ("DOORKEEPER" + co.user.id.slice(-6)).toUpperCase() });
    expect(res.status).toBe(201);
    expect((await res.json()).cohost.user_id).toBe(co.user.id);
  });

  it("refuses bad input, unknown people, the owner, a second time, and an eleventh co-host — each with a clear message", async () => {
    const { owner, id } = await hostedEvent();
    const cases: Array<[unknown, number, RegExp]> = [
      [{}, 400, /either an email or a username/],
      [{ email: "a@example.com", username: "both" }, 400, /either an email or a username/],
      [{ email: "not an email" }, 400, /.+/],
      [{ email: { $ne: null } }, 400, /.+/],
      [{ username: { $gt: "" } }, 400, /.+/],
      [{ email: "nobody-here@example.com" }, 404, /Nobody has an Invyta account with that email/],
      [{ username: "no-such-person-xyz" }, 404, /Nobody has that username/],
      [{ email: owner.user.email }, 409, /You own this event/],
    ];
    for (const [body, status, message] of cases) {
      const res = await add(id, owner, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      // The message, or for a 400 the field's message in `issues`.
      expect(JSON.stringify(await res.json()), JSON.stringify(body)).toMatch(message);
    }
    const first = await makePerson("co");
    expect((await add(id, owner, { email: first.user.email })).status).toBe(201);
    const again = await add(id, owner, { email: first.user.email });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatch(/co-host already/);
    for (let i = 1; i < 10; i++) expect((await add(id, owner, { email: (await makePerson("co")).user.email })).status).toBe(201);
    const eleventh = await add(id, owner, { email: (await makePerson("co")).user.email });
    expect(eleventh.status).toBe(409);
    expect((await eleventh.json()).error).toMatch(/at most 10 co-hosts/);
    expect((await (await db.collections.events()).findOne({ _id: new ObjectId(id) }))?.cohost_ids).toHaveLength(10);
  });

  it("never stores more than 10 when many are added at once, and never the same person twice", async () => {
    const { owner, id } = await hostedEvent();
    const people = await Promise.all(Array.from({ length: 14 }, () => makePerson("co")));
    const statuses = await Promise.all([...people, people[0]!, people[1]!].map((p) => add(id, owner, { email: p.user.email }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(6);
    const ids = ((await (await db.collections.events()).findOne({ _id: new ObjectId(id) }))?.cohost_ids ?? []).map((c) => c.toHexString());
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });
});

describe("what a co-host may do", () => {
  it("manages guests and posts announcements, but does not edit, delete or change co-hosts", async () => {
    const { owner, id, token } = await hostedEvent();
    const co = await makePerson("co");
    await service.addCohost(owner.user, id, { email: co.user.email });
    const guest = await makePerson("guest");
    await service.joinEvent(guest.user, id, token);

    // The private event is theirs to see, with the hosts' view.
    const read = await call(R.event.GET, "GET", { id }, { token: co.token });
    expect(await read.json()).toMatchObject({ viewer_role: "cohost", invite_link: expect.stringContaining(token), cohost_ids: [co.user.id] });

    const approve = await call(R.request.POST, "POST", { id, user_id: guest.user.id }, { token: co.token, body: { action: "approve" } });
    expect(approve.status).toBe(200);
    expect((await approve.json()).rsvp_status).toBe("attending");

    const other = await makePerson("co");
    for (const [res, status] of [
      [await call(R.event.PATCH, "PATCH", { id }, { token: co.token, body: { title: "Mine now" } }), 403],
      [await call(R.event.DELETE, "DELETE", { id }, { token: co.token }), 403],
      [await add(id, co, { email: other.user.email }), 403],
      [await call(R.cohost.DELETE, "DELETE", { id, user_id: other.user.id }, { token: co.token }), 403],
      [await call(R.reminders.PUT, "PUT", { id }, { token: co.token, body: { offsets_minutes: [30] } }), 403],
    ] as const) {
      expect(res.status).toBe(status);
      expect((await res.json()).code).toBe("forbidden");
    }
    expect((await (await db.collections.events()).findOne({ _id: new ObjectId(id) }))?.title).toBe("Co-hosted dinner");

    // Hosts do not RSVP; the invite link tells them they co-host.
    expect((await call(R.rsvp.POST, "POST", { id }, { token: co.token, body: { rsvp_status: "attending" } })).status).toBe(409);
    const join = await call(R.join.POST, "POST", {}, { token: co.token, body: { event_id: id, token } });
    expect(await join.json()).toMatchObject({ message: "You co-host this event" });
    expect(await (await db.collections.attendances()).findOne({ _id: `${id}:${co.user.id}` })).toBeNull();
  });

  it("sees the event's requests in their inbox", async () => {
    const { owner, id, token } = await hostedEvent();
    const co = await makePerson("co");
    await service.addCohost(owner.user, id, { email: co.user.email });
    const guest = await makePerson("guest");
    await service.joinEvent(guest.user, id, token);
    const { getInbox } = await import("@/lib/inbox/service");
    const inbox = await getInbox(co.user);
    expect(inbox.requests.map((r) => [r.event_id, r.user_id])).toEqual([[id, guest.user.id]]);
    const { listCohostedEvents } = await import("@/lib/events/lists");
    expect((await listCohostedEvents(co.user)).map((e) => e._id.toHexString())).toEqual([id]);
  });
});

describe("removing co-hosts", () => {
  it("the owner removes one; a co-host steps down; either way their access ends", async () => {
    const { owner, id } = await hostedEvent();
    const [a, b] = [await makePerson("co"), await makePerson("co")];
    await service.addCohost(owner.user, id, { email: a.user.email });
    await service.addCohost(owner.user, id, { email: b.user.email });

    expect((await call(R.cohost.DELETE, "DELETE", { id, user_id: a.user.id }, { token: owner.token })).status).toBe(200);
    expect((await call(R.cohost.DELETE, "DELETE", { id, user_id: b.user.id }, { token: b.token })).status).toBe(200);
    for (const p of [a, b]) {
      expect(await hostedList(p)).not.toContain(id);
      // A private event they no longer host is a 404, like any stranger's.
      expect((await call(R.requests.GET, "GET", { id }, { token: p.token })).status).toBe(404);
    }
    const gone = await call(R.cohost.DELETE, "DELETE", { id, user_id: a.user.id }, { token: owner.token });
    expect(gone.status).toBe(404);
    expect((await gone.json()).error).toMatch(/not a co-host/);
  });

  it("deleting the event takes it off the co-hosts' lists; duplicating it keeps the team", async () => {
    const { owner, id } = await hostedEvent();
    const co = await makePerson("co");
    await service.addCohost(owner.user, id, { email: co.user.email });
    const copy = await service.duplicateEvent(owner.user, id, { starts_at: "2031-01-10T19:00" });
    expect(copy.cohost_ids?.map((c) => c.toHexString())).toEqual([co.user.id]);
    expect(await hostedList(co)).toEqual(expect.arrayContaining([id, copy._id.toHexString()]));
    await service.deleteEvent(owner.user, id);
    expect(await hostedList(co)).toEqual([copy._id.toHexString()]);
  });
});
