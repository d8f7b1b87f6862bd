import { ObjectId } from "mongodb";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { addGuest, jpeg, loadRoutes, makeEvent, makePerson, uploadOk, type Handler, type MediaRoutes, type Person } from "./media-support";

// The host's inbox (issue 16): join requests and media awaiting review across every event they
// host — GET /api/v1/inbox, the header's count (inboxCounts), and decisions (decideInbox), which are
// the per-event queues' own service calls.

let routes: MediaRoutes;
let inboxRoute: { GET: Handler };

beforeAll(async () => {
  routes = await loadRoutes();
  inboxRoute = (await import("@/app/api/v1/inbox/route")) as unknown as { GET: Handler };
});

async function services() {
  return {
    ...(await import("@/lib/inbox/service")),
    ...(await import("@/lib/events/membership")),
    db: (await import("@/lib/db")).collections,
  };
}

async function tokenOf(eventId: string): Promise<string> {
  const { db } = await services();
  return (await (await db.events()).findOne({ _id: new ObjectId(eventId) }))!.invite_token;
}

/** `n` people ask to join the private event. */
async function requests(eventId: string, n: number): Promise<Person[]> {
  const { joinEvent } = await services();
  const token = await tokenOf(eventId);
  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    const person = await makePerson("asker");
    expect((await joinEvent(person.user, eventId, token)).status).toBe("pending");
    people.push(person);
  }
  return people;
}

/** A guest who is going adds `n` photos, which wait for the host. */
async function pendingPhotos(eventId: string, n: number): Promise<string[]> {
  const guest = await makePerson("uploader");
  await addGuest(eventId, guest, "attending");
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await uploadOk(routes, eventId, guest, await jpeg(40 + i, 30), `photo-${i}.jpg`));
  return ids;
}

function getInboxApi(person: Person | null, query: Record<string, string> = {}) {
  const url = new URL("http://localhost/api/v1/inbox");
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const headers: Record<string, string> = person ? { authorization: `Bearer ${person.token}` } : {};
  return inboxRoute.GET(new NextRequest(url, { headers }), { params: Promise.resolve({}) as Promise<never> });
}

