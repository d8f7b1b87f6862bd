import { ObjectId } from "mongodb";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Viewer } from "@/lib/events/access";
import { addGuest, call, fakeMp4, jpeg, loadRoutes, makeEvent, makePerson, uploadOk, type MediaRoutes, type Person } from "./media-support";

// The media the event page shows, kept in the event document (and in each uploader's record) by
// compare-and-set, checked against the query the page used to run: the same items in the same
// order, under concurrent moderation, uploads and deletes; and no query over media on a view.

let routes: MediaRoutes;
let owner: Person;
let guest: Person;

beforeAll(async () => {
  routes = await loadRoutes();
  owner = await makePerson("owner");
  guest = await makePerson("guest");
});

afterEach(() => {
  vi.restoreAllMocks();
});

const service = () => import("@/lib/media/service");

async function eventDoc(eventId: string) {
  const { collections } = await import("@/lib/db");
  return (await collections.events()).findOne({ _id: new ObjectId(eventId) });
}

async function preview(eventId: string, viewer: Viewer) {
  const { eventMediaPreview, mediaAccess } = await service();
  return eventMediaPreview(await mediaAccess(eventId, viewer));
}

/** What the page showed before: the first page of the list query, and the counted pending items for the host. */
async function fromQuery(eventId: string, viewer: Viewer) {
  const { countByStatus, listMedia, mediaAccess } = await service();
  const access = await mediaAccess(eventId, viewer);
  if (!access.canSeeApproved) return { items: [], more: false, pending: 0 };
  const list = await listMedia(viewer, eventId, { limit: 6, status: access.isOwner ? "approved" : undefined });
  return { items: list.items, more: list.next_cursor !== null, pending: access.isOwner ? (await countByStatus(access.event._id)).pending : 0 };
}

async function expectSameAsQuery(eventId: string, viewers: Viewer[]) {
  for (const viewer of viewers) expect(await preview(eventId, viewer), `viewer ${viewer?.username ?? "anonymous"}`).toEqual(await fromQuery(eventId, viewer));
}

/** The newest approved ids, from the files. */
async function newestApproved(eventId: string, n = 6): Promise<string[]> {
  const { db } = await import("@/lib/db");
  const rows = await (await db())
    .collection("media.files")
    .find({ "metadata.event_id": new ObjectId(eventId), "metadata.status": "approved" })
    .sort({ uploadDate: -1, _id: -1 })
    .limit(n)
    .toArray();
  return rows.map((r) => r._id.toHexString());
}

async function previewIds(eventId: string): Promise<string[] | undefined> {
  return (await eventDoc(eventId))?.media_preview?.map((e) => e.file_id.toHexString());
}

async function uploadMany(eventId: string, person: Person, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await uploadOk(routes, eventId, person, fakeMp4(2000), `clip-${i}.mp4`, "video/mp4"));
  return ids;
}

