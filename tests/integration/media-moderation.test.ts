import { describe, expect, it } from "vitest";
import { guest, owner, routes, setUpMediaEvent } from "./media-api-support";
import { addGuest, call, fakeMp4, jpeg, makeEvent, makePerson, uploadOk } from "./media-support";

// Moderation by the host (both routes) and the media list (GET /api/v1/events/{id}/media) as each caller sees it.

setUpMediaEvent();

describe("moderation and the list", () => {
  it("the host approves or rejects (both routes); guests see approved items and their own", async () => {
    const event = await makeEvent(owner, true);
    const other = await makePerson("other");
    await addGuest(event, guest, "attending");
    await addGuest(event, other, "maybe");
    const a = await uploadOk(routes, event, guest, await jpeg(), "a.jpg");
    const b = await uploadOk(routes, event, guest, await jpeg(), "b.jpg");
    const c = await uploadOk(routes, event, other, await jpeg(), "c.jpg");

    const ownerList = await (await call(routes.media.GET, "GET", { id: event }, { person: owner })).json();
    expect(ownerList.counts).toEqual({ pending: 3, approved: 0, rejected: 0 });
    expect(ownerList.media.map((m: { file_id: string }) => m.file_id)).toEqual([c, b, a]);
    expect(ownerList.media[0]).toMatchObject({
      file_id: c,
      status: "pending",
      content_type: "image/jpeg",
      kind: "image",
      filename: "c.jpg",
      size: expect.any(Number),
      uploaded_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      uploader_id: other.user.id,
      uploader_username: other.user.username,
      url: `/api/v1/events/${event}/media/${c}`,
      preview_url: `/api/v1/events/${event}/media/${c}/preview`,
    });

    const approve = await call(routes.moderation.POST, "POST", { id: event, file_id: a }, { person: owner, json: { status: "approved" } });
    expect(approve.status).toBe(200);
    expect(await approve.json()).toMatchObject({ message: "Media status updated successfully", file_id: a, status: "approved" });
    const reject = await call(routes.moderate.POST, "POST", { id: event }, { person: owner, json: { file_id: b, status: "rejected" } });
    expect(reject.status).toBe(200);
    const bad = await call(routes.moderation.POST, "POST", { id: event, file_id: c }, { person: owner, json: { status: "maybe" } });
    expect(bad.status).toBe(400);
    const missing = await call(routes.moderate.POST, "POST", { id: event }, { person: owner, json: { file_id: "0".repeat(24), status: "approved" } });
    expect(missing.status).toBe(404);

    const guestList = await (await call(routes.media.GET, "GET", { id: event }, { person: guest })).json();
    expect(guestList.counts).toBeUndefined();
    expect(guestList.media.map((m: { file_id: string; status: string }) => [m.file_id, m.status])).toEqual([
      [b, "rejected"],
      [a, "approved"],
    ]);
    const otherList = await (await call(routes.media.GET, "GET", { id: event }, { person: other })).json();
    expect(otherList.media.map((m: { file_id: string }) => m.file_id)).toEqual([c, a]);
    const ownerCounts = (await (await call(routes.media.GET, "GET", { id: event }, { person: owner })).json()).counts;
    expect(ownerCounts).toEqual({ pending: 1, approved: 1, rejected: 1 });
    const pendingOnly = await (await call(routes.media.GET, "GET", { id: event }, { person: owner, query: { status: "pending" } })).json();
    expect(pendingOnly.media.map((m: { file_id: string }) => m.file_id)).toEqual([c]);
  });

  it("pages through a long list with a cursor", async () => {
    const event = await makeEvent(owner, false);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await uploadOk(routes, event, owner, fakeMp4(1000), `v${i}.mp4`));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = await (await call(routes.media.GET, "GET", { id: event }, { query: { limit: "2", ...(cursor ? { cursor } : {}) } })).json();
      seen.push(...res.media.map((m: { file_id: string }) => m.file_id));
      cursor = res.next_cursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen).toEqual([...ids].reverse());
  });
});
