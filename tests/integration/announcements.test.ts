import { ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttendanceStatus } from "@/lib/db/types";
import type { SmtpSink } from "../support/smtp-sink";
import { eventInput } from "../support/event-input";
import { call, makePerson, randomIp, startMailAndRedis, stopMailAndRedis, type Handler, type Person } from "./events-support";

// Announcements (issue 14 item 3): the host posts to a group; the group (only) reads it on the
// event page and gets it by email, once, from the job queue.

let sink: SmtpSink;
let routes: { GET: Handler; POST: Handler };

beforeAll(async () => {
  sink = await startMailAndRedis();
  routes = (await import("@/app/api/v1/events/[id]/announcements/route")) as unknown as typeof routes;
});
afterAll(() => stopMailAndRedis(sink));

async function lib() {
  return { ...(await import("@/lib/events/announcements")), ...(await import("@/lib/events/details")), db: (await import("@/lib/db")).collections };
}

async function guest(eventId: ObjectId, status: AttendanceStatus): Promise<Person> {
  const { db } = await lib();
  const person = await makePerson(`guest-${status}`);
  const now = new Date();
  await (await db.attendances()).insertOne({ _id: `${eventId.toHexString()}:${person.user.id}`, event_id: eventId, user_id: new ObjectId(person.user.id), status, created_at: now, updated_at: now });
  return person;
}

async function setUp(isPrivate = true) {
  const { createEvent } = await lib();
  const host = await makePerson("host");
  const event = await createEvent(host.user, eventInput({ title: `Announced ${Date.now()}`, is_private: isPrivate }));
  const people = {
    going: await guest(event._id, "attending"),
    maybe: await guest(event._id, "maybe"),
    waiting: await guest(event._id, "waitlisted"),
    asking: await guest(event._id, "pending"),
    declined: await guest(event._id, "not_attending"),
  };
  return { host, event, id: event._id.toHexString(), people };
}

const post = (person: Person | null, id: string, body: unknown) => call(routes.POST, "POST", { id }, { token: person?.token, body, ip: randomIp() });
const list = async (person: Person | null, id: string) => call(routes.GET, "GET", { id }, { token: person?.token });

describe("announcements", () => {
  it("reach their audience on the event page and by email, once each", async () => {
    const { sendAnnouncement } = await lib();
    const { host, id, people } = await setUp();
    sink.clear();
    const res = await post(host, id, { body: "We moved to the rooftop.\nSame time!", audience: "going" });
    expect(res.status).toBe(201);
    const { announcement } = await res.json();
    expect(announcement).toMatchObject({ audience: "going", body: "We moved to the rooftop.\nSame time!", event_id: id });

    // The job, run here (and again, as a retry would): one mail, to the guest going.
    expect(await sendAnnouncement({ announcement_id: announcement.announcement_id })).toBe(1);
    expect(await sendAnnouncement({ announcement_id: announcement.announcement_id })).toBe(0);
    const mails = sink.messages();
    expect(mails.map((m) => m.to[0])).toEqual([people.going.user.email]);
    expect(mails[0]!.text).toContain("We moved to the rooftop.\nSame time!");
    expect(mails[0]!.text).toContain(`/events/${id}`);

    await post(host, id, { body: "Bring a jacket." }); // everyone: going, maybe, waitlist, pending
    const seen = async (p: Person) => (await (await list(p, id)).json()).announcements.map((a: { body: string }) => a.body);
    expect(await seen(host)).toEqual(["Bring a jacket.", "We moved to the rooftop.\nSame time!"]);
    expect(await seen(people.going)).toEqual(["Bring a jacket.", "We moved to the rooftop.\nSame time!"]);
    expect(await seen(people.maybe)).toEqual(["Bring a jacket."]);
    expect(await seen(people.asking)).toEqual(["Bring a jacket."]);
    expect(await seen(people.declined)).toEqual([]);
    // A private event's announcements are a 404 for a stranger, like the event.
    expect((await list(await makePerson("stranger"), id)).status).toBe(404);
    expect((await list(null, id)).status).toBe(404);
  });

  it("are the host's to post, with clear errors for bad input, and rate limited", async () => {
    const { host, id, people } = await setUp(false);
    expect((await post(people.going, id, { body: "Hi all" })).status).toBe(403);
    expect((await post(null, id, { body: "Hi all" })).status).toBe(401);
    for (const bad of [{ body: "" }, { body: "   " }, { body: "x".repeat(2001) }, { body: "a\u0000b" }, { body: { $gt: "" } }, { body: "ok", audience: "vips" }]) {
      const res = await post(host, id, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await res.json()).error).toEqual(expect.any(String));
    }
    // Every call counts, refused ones too: a fresh host has 10 an hour.
    const fresh = await setUp(false);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await post(fresh.host, fresh.id, { body: `Update ${i}` })).status);
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("go with a deleted event; a queued send for it mails nothing", async () => {
    const { deleteEvent, postAnnouncement, sendAnnouncement, db } = await lib();
    const { host, id } = await setUp();
    const posted = await postAnnouncement(host.user, id, { body: "Soon!", audience: "everyone" });
    await deleteEvent(host.user, id);
    expect(await (await db.announcements()).countDocuments({ event_id: new ObjectId(id) })).toBe(0);
    sink.clear();
    expect(await sendAnnouncement({ announcement_id: posted.announcement_id })).toBe(0);
    expect(sink.messages()).toEqual([]);
  });
});