describe("the event page's media slice", () => {
  it("concurrent approvals of 20 items leave exactly the newest 6, and counts of 20 approved", async () => {
    const eventId = await makeEvent(owner, true);
    await addGuest(eventId, guest, "attending");
    const ids = await uploadMany(eventId, guest, 20);
    expect((await eventDoc(eventId))?.media_counts).toEqual({ pending: 20, approved: 0, rejected: 0 });
    const { moderateOne } = await service();
    await Promise.all(ids.map((id) => moderateOne(owner.user, eventId, id, "approved")));
    const event = await eventDoc(eventId);
    expect(event?.media_counts).toEqual({ pending: 0, approved: 20, rejected: 0 });
    expect(await previewIds(eventId)).toEqual(await newestApproved(eventId));
    expect(await previewIds(eventId)).toEqual(ids.slice(-6).reverse());
    await expectSameAsQuery(eventId, [owner.user, guest.user]);
  });

  it("concurrent rejections, deletions and approvals in and below the slice refill it from older items", async () => {
    const eventId = await makeEvent(owner, false);
    await addGuest(eventId, guest, "attending");
    const ids = await uploadMany(eventId, owner, 16); // the host's own: approved at once
    expect(await previewIds(eventId)).toEqual(ids.slice(-6).reverse());
    const pending = await uploadMany(eventId, guest, 3);
    const { deleteMedia, moderateOne } = await service();
    await Promise.all([
      ...ids.slice(-4).map((id) => moderateOne(owner.user, eventId, id, "rejected")),
      deleteMedia(owner.user, eventId, ids[11]!),
      deleteMedia(guest.user, eventId, pending[0]!),
      moderateOne(owner.user, eventId, ids[10]!, "rejected"),
      moderateOne(owner.user, eventId, ids[2]!, "rejected"),
      moderateOne(owner.user, eventId, pending[1]!, "approved"),
      moderateOne(owner.user, eventId, pending[2]!, "rejected"),
    ]);
    expect(await previewIds(eventId)).toEqual(await newestApproved(eventId));
    expect(await previewIds(eventId)).toEqual([pending[1], ids[9], ids[8], ids[7], ids[6], ids[5]]);
    expect((await eventDoc(eventId))?.media_counts).toEqual({ pending: 0, approved: 10, rejected: 7 });
    const stranger = await makePerson("stranger");
    await expectSameAsQuery(eventId, [owner.user, guest.user, stranger.user, null]);
  });

  it("concurrent uploads by the host keep the newest 6 by upload time", async () => {
    const eventId = await makeEvent(owner, false);
    await Promise.all(Array.from({ length: 12 }, (_, i) => uploadOk(routes, eventId, owner, fakeMp4(2000), `c${i}.mp4`, "video/mp4")));
    expect(await previewIds(eventId)).toEqual(await newestApproved(eventId));
    expect((await eventDoc(eventId))?.media_counts).toEqual({ pending: 0, approved: 12, rejected: 0 });
  });
});

