import { randomBytes } from "node:crypto";
import ICAL from "ical.js";
import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import type { AttendanceStatus } from "@/lib/db/types";
import type { ReceivedMail } from "../support/smtp-sink";
import { APP_URL, createEvent, db, join, makeUser, routes, rsvp, setUpEventsApi, sink, YEAR, type Created, type User } from "./events-api-support";
import { call, randomIp, type Handler } from "./events-support";

// Calendar updates (issue 14 item 5): a change of time or place reaches the calendars of guests
// going or maybe as an iTIP REQUEST (same UID, next SEQUENCE), a deleted event as a CANCEL, each
// mailed once by a job; and a person's own calendar feed behind a secret link. Mail goes through
// the real SMTP sink and is read back with ical.js.

setUpEventsApi();

const PARIS = { date: undefined, starts_at: `${YEAR}-12-06T19:00`, timezone: "Europe/Paris", location: "Main Hall" };

async function jobs() {
  const [{ queue }, { calendarJobs }] = await Promise.all([import("@/lib/jobs/queue"), import("@/lib/events/calendar-updates")]);
  return { queue, calendarJobs };
}

/** The queued job with the id it was enqueued with (lib/jobs/queue.ts stores ":" as "_"). */
async function jobOf(jobId: string) {
  const { queue } = await jobs();
  return queue().getJob(jobId.replace(/:/g, "_"));
}

/** Runs the queued job with this id the way the worker would (its handler, by name); asserts it was queued. */
async function runJob(jobId: string): Promise<void> {
  const { calendarJobs } = await jobs();
  const job = await jobOf(jobId);
  expect(job, `job ${jobId} queued`).toBeTruthy();
  await calendarJobs[job!.name]!(job!.data as Record<string, unknown>, job!);
}

async function queued(jobId: string): Promise<boolean> {
  return Boolean(await jobOf(jobId));
}

/** A membership written straight into the database (statuses the API reaches only through longer paths). */
async function member(ev: Created, user: User, status: AttendanceStatus, at = new Date()) {
  await (await db.collections.attendances()).insertOne({ _id: `${ev.id}:${user.id}`, event_id: new ObjectId(ev.id), user_id: new ObjectId(user.id), status, created_at: at, updated_at: at });
}

/** An event in Paris with a guest of each kind: going and maybe get calendar mail, the others none. */
async function eventWithGuests(title: string) {
  const owner = await makeUser();
  const ev = await createEvent(owner, { ...PARIS, title });
  const going = await makeUser();
  const maybe = await makeUser();
  const declined = await makeUser();
  expect((await join(going, ev)).body.rsvp_status).toBe("attending");
  await join(maybe, ev);
  expect((await rsvp(maybe, ev.id, "maybe")).body.rsvp_status).toBe("maybe");
  await join(declined, ev);
  await rsvp(declined, ev.id, "not_attending");
  const pending = await makeUser();
  await member(ev, pending, "pending");
  const waiting = await makeUser();
  await member(ev, waiting, "waitlisted");
  return { owner, ev, going, maybe, others: [declined, pending, waiting] };
}

const patch = (owner: User, id: string, body: unknown) => call(routes.event.PATCH, "PATCH", { id }, { token: owner.token, body });

const mailsAbout = (title: string) => sink.messages().filter((m) => m.subject.includes(title));

/** The calendar part nodemailer's icalEvent adds, parsed; its VTIMEZONEs registered so TZID times resolve through them. */
function calendarOf(mail: ReceivedMail) {
  const part = mail.attachments.find((a) => a.contentType.startsWith("text/calendar"));
  expect(part, `calendar part in "${mail.subject}"`).toBeTruthy();
  const calendar = new ICAL.Component(ICAL.parse(part!.content));
  ICAL.TimezoneService.reset();
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(vtimezone);
  const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
  return {
    method: calendar.getFirstPropertyValue("method"),
    uid: event.uid,
    sequence: event.sequence,
    status: event.component.getFirstPropertyValue("status"),
    start: new Date(event.startDate.toUnixTime() * 1000).toISOString(),
    tzid: event.startDate.zone?.tzid,
    location: event.location,
    partstat: event.attendees[0]?.getParameter("partstat"),
    attendee: event.attendees[0]?.getFirstValue(),
    organizer: event.component.getFirstPropertyValue("organizer"),
  };
}

