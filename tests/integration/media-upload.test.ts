import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { eventId, guest, owner, routes, setUpMediaEvent } from "./media-api-support";
import { bytesOf, call, fakeMp4, jpeg, mediaCounts, upload } from "./media-support";

// Uploading event media (POST /api/v1/events/{id}/media): the type comes from the content, not the name or header.

setUpMediaEvent();

describe("upload: the type comes from the content", () => {
  it("answers 201 with the original API's message and stores the file as pending", async () => {
    const res = await upload(routes, eventId, guest, await jpeg(), "../../etc/My Photo.jpg");
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      message: "File uploaded successfully",
      file_id: expect.stringMatching(/^[0-9a-f]{24}$/),
      status: "pending",
      kind: "image",
      content_type: "image/jpeg",
      filename: "My Photo.jpg",
    });
  });

  it("refuses an HTML page named photo.jpg and sent as image/jpeg (415), storing nothing", async () => {
    const before = await mediaCounts();
    const html = Buffer.from("<!doctype html><html><body><script>alert(1)</script></body></html>");
    const res = await upload(routes, eventId, guest, html, "photo.jpg", "image/jpeg");
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ code: "unsupported_media", error: expect.stringContaining("not a photo or video") });
    expect(await mediaCounts()).toEqual(before);
  });

  it("refuses a renamed Windows executable (415)", async () => {
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), randomBytes(2000)]);
    const res = await upload(routes, eventId, guest, exe, "holiday.png", "image/png");
    expect(res.status).toBe(415);
  });

  it("renames a file whose extension does not match its content", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 4, background: "#00ff00" } }).png().toBuffer();
    const res = await upload(routes, eventId, guest, png, "picture.jpg", "image/jpeg");
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ content_type: "image/png", filename: "picture.png" });
  });

  it("takes a video and keeps its bytes as they are", async () => {
    const video = fakeMp4(200_000);
    const res = await upload(routes, eventId, guest, video, "clip.mov", "video/quicktime");
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: "video", content_type: "video/mp4", filename: "clip.mp4", size: video.length });
    const got = await call(routes.file.GET, "GET", { id: eventId, file_id: res.body.file_id as string }, { person: owner });
    expect((await bytesOf(got)).equals(video)).toBe(true);
  });
});
