import { describe, expect, it } from "vitest";
import { eventId, guest, owner, routes, setUpMediaEvent } from "./media-api-support";
import { addGuest, call, fakeMp4, jpeg, makeEvent, mediaCounts, uploadOk } from "./media-support";

// Deleting media: by its uploader, and with the event.

setUpMediaEvent();

describe("deletion", () => {
  it("the uploader deletes their item with its preview; nothing of it remains", async () => {
    const fileId = await uploadOk(routes, eventId, guest, await jpeg(), "gone.jpg");
    const { db } = await import("@/lib/db");
    const { ObjectId } = await import("mongodb");
    const doc = await (await db()).collection("media.files").findOne({ _id: new ObjectId(fileId) });
    const previewId = doc?.metadata.preview_id;
    expect(previewId).toBeTruthy();
    const res = await call(routes.file.DELETE, "DELETE", { id: eventId, file_id: fileId }, { person: guest });
    expect(res.status).toBe(200);
    expect(await mediaCounts(fileId)).toEqual({ files: 0, chunks: 0 });
    expect(await mediaCounts(previewId.toHexString())).toEqual({ files: 0, chunks: 0 });
    expect((await call(routes.file.GET, "GET", { id: eventId, file_id: fileId }, { person: owner })).status).toBe(404);
  });

  it("deleting the event deletes all of its media, previews and chunks", async () => {
    const event = await makeEvent(owner, false);
    await addGuest(event, guest, "attending");
    await uploadOk(routes, event, guest, await jpeg(), "x.jpg");
    await uploadOk(routes, event, owner, fakeMp4(600_000), "y.mp4");
    const { db } = await import("@/lib/db");
    const { ObjectId } = await import("mongodb");
    const files = (await db()).collection("media.files");
    const mine = await files.find({ "metadata.event_id": new ObjectId(event) }).toArray();
    expect(mine.length).toBe(3); // two originals and one preview
    const { deleteEvent } = await import("@/lib/events/details");
    await deleteEvent(owner.user, event);
    expect(await files.countDocuments({ "metadata.event_id": new ObjectId(event) })).toBe(0);
    const chunks = (await db()).collection("media.chunks");
    expect(await chunks.countDocuments({ files_id: { $in: mine.map((f) => f._id) } })).toBe(0);
  });
});