const uidOf = (id: string) => `${id}@${new URL(APP_URL).hostname}`;

describe("calendar updates", () => {
  it("mails a new time, then a new place, to guests going or maybe: same UID, SEQUENCE 1 then 2", async () => {
    const title = `Winter party ${randomBytes(3).toString("hex")}`;
    const { owner, ev, going, maybe } = await eventWithGuests(title);
    expect(await (await db.collections.events()).findOne({ _id: new ObjectId(ev.id) })).not.toHaveProperty("ics_sequence");
    // The guest going reads times in New York as well; the other, whose zone is unknown, in UTC.
    await (await db.collections.users()).updateOne({ _id: new ObjectId(going.id) }, { $set: { time_zone: "America/New_York" } });
    sink.clear();

    // 19:00 → 20:30 in Paris (18:00Z → 19:30Z in December).
    expect((await patch(owner, ev.id, { starts_at: `${YEAR}-12-06T20:30`, timezone: "Europe/Paris" })).status).toBe(200);
    expect((await (await db.collections.events()).findOne({ _id: new ObjectId(ev.id) }))?.ics_sequence).toBe(1);
    await runJob(`calendar-update:${ev.id}:1`);

    const first = mailsAbout(title);
    expect(first.map((m) => m.to[0]).sort()).toEqual([going.email, maybe.email].sort());
    const toGoing = first.find((m) => m.to[0] === going.email)!;
    expect(toGoing.subject).toBe(`${title} changed: new time`);
    expect(toGoing.text).toMatch(/When: .*8:30 PM/);
    expect(toGoing.text).toMatch(/\(was .*7:00 PM/);
    expect(toGoing.text).toMatch(/^ +.*2:30 PM EST$/m);
    expect(first.find((m) => m.to[0] === maybe.email)!.text).toMatch(/^ +.*7:30 PM UTC$/m);
    expect(toGoing.text).toContain(`${APP_URL}/events/${ev.id}`);
    expect(calendarOf(toGoing)).toMatchObject({
      method: "REQUEST",
      uid: uidOf(ev.id),
      sequence: 1,
      status: "CONFIRMED",
      start: `${YEAR}-12-06T19:30:00.000Z`,
      tzid: "Europe/Paris",
      location: "Main Hall",
      partstat: "ACCEPTED",
      attendee: `mailto:${going.email}`,
      organizer: "mailto:no-reply@invyta.local",
    });
    expect(calendarOf(first.find((m) => m.to[0] === maybe.email)!)).toMatchObject({ sequence: 1, partstat: "TENTATIVE", attendee: `mailto:${maybe.email}` });

    // The download says the same.
    const file = await (await call(routes.ics.GET, "GET", { id: ev.id })).text();
    expect(file).toContain(`UID:${uidOf(ev.id)}`);
    expect(file).toContain("SEQUENCE:1");
    expect(file).toContain(`DTSTART;TZID=Europe/Paris:${YEAR}1206T203000`);

    // A new place: SEQUENCE 2.
    sink.clear();
    expect((await patch(owner, ev.id, { location: "Rooftop, 5th floor" })).status).toBe(200);
    await runJob(`calendar-update:${ev.id}:2`);
    const second = mailsAbout(title);
    expect(second.map((m) => m.to[0]).sort()).toEqual([going.email, maybe.email].sort());
    expect(second[0]!.subject).toBe(`${title} changed: new place`);
    expect(second[0]!.text).toContain("Where: Rooftop, 5th floor");
    expect(second[0]!.text).toContain("(was Main Hall)");
    expect(calendarOf(second[0]!)).toMatchObject({ method: "REQUEST", uid: uidOf(ev.id), sequence: 2, location: "Rooftop, 5th floor", start: `${YEAR}-12-06T19:30:00.000Z` });

    // Other edits, and the same time sent again, leave calendars alone.
    expect((await patch(owner, ev.id, { title: `${title}!`, description: "New text", starts_at: `${YEAR}-12-06T20:30`, timezone: "Europe/Paris" })).status).toBe(200);
    expect((await (await db.collections.events()).findOne({ _id: new ObjectId(ev.id) }))?.ics_sequence).toBe(2);
    expect(await queued(`calendar-update:${ev.id}:3`)).toBe(false);
  });

  it("mails each guest once however often the job runs, and a superseded job sends nothing", async () => {
    const title = `Retried ${randomBytes(3).toString("hex")}`;
    const { owner, ev, going, maybe } = await eventWithGuests(title);
    const { sendCalendarUpdate } = await import("@/lib/events/calendar-updates");
    sink.clear();
    expect((await patch(owner, ev.id, { starts_at: `${YEAR}-12-07T19:00`, timezone: "Europe/Paris" })).status).toBe(200);
    await runJob(`calendar-update:${ev.id}:1`);
    await runJob(`calendar-update:${ev.id}:1`);
    const data = (await jobOf(`calendar-update:${ev.id}:1`))!.data as Record<string, unknown>;
    expect(await sendCalendarUpdate(data)).toBe(0);
    expect(mailsAbout(title)).toHaveLength(2);

    // Two changes before the worker gets to them: the first job is stale, the second mails the newest details.
    sink.clear();
    expect((await patch(owner, ev.id, { starts_at: `${YEAR}-12-08T19:00`, timezone: "Europe/Paris" })).status).toBe(200);
    expect((await patch(owner, ev.id, { starts_at: `${YEAR}-12-09T19:00`, timezone: "Europe/Paris" })).status).toBe(200);
    await runJob(`calendar-update:${ev.id}:2`);
    expect(mailsAbout(title)).toHaveLength(0);
    await runJob(`calendar-update:${ev.id}:3`);
    const mails = mailsAbout(title);
    expect(mails.map((m) => m.to[0]).sort()).toEqual([going.email, maybe.email].sort());
    expect(calendarOf(mails[0]!)).toMatchObject({ sequence: 3, start: `${YEAR}-12-09T18:00:00.000Z` });
    // "Was" is the time before that change.
    expect(mails[0]!.text).toMatch(/\(was .*Dec 8/);
  });

  it("pages through many guests (ties on the join time broken by _id), and keeps a deleted event's in pages", async () => {
    const { membershipPages, CALENDAR_PAGE } = await import("@/lib/events/calendar-changes");
    const owner = await makeUser();
    const ev = await createEvent(owner, { ...PARIS, title: "Crowd" });
    // 205 guests going or maybe who joined in the same millisecond, and some who are not.
    const at = new Date();
    const ids = Array.from({ length: 215 }, () => new ObjectId());
    const statusOf = (i: number): AttendanceStatus => (i >= 205 ? "not_attending" : i % 2 ? "maybe" : "attending");
    await (await db.collections.attendances()).insertMany(
      ids.map((u, i) => ({ _id: `${ev.id}:${u.toHexString()}`, event_id: new ObjectId(ev.id), user_id: u, status: statusOf(i), created_at: at, updated_at: at })),
    );
    const pages: string[][] = [];
    for await (const page of membershipPages(new ObjectId(ev.id), ["attending", "maybe"])) pages.push(page.map((m) => m.user_id.toHexString()));
    expect(pages.map((p) => p.length)).toEqual([CALENDAR_PAGE, 205 - CALENDAR_PAGE]);
    expect(new Set(pages.flat())).toEqual(new Set(ids.slice(0, 205).map((id) => id.toHexString())));

    expect((await call(routes.event.DELETE, "DELETE", { id: ev.id }, { token: owner.token })).status).toBe(200);
    expect(await (await db.collections.calendarCancellations()).findOne({ _id: ev.id })).toMatchObject({ pages: 2 });
    const kept = await (await db.collections.calendarCancellationPages()).find({ _id: { $in: [`${ev.id}:1`, `${ev.id}:2`] } }).toArray();
    expect(kept.flatMap((p) => p.user_ids.map((id) => id.toHexString())).sort()).toEqual(ids.slice(0, 205).map((id) => id.toHexString()).sort());
    expect(kept.flatMap((p) => p.statuses).filter((s) => s === "maybe")).toHaveLength(102);
  });

  it("mails guests going or maybe a CANCEL (same UID, SEQUENCE + 1) when the event is deleted, from what was kept before the memberships went", async () => {
    const title = `Called off ${randomBytes(3).toString("hex")}`;
    const { owner, ev, going, maybe } = await eventWithGuests(title);
    expect((await patch(owner, ev.id, { location: "Elsewhere" })).status).toBe(200);
    sink.clear();

    expect((await call(routes.event.DELETE, "DELETE", { id: ev.id }, { token: owner.token })).status).toBe(200);
    expect(await (await db.collections.attendances()).countDocuments({ event_id: new ObjectId(ev.id) })).toBe(0);
    const kept = await (await db.collections.calendarCancellations()).findOne({ _id: ev.id });
    expect(kept).toMatchObject({ pages: 1, event: { title, sequence: 2, timezone: "Europe/Paris", location: "Elsewhere" } });
    // A stale update job for the deleted event sends nothing.
    await runJob(`calendar-update:${ev.id}:1`);
    expect(mailsAbout(title)).toHaveLength(0);

    await runJob(`calendar-cancel:${ev.id}`);
    const mails = mailsAbout(title);
    expect(mails.map((m) => m.to[0]).sort()).toEqual([going.email, maybe.email].sort());
    expect(mails[0]!.subject).toBe(`Cancelled: ${title}`);
    expect(calendarOf(mails[0]!)).toMatchObject({ method: "CANCEL", status: "CANCELLED", uid: uidOf(ev.id), sequence: 2, start: `${YEAR}-12-06T18:00:00.000Z`, tzid: "Europe/Paris" });

    // Done: nothing kept, and running it again sends nothing.
    expect(await (await db.collections.calendarCancellations()).findOne({ _id: ev.id })).toBeNull();
    expect(await (await db.collections.calendarCancellationPages()).countDocuments({ _id: `${ev.id}:1` })).toBe(0);
    await runJob(`calendar-cancel:${ev.id}`);
    expect(mailsAbout(title)).toHaveLength(2);
  });

  it("keeps nothing and queues nothing when nobody was going", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { ...PARIS, title: "Empty room" });
    await member(ev, await makeUser(), "pending");
    expect((await call(routes.event.DELETE, "DELETE", { id: ev.id }, { token: owner.token })).status).toBe(200);
    expect(await (await db.collections.calendarCancellations()).findOne({ _id: ev.id })).toBeNull();
    expect(await queued(`calendar-cancel:${ev.id}`)).toBe(false);
  });
});