describe("what the page shows", () => {
  it("is what the list query showed: approved items, plus the viewer's own waiting and refused ones", async () => {
    const eventId = await makeEvent(owner, true);
    const other = await makePerson("other");
    await addGuest(eventId, guest, "attending");
    await addGuest(eventId, other, "maybe");
    await expectSameAsQuery(eventId, [owner.user, guest.user, other.user]);

    const mine = await uploadOk(routes, eventId, guest, await jpeg(), "mine.jpg");
    const theirs = await uploadOk(routes, eventId, other, await jpeg(), "theirs.jpg");
    const hosts = await uploadOk(routes, eventId, owner, fakeMp4(3000), "host.mp4", "video/mp4");
    const guestView = await preview(eventId, guest.user);
    expect(guestView.items.map((i) => [i.file_id, i.status])).toEqual([
      [hosts, "approved"],
      [mine, "pending"],
    ]);
    expect(guestView.items[1]).toMatchObject({ uploader_username: guest.user.username, has_preview: true, kind: "image", filename: "mine.jpg" });
    expect((await preview(eventId, owner.user)).pending).toBe(2);
    await expectSameAsQuery(eventId, [owner.user, guest.user, other.user]);

    // More than six for the guest, counting their own.
    const more = await uploadMany(eventId, guest, 5);
    await call(routes.moderation.POST, "POST", { id: eventId, file_id: theirs }, { person: owner, json: { status: "rejected" } });
    await call(routes.moderation.POST, "POST", { id: eventId, file_id: more[0]! }, { person: owner, json: { status: "rejected" } });
    const guestMore = await preview(eventId, guest.user);
    expect(guestMore.more).toBe(true);
    expect(guestMore.items).toHaveLength(6);
    await expectSameAsQuery(eventId, [owner.user, guest.user, other.user]);
    // Approving all that wait takes them out of the guests' own records and into the slice.
    const { moderateAllPending } = await service();
    expect(await moderateAllPending(owner.user, eventId, "approved")).toEqual({ updated: 5 });
    await expectSameAsQuery(eventId, [owner.user, guest.user, other.user]);
    expect((await eventDoc(eventId))?.media_counts).toEqual({ pending: 0, approved: 6, rejected: 2 });
  });

  it("runs no query over media on a page view", async () => {
    const eventId = await makeEvent(owner, false);
    await addGuest(eventId, guest, "attending");
    await uploadMany(eventId, owner, 2);
    await uploadMany(eventId, guest, 2);
    const { Collection } = await import("mongodb");
    const reads: string[] = [];
    // findOne goes through find in the driver.
    for (const method of ["find", "aggregate", "countDocuments"] as const) {
      const original = Collection.prototype[method] as (...args: unknown[]) => unknown;
      vi.spyOn(Collection.prototype, method).mockImplementation(function (this: InstanceType<typeof Collection>, ...args: unknown[]) {
        reads.push(`${this.collectionName}.${method}(${Object.keys((args[0] as object | undefined) ?? {}).join(",")})`);
        return original.apply(this, args);
      } as never);
    }
    const { eventMediaPreview, mediaAccessOf } = await service();
    const { getEventForViewer } = await import("@/lib/events/access");
    const view = await getEventForViewer(eventId, guest.user);
    reads.length = 0;
    const shown = await eventMediaPreview(mediaAccessOf(view, guest.user));
    expect(shown.items).toHaveLength(4);
    expect(reads).toEqual(["media_uploaders.find(_id)"]);
    const hostView = await getEventForViewer(eventId, owner.user);
    reads.length = 0;
    const hosts = await eventMediaPreview(mediaAccessOf(hostView, owner.user));
    expect([hosts.items.length, hosts.pending]).toEqual([2, 2]);
    expect(reads).toEqual([]);
  });

  it("builds the slice once for an event stored before it existed, with the uploaders' own items", async () => {
    const eventId = await makeEvent(owner, true);
    await addGuest(eventId, guest, "attending");
    const approved = await uploadMany(eventId, owner, 7);
    const waiting = await uploadMany(eventId, guest, 2);
    // As an event from before: no slice, no counts, no records.
    const { collections, db } = await import("@/lib/db");
    await (await collections.events()).updateOne({ _id: new ObjectId(eventId) }, { $unset: { media_preview: "", media_rev: "", media_counts: "" } });
    await (await db()).collection("media_uploaders").deleteMany({});

    const guestView = await preview(eventId, guest.user);
    expect(guestView.items.map((i) => i.file_id)).toEqual([waiting[1], waiting[0], ...approved.slice(-4).reverse()]);
    const event = await eventDoc(eventId);
    expect(event?.media_counts).toEqual({ pending: 2, approved: 7, rejected: 0 });
    expect(event?.media_rev).toBe(1);
    expect(await previewIds(eventId)).toEqual(approved.slice(-6).reverse());
    await expectSameAsQuery(eventId, [owner.user, guest.user]);
    // Kept up to date from then on.
    const { moderateOne } = await service();
    await moderateOne(owner.user, eventId, waiting[1]!, "approved");
    expect(await previewIds(eventId)).toEqual([waiting[1], ...approved.slice(-5).reverse()]);
    await expectSameAsQuery(eventId, [owner.user, guest.user]);

    // A slice given up after too many conflicting writes is unset, and rebuilt the same way.
    await (await collections.events()).updateOne({ _id: new ObjectId(eventId) }, { $unset: { media_preview: "" }, $inc: { media_rev: 1 } });
    await (await db()).collection("media_uploaders").updateMany({}, { $unset: { items: "" }, $inc: { rev: 1 } });
    await expectSameAsQuery(eventId, [owner.user, guest.user]);
    expect(await previewIds(eventId)).toEqual([waiting[1], ...approved.slice(-5).reverse()]);
    expect((await eventDoc(eventId))?.media_counts).toEqual({ pending: 1, approved: 8, rejected: 0 });
  });
});
