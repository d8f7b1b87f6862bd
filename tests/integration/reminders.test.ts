import { ObjectId } from "mongodb";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttendanceStatus } from "@/lib/db/types";
import type { SmtpSink } from "../support/smtp-sink";
import { eventInput } from "../support/event-input";
import { call, makePerson, startMailAndRedis, stopMailAndRedis, type Handler, type Person } from "./events-support";

// Reminders (issue 14 item 2): scheduled in MongoDB by minute slots, moved to the job queue by the
// tick, mailed once per guest — with an injected clock, through BullMQ workers on the local Redis
// and a real SMTP sink.

let sink: SmtpSink;
let remindersRoute: { GET: Handler; PUT: Handler };
let oneClick: { POST: Handler };

beforeAll(async () => {
  sink = await startMailAndRedis();
  remindersRoute = (await import("@/app/api/v1/events/[id]/reminders/route")) as unknown as typeof remindersRoute;
  oneClick = (await import("@/app/api/reminders/unsubscribe/route")) as unknown as typeof oneClick;
});
afterAll(() => stopMailAndRedis(sink));

const HOUR = 3600_000;
const DAY = 24 * HOUR;

async function lib() {
  return {
    ...(await import("@/lib/events/reminders")),
    ...(await import("@/lib/events/details")),
    ...(await import("@/lib/jobs/queue")),
    HANDLERS: (await import("@/lib/jobs/handlers")).HANDLERS,
    db: (await import("@/lib/db")).collections,
  };
}

async function eventStarting(host: Person, startsAt: Date) {
  const { createEvent } = await lib();
  return createEvent(host.user, eventInput({ title: `Reminded ${startsAt.getTime()}`, starts_at: startsAt, timezone: "America/New_York", location: "Pier 17" }));
}

