import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { eventId, guest, owner, routes, setUpMediaEvent } from "./media-api-support";
import { bytesOf, call, fakeMp4, jpeg, uploadOk } from "./media-support";

// Preview images (GET /api/v1/events/{id}/media/{file_id}/preview), made at upload.

setUpMediaEvent();

describe("previews", () => {
  it("are WebP, at most 480 px wide, made at upload; videos have none", async () => {
    const fileId = await uploadOk(routes, eventId, guest, await jpeg(1200, 900), "wide.jpg");
    const res = await call(routes.preview.GET, "GET", { id: eventId, file_id: fileId }, { person: owner });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    const meta = await sharp(await bytesOf(res)).metadata();
    expect(meta.format).toBe("webp");
    expect(meta.width).toBe(480);
    expect(meta.height).toBe(360);

    const small = await uploadOk(routes, eventId, guest, await jpeg(100, 50), "small.jpg");
    const smallPreview = await sharp(await bytesOf(await call(routes.preview.GET, "GET", { id: eventId, file_id: small }, { person: owner }))).metadata();
    expect(smallPreview.width).toBe(100); // never enlarged

    const video = await uploadOk(routes, eventId, guest, fakeMp4(50_000), "v.mp4");
    expect((await call(routes.preview.GET, "GET", { id: eventId, file_id: video }, { person: owner })).status).toBe(404);
    const list = await (await call(routes.media.GET, "GET", { id: eventId }, { person: owner })).json();
    const item = list.media.find((m: { file_id: string }) => m.file_id === video);
    expect(item.preview_url).toBeNull();
    expect(list.media.find((m: { file_id: string }) => m.file_id === fileId).preview_url).toBe(`/api/v1/events/${eventId}/media/${fileId}/preview`);
  });
});