describe("the inbox", () => {
  it("shows each host only what waits on their own events, newest first, with the counts the header shows", async () => {
    const { inboxCounts, getInbox } = await services();
    const host = await makePerson("host");
    const other = await makePerson("host");
    const privateEvent = await makeEvent(host, true);
    const publicEvent = await makeEvent(host, false);
    const othersEvent = await makeEvent(other, true);
    const askers = await requests(privateEvent, 2);
    const photos = await pendingPhotos(publicEvent, 2);
    await requests(othersEvent, 3);

    expect(await inboxCounts(host.user)).toEqual({ requests: 2, media: 2 });
    expect(await inboxCounts(other.user)).toEqual({ requests: 3, media: 0 });
    // A guest of someone's event who hosts nothing has nothing waiting.
    expect(await inboxCounts(askers[0]!.user)).toEqual({ requests: 0, media: 0 });
    expect((await getInbox(askers[0]!.user)).requests).toEqual([]);

    const res = await getInboxApi(host);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.counts).toEqual({ requests: 2, media: 2 });
    expect(body.requests.map((r: { user_id: string }) => r.user_id)).toEqual([askers[1]!.user.id, askers[0]!.user.id]);
    expect(body.requests[0]).toMatchObject({ event_id: privateEvent, event_title: expect.stringMatching(/^Media /), email: askers[1]!.user.email });
    expect(body.media.map((m: { file_id: string }) => m.file_id)).toEqual([...photos].reverse());
    expect(body.media[0]).toMatchObject({ event_id: publicEvent, status: "pending", preview_url: `/api/v1/events/${publicEvent}/media/${photos[1]}/preview` });
    expect(body.events.map((e: { event_id: string }) => e.event_id).sort()).toEqual([privateEvent, publicEvent].sort());
    expect(JSON.stringify(body)).not.toContain(othersEvent);

    // Narrowed to one event or one kind; someone else's event is a 404, a malformed id a 400.
    const one = await (await getInboxApi(host, { event_id: publicEvent })).json();
    expect([one.requests.length, one.media.length, one.counts]).toEqual([0, 2, { requests: 0, media: 2 }]);
    const onlyRequests = await (await getInboxApi(host, { kind: "requests" })).json();
    expect([onlyRequests.requests.length, onlyRequests.media.length]).toEqual([2, 0]);
    expect((await getInboxApi(host, { event_id: othersEvent })).status).toBe(404);
    expect((await getInboxApi(host, { event_id: "nope" })).status).toBe(400);
    expect((await getInboxApi(host, { kind: "everything" })).status).toBe(400);
    expect((await getInboxApi(null)).status).toBe(401);
  });

  it("decides with the event queues' own calls: a request approved is a guest, media rejected is hidden, and the counts follow", async () => {
    const { decideInbox, inboxCounts, db } = await services();
    const host = await makePerson("host");
    const privateEvent = await makeEvent(host, true);
    const publicEvent = await makeEvent(host, false);
    const [a, b] = await requests(privateEvent, 2);
    const [p1, p2] = await pendingPhotos(publicEvent, 2);

    const approved = await decideInbox(host.user, {
      decision: "approve",
      items: [
        { kind: "request", event_id: privateEvent, user_id: a!.user.id },
        { kind: "media", event_id: publicEvent, file_id: p1! },
      ],
    });
    expect(approved).toEqual({ decided: 2, failed: [] });
    const membership = await (await db.attendances()).findOne({ _id: `${privateEvent}:${a!.user.id}` });
    expect(membership?.status).toBe("attending");
    const rejected = await decideInbox(host.user, {
      decision: "reject",
      items: [
        { kind: "request", event_id: privateEvent, user_id: b!.user.id },
        { kind: "media", event_id: publicEvent, file_id: p2! },
        // Decided a moment ago (by another tab, or another host): reported, nothing else changes.
        { kind: "request", event_id: privateEvent, user_id: a!.user.id },
      ],
    });
    expect(rejected.decided).toBe(2);
    expect(rejected.failed).toEqual([{ item: { kind: "request", event_id: privateEvent, user_id: a!.user.id }, message: expect.any(String) }]);
    expect(await (await db.attendances()).findOne({ _id: `${privateEvent}:${b!.user.id}` })).toBeNull(); // a denied request is gone, as from the event's queue
    expect((await (await db.attendances()).findOne({ _id: `${privateEvent}:${a!.user.id}` }))?.status).toBe("attending");
    const event = await (await db.events()).findOne({ _id: new ObjectId(publicEvent) });
    expect(event?.media_counts).toEqual({ pending: 0, approved: 1, rejected: 1 });
    expect(await inboxCounts(host.user)).toEqual({ requests: 0, media: 0 });
  });

  it("refuses to decide on someone else's events (the service checks each item's host)", async () => {
    const { decideInbox, db } = await services();
    const host = await makePerson("host");
    const intruder = await makePerson("host");
    const privateEvent = await makeEvent(host, true);
    const [a] = await requests(privateEvent, 1);
    const [photo] = await pendingPhotos(await makeEvent(host, false), 1);
    const photoEvent = (await (await db.events()).findOne({ owner_id: new ObjectId(host.user.id), is_private: false }))!._id.toHexString();
    const outcome = await decideInbox(intruder.user, {
      decision: "approve",
      items: [
        { kind: "request", event_id: privateEvent, user_id: a!.user.id },
        { kind: "media", event_id: photoEvent, file_id: photo! },
      ],
    });
    expect(outcome.decided).toBe(0);
    expect(outcome.failed).toHaveLength(2);
    expect((await (await db.attendances()).findOne({ _id: `${privateEvent}:${a!.user.id}` }))?.status).toBe("pending");
  });

  it("pages each kind by its own cursor, and says when one kind is done", async () => {
    const host = await makePerson("host");
    const privateEvent = await makeEvent(host, true);
    const publicEvent = await makeEvent(host, false);
    const askers = await requests(privateEvent, 3);
    const photos = await pendingPhotos(publicEvent, 1);
    const first = await (await getInboxApi(host, { limit: "2" })).json();
    expect(first.requests.map((r: { user_id: string }) => r.user_id)).toEqual([askers[2]!.user.id, askers[1]!.user.id]);
    expect(first.media.map((m: { file_id: string }) => m.file_id)).toEqual(photos);
    expect(first.next_cursors.media).toBe("end");
    const second = await (await getInboxApi(host, { limit: "2", requests_cursor: first.next_cursors.requests, media_cursor: first.next_cursors.media })).json();
    expect(second.requests.map((r: { user_id: string }) => r.user_id)).toEqual([askers[0]!.user.id]);
    expect(second.media).toEqual([]);
    expect(second.next_cursors).toEqual({ requests: null, media: null });
    expect((await getInboxApi(host, { requests_cursor: "not-a-cursor" })).status).toBe(400);
  });

  it("knows the events of hosts from before the list was kept (the hosted-events migration)", async () => {
    const { inboxCounts, db } = await services();
    const { db: database } = await import("@/lib/db");
    const { runMigrations } = await import("@/lib/db/migrations");
    const host = await makePerson("host");
    const eventId = await makeEvent(host, true);
    await requests(eventId, 1);
    await (await db.users()).updateOne({ _id: new ObjectId(host.user.id) }, { $unset: { hosted_events: "" } });
    expect(await inboxCounts(host.user)).toEqual({ requests: 0, media: 0 });
    await (await database()).collection("migrations").deleteOne({ _id: "hosted-events" as never });
    await runMigrations(await database());
    expect(await inboxCounts(host.user)).toEqual({ requests: 1, media: 0 });
    // Deleting the event takes it off the list.
    const { deleteEvent } = await import("@/lib/events/details");
    await deleteEvent(host.user, eventId);
    expect((await (await db.users()).findOne({ _id: new ObjectId(host.user.id) }))?.hosted_events ?? []).not.toContainEqual(new ObjectId(eventId));
    expect(await inboxCounts(host.user)).toEqual({ requests: 0, media: 0 });
  });
});