async function guest(eventId: ObjectId, status: AttendanceStatus, extra: Record<string, unknown> = {}): Promise<Person> {
  const { db } = await lib();
  const person = await makePerson(`guest-${status}`);
  const now = new Date();
  await (await db.attendances()).insertOne({ _id: `${eventId.toHexString()}:${person.user.id}`, event_id: eventId, user_id: new ObjectId(person.user.id), status, created_at: now, updated_at: now, ...extra });
  return person;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("reminders", () => {
  it("are lined up a day and two hours before the start, and move with it", async () => {
    const { db, updateEvent, slotKey } = await lib();
    const host = await makePerson("host");
    const start = new Date(Math.ceil((Date.now() + 3 * DAY) / 60_000) * 60_000);
    const event = await eventStarting(host, start);
    const id = event._id.toHexString();
    const rows = await (await db.reminders()).find({ event_id: event._id }).sort({ offset_minutes: 1 }).toArray();
    expect(rows.map((r) => [r._id, r.due_at.toISOString(), r.state])).toEqual([
      [`${id}:120`, new Date(start.getTime() - 2 * HOUR).toISOString(), "scheduled"],
      [`${id}:1440`, new Date(start.getTime() - DAY).toISOString(), "scheduled"],
    ]);
    expect((await (await db.reminderSlots()).findOne({ _id: slotKey(rows[0]!.due_at) }))?.reminders).toContain(`${id}:120`);

    const later = new Date(start.getTime() + DAY);
    await updateEvent(host.user, id, { starts_at: later });
    const moved = await (await db.reminders()).findOne({ _id: `${id}:120` });
    expect(moved?.due_at.toISOString()).toBe(new Date(later.getTime() - 2 * HOUR).toISOString());
    expect((await (await db.reminderSlots()).findOne({ _id: slotKey(rows[0]!.due_at) }))?.reminders ?? []).not.toContain(`${id}:120`);
    expect((await (await db.reminderSlots()).findOne({ _id: slotKey(moved!.due_at) }))?.reminders).toContain(`${id}:120`);
  });

  it("are the host's to change or turn off, through the API, with clear errors", async () => {
    const { db } = await lib();
    const host = await makePerson("host");
    const other = await makePerson("other");
    const event = await eventStarting(host, new Date(Date.now() + 10 * DAY));
    const id = event._id.toHexString();
    const put = (person: Person, body: unknown) => call(remindersRoute.PUT, "PUT", { id }, { token: person.token, body });
    expect(await (await call(remindersRoute.GET, "GET", { id }, { token: host.token })).json()).toEqual({ offsets_minutes: [1440, 120] });
    const changed = await put(host, { offsets_minutes: [60, 10080, 60] });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ offsets_minutes: [10080, 60] });
    expect((await (await db.reminders()).find({ event_id: event._id }).toArray()).map((r) => r.offset_minutes).sort((a, b) => a - b)).toEqual([60, 10080]);
    for (const bad of [{ offsets_minutes: [1] }, { offsets_minutes: [60 * 24 * 60] }, { offsets_minutes: [1.5] }, { offsets_minutes: ["60"] }, { offsets_minutes: [5, 10, 15, 20, 25, 30] }, { offsets_minutes: { $gt: 1 } }, {}]) {
      expect((await put(host, bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await put(other, { offsets_minutes: [60] })).status).toBe(403);
    expect((await put(host, { offsets_minutes: [] })).status).toBe(200);
    expect(await (await db.reminders()).countDocuments({ event_id: event._id })).toBe(0);
  });

  it("go once to each guest going or maybe, even with two workers and two ticks; never to others, nor after unsubscribing", async () => {
    const { db, runDueReminders, startWorker, HANDLERS } = await lib();
    const host = await makePerson("host");
    const start = new Date(Math.ceil((Date.now() + 5 * DAY) / 60_000) * 60_000);
    const event = await eventStarting(host, start);
    const going = await guest(event._id, "attending");
    const maybe = await guest(event._id, "maybe");
    const muted = await guest(event._id, "attending", { reminders_off: true });
    const pending = await guest(event._id, "pending");
    const notGoing = await guest(event._id, "not_attending");

    // Nothing is due yet.
    expect(await runDueReminders(new Date(start.getTime() - 3 * DAY))).toBe(0);
    // The clock moves to one minute after the day-before reminder: two ticks at once, two workers.
    const workers = [startWorker(HANDLERS), startWorker(HANDLERS)];
    try {
      const at = new Date(start.getTime() - DAY + 61_000);
      const queued = await Promise.all([runDueReminders(at), runDueReminders(at)]);
      expect(queued.sort()).toEqual([0, 1]);
      await waitUntil(async () => (await (await db.reminders()).findOne({ _id: `${event._id.toHexString()}:1440` }))?.state === "sent");
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    const mails = sink.messages().filter((m) => m.subject === `Reminder: ${event.title} is tomorrow`);
    expect(mails.map((m) => m.to[0]).sort()).toEqual([going.user.email, maybe.user.email].sort());
    for (const nobody of [muted, pending, notGoing]) expect(mails.some((m) => m.to.includes(nobody.user.email))).toBe(false);

    // Each has both zones, the link, the .ics and a one-click unsubscribe.
    const mail = mails.find((m) => m.to.includes(going.user.email))!;
    expect(mail.text).toMatch(/When: .* (EST|EDT)/);
    expect(mail.text).toMatch(/UTC/);
    expect(mail.text).toContain(`/events/${event._id.toHexString()}`);
    expect(mail.attachments.find((a) => a.filename === "event.ics")?.content).toContain("BEGIN:VEVENT");
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const unsubscribe = new URL(mail.headers["list-unsubscribe"]!.replace(/^<|>$/g, ""));
    const res = await oneClick.POST(new NextRequest(unsubscribe, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } }), { params: Promise.resolve({}) as Promise<never> });
    expect(res.status).toBe(200);
    // A forged link changes nothing.
    const forged = new URL(unsubscribe);
    forged.searchParams.set("u", maybe.user.id);
    expect((await oneClick.POST(new NextRequest(forged, { method: "POST" }), { params: Promise.resolve({}) as Promise<never> })).status).toBe(404);

    // The two-hour reminder, processed by hand this time: only the guest who is still subscribed.
    sink.clear();
    const { sendReminder } = await lib();
    const data = { reminder_id: `${event._id.toHexString()}:120`, starts_at: start.toISOString() };
    expect(await sendReminder(data)).toBe(1);
    expect(await sendReminder(data)).toBe(0); // a retried job sends nothing twice
    expect(sink.messages().map((m) => m.to[0])).toEqual([maybe.user.email]);
  });

  it("of a deleted event, or one that moved, send nothing; a reminder whose time has passed is not sent late", async () => {
    const { db, deleteEvent, updateEvent, sendReminder, runDueReminders } = await lib();
    const host = await makePerson("host");
    const start = new Date(Math.ceil((Date.now() + 4 * DAY) / 60_000) * 60_000);
    const event = await eventStarting(host, start);
    const id = event._id.toHexString();
    await guest(event._id, "attending");
    sink.clear();
    // A send queued for the old start, run after the start moved: stale.
    await updateEvent(host.user, id, { starts_at: new Date(start.getTime() + HOUR) });
    expect(await sendReminder({ reminder_id: `${id}:1440`, starts_at: start.toISOString() })).toBe(0);
    await deleteEvent(host.user, id);
    expect(await (await db.reminders()).countDocuments({ event_id: event._id })).toBe(0);
    expect(await sendReminder({ reminder_id: `${id}:120`, starts_at: start.toISOString() })).toBe(0);
    expect(await runDueReminders(new Date(start.getTime() + DAY))).toBe(0);
    expect(sink.messages()).toEqual([]);

    // An event two hours away: no day-before reminder is lined up at all.
    const soon = await eventStarting(host, new Date(Date.now() + 2 * HOUR + 30 * 60_000));
    expect((await (await db.reminders()).find({ event_id: soon._id }).toArray()).map((r) => r.offset_minutes)).toEqual([120]);
  });
});
