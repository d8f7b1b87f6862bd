import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eventId, guest, MB, routes, setUpMediaEvent } from "./media-api-support";
import { call, fakeMp4, jpeg, mediaCounts, multipart, upload } from "./media-support";

// Uploads over the limits, cut off or malformed: refused, and nothing of them is left in GridFS.

setUpMediaEvent();

describe("upload: limits and broken bodies leave nothing behind", () => {
  it("refuses a photo over MEDIA_MAX_IMAGE_MB with 413 and stores nothing", async () => {
    const before = await mediaCounts();
    // A real JPEG start, then padding: the limit applies to what arrives, whatever it is.
    const big = Buffer.concat([await jpeg(), randomBytes(MB + 10)]);
    const res = await upload(routes, eventId, guest, big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: "payload_too_large", error: expect.stringContaining("1 MB") });
    expect(await mediaCounts()).toEqual(before);
  });

  it("refuses a video over MEDIA_MAX_VIDEO_MB with 413 after streaming part of it, and deletes every chunk", async () => {
    const before = await mediaCounts();
    const res = await upload(routes, eventId, guest, fakeMp4(3 * MB + 1), "big.mp4", "video/mp4");
    expect(res.status).toBe(413);
    expect(await mediaCounts()).toEqual(before);
  });

  it("refuses a video whose boxes do not parse (415), early or at its end, storing nothing", async () => {
    const before = await mediaCounts();
    const good = fakeMp4(2 * MB);
    // Magic bytes right, then noise: refused at the first box header, before anything is stored.
    const noise = Buffer.concat([good.subarray(0, 24), randomBytes(MB)]);
    noise.writeUInt32BE(3, 24); // a box smaller than its own header
    noise.write("junk", 28, "latin1");
    // Every box well formed, but the file ends inside its mdat: refused after the chunks were written.
    const cut = good.subarray(0, good.length - 1000);
    // No moov (the index a player needs).
    const noIndex = Buffer.from(good);
    noIndex.write("free", 28, "latin1");
    for (const [name, data, reason] of [
      ["noise.mp4", noise, /impossible size/],
      ["cut.mp4", cut, /cut off/],
      ["no-index.mp4", noIndex, /no moov/],
    ] as const) {
      const res = await upload(routes, eventId, guest, data, name, "video/mp4");
      expect(res.status, name).toBe(415);
      expect(res.body).toMatchObject({ code: "unsupported_media", error: expect.stringMatching(reason) });
    }
    expect(await mediaCounts()).toEqual(before);
    expect((await upload(routes, eventId, guest, good, "whole.mp4", "video/mp4")).status).toBe(201);
  });

  it("refuses a body that declares more than any file may be, before reading it", async () => {
    const form = multipart([{ name: "file", filename: "x.mp4", data: fakeMp4(1000) }]);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(form.body));
        controller.close();
      },
    });
    const res = await call(routes.media.POST, "POST", { id: eventId }, {
      person: guest,
      body: stream,
      headers: { "content-type": form.contentType, "content-length": String(10 * MB) },
    });
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1); // at most the stream's own first pull
  });

  it("an upload cut off mid-way (client gone) leaves no files and no chunks", async () => {
    const before = await mediaCounts();
    const form = multipart([{ name: "file", filename: "cut.mp4", type: "video/mp4", data: fakeMp4(2 * MB) }]);
    const half = form.body.subarray(0, Math.floor(form.body.length * 0.75));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= half.length) {
          controller.error(new Error("client aborted"));
          return;
        }
        const piece = half.subarray(sent, sent + 64 * 1024);
        sent += piece.length;
        controller.enqueue(new Uint8Array(piece));
      },
    });
    const res = await call(routes.media.POST, "POST", { id: eventId }, { person: guest, body: stream, headers: { "content-type": form.contentType } });
    expect(res.status).toBe(400);
    expect(sent).toBeGreaterThan(MB); // chunks had been written to GridFS before the cut
    expect(await mediaCounts()).toEqual(before);
  });

  it("a body that simply ends without its closing boundary stores nothing (400)", async () => {
    const before = await mediaCounts();
    const form = multipart([{ name: "file", filename: "short.mp4", data: fakeMp4(1_500_000) }]);
    const res = await call(routes.media.POST, "POST", { id: eventId }, {
      person: guest,
      body: new Uint8Array(form.body.subarray(0, 1_200_000)),
      headers: { "content-type": form.contentType },
    });
    expect(res.status).toBe(400);
    expect(await mediaCounts()).toEqual(before);
  });

  it("refuses a body that is not multipart (415), multipart without a boundary (400), and a form without `file` (400)", async () => {
    const asJson = await call(routes.media.POST, "POST", { id: eventId }, { person: guest, json: { file: "x" } });
    expect(asJson.status).toBe(415);
    const noBoundary = await call(routes.media.POST, "POST", { id: eventId }, { person: guest, body: "x", headers: { "content-type": "multipart/form-data" } });
    expect(noBoundary.status).toBe(400);
    const form = multipart([{ name: "photo", filename: "a.jpg", data: await jpeg() }]);
    const wrongField = await call(routes.media.POST, "POST", { id: eventId }, { person: guest, body: new Uint8Array(form.body), headers: { "content-type": form.contentType } });
    expect(wrongField.status).toBe(400);
    expect((await wrongField.json()).error).toContain('"file"');
    const empty = await upload(routes, eventId, guest, Buffer.alloc(0));
    expect(empty.status).toBe(400);
  });

  it("finds the file after other fields and ignores fields after it", async () => {
    const form = multipart([
      { name: "caption", data: "hello" },
      { name: "file", filename: "a.jpg", type: "image/jpeg", data: await jpeg() },
      { name: "after", data: "ignored" },
    ]);
    const res = await call(routes.media.POST, "POST", { id: eventId }, { person: guest, body: new Uint8Array(form.body), headers: { "content-type": form.contentType } });
    expect(res.status).toBe(201);
  });
});