describe("calendar feed", () => {
  let feedRoute: Handler;
  let feedApi: { POST: Handler; DELETE: Handler };

  async function load() {
    feedRoute ??= (await import("@/app/calendar/[token]/route")).GET as unknown as Handler;
    feedApi ??= (await import("@/app/api/v1/profile/calendar-feed/route")) as unknown as typeof feedApi;
  }

  /** A user as sign-up makes them: with the (empty) list of attended events the events service keeps. */
  async function person(): Promise<User> {
    const user = await makeUser();
    await (await db.collections.users()).updateOne({ _id: new ObjectId(user.id) }, { $set: { attended_events: [] } });
    return user;
  }

  const fetchFeed = (token: string, ip = randomIp()) => call(feedRoute, "GET", { token: `${token}.ics` }, { ip });
  const tokenOf = (url: string) => /\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(url)![1]!;

  async function uidsIn(res: Response): Promise<string[]> {
    expect(res.status).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    return calendar
      .getAllSubcomponents("vevent")
      .map((c) => String(c.getFirstPropertyValue("uid")))
      .sort();
  }

  it("lists the events a person hosts and is going or maybe to; a reset link replaces the old, a revoked one is gone", async () => {
    await load();
    const alice = await person();
    const bob = await person();
    const hosted = await createEvent(alice, { ...PARIS, title: "Alice's dinner", is_private: true });
    const going = await createEvent(bob, { title: "Bob's talk" });
    const maybe = await createEvent(bob, { ...PARIS, title: "Bob's picnic" });
    const declined = await createEvent(bob, { title: "Bob's run" });
    const leftMaybe = await createEvent(bob, { title: "Bob's quiz" });
    const stranger = await createEvent(bob, { title: "Bob's own" });
    await join(alice, going);
    await join(alice, maybe);
    await rsvp(alice, maybe.id, "maybe");
    await join(alice, declined);
    await rsvp(alice, declined.id, "not_attending");
    await join(alice, leftMaybe);
    await rsvp(alice, leftMaybe.id, "maybe");
    await rsvp(alice, leftMaybe.id, "not_attending");

    const created = await call(feedApi.POST, "POST", {}, { token: alice.token });
    expect(created.status).toBe(201);
    const link = await created.json();
    expect(link.url).toMatch(new RegExp(`^${APP_URL}/calendar/[A-Za-z0-9_-]{32}\\.ics$`));
    expect(link.webcal_url).toBe(link.url.replace(/^https?:/, "webcal:"));
    const token = tokenOf(link.url);
    // Only a hash is kept.
    const stored = await (await db.collections.users()).findOne({ _id: new ObjectId(alice.id) });
    expect(stored?.calendar_feed_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token);

    const res = await fetchFeed(token);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(await uidsIn(res)).toEqual([hosted.id, going.id, maybe.id].map(uidOf).sort());
    expect(await uidsIn(await fetchFeed(token))).not.toContain(uidOf(stranger.id));

    // Bob's own feed: his events, none of Alice's.
    const bobs = tokenOf((await (await call(feedApi.POST, "POST", {}, { token: bob.token })).json()).url);
    expect(await uidsIn(await fetchFeed(bobs))).toEqual([going, maybe, declined, leftMaybe, stranger].map((e) => uidOf(e.id)).sort());

    // Reset: the old link is a 404 at once, the new one works.
    const reset = tokenOf((await (await call(feedApi.POST, "POST", {}, { token: alice.token })).json()).url);
    expect(reset).not.toBe(token);
    expect((await fetchFeed(token)).status).toBe(404);
    expect(await uidsIn(await fetchFeed(reset))).toHaveLength(3);

    // Revoke.
    const revoked = await call(feedApi.DELETE, "DELETE", {}, { token: alice.token });
    expect(revoked.status).toBe(200);
    expect((await fetchFeed(reset)).status).toBe(404);
    expect(await (await db.collections.calendarFeeds()).countDocuments({ user_id: new ObjectId(alice.id) })).toBe(0);
    expect((await call(feedApi.POST, "POST", {}, {})).status).toBe(401);
  });

  it("answers 404 to a stranger's random token and to a malformed one, and limits guesses per IP", async () => {
    await load();
    expect((await fetchFeed(randomBytes(24).toString("base64url"))).status).toBe(404);
    expect((await fetchFeed("not-a-token")).status).toBe(404);
    const ip = randomIp();
    for (let i = 0; i < 60; i++) expect((await fetchFeed(randomBytes(24).toString("base64url"), ip)).status).toBe(404);
    const limited = await fetchFeed(randomBytes(24).toString("base64url"), ip);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeTruthy();
  });
});
