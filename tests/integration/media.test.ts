import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addGuest,
  bytesOf,
  call,
  fakeMp4,
  jpeg,
  jpegWithGps,
  loadRoutes,
  makeEvent,
  makePerson,
  mediaCounts,
  multipart,
  upload,
  uploadOk,
  type MediaRoutes,
  type Person,
} from "./media-support";

// Event media through the route handlers, against the real database: upload (streamed, typed by
// content, size-limited, cleaned of location data, previewed), download with ranges, moderation,
// deletion. Small limits so "too large" is cheap to test; set before env() is first read.
process.env.MEDIA_MAX_IMAGE_MB = "1";
process.env.MEDIA_MAX_VIDEO_MB = "3";
const MB = 1024 * 1024;

let routes: MediaRoutes;
let owner: Person;
let guest: Person;
let eventId: string;

beforeAll(async () => {
  routes = await loadRoutes();
  owner = await makePerson("owner");
  guest = await makePerson("guest");
  eventId = await makeEvent(owner, true);
  await addGuest(eventId, guest, "attending");
});

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

describe("privacy: location data never reaches anyone else", () => {
  it("strips GPS and all other Exif from a JPEG, and turns it upright", async () => {
    const original = await jpegWithGps(80, 40);
    const before = await sharp(original).metadata();
    expect(before.exif?.includes(Buffer.from("InvytaTestCam"))).toBe(true);
    const rotated = await sharp(original).withMetadata({ orientation: 6 }).jpeg().withExif({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 0/1" } }).toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);

    for (const input of [original, rotated]) {
      const fileId = await uploadOk(routes, eventId, guest, input, "gps.jpg");
      const stored = await bytesOf(await call(routes.file.GET, "GET", { id: eventId, file_id: fileId }, { person: owner }));
      const meta = await sharp(stored).metadata();
      expect(meta.format).toBe("jpeg");
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(stored.includes(Buffer.from("InvytaTestCam"))).toBe(false);
      expect(stored.includes(Buffer.from("Exif\0\0"))).toBe(false);
    }
    // The rotated one is stored upright: 40 × 80.
    const files = await call(routes.media.GET, "GET", { id: eventId }, { person: owner });
    const newest = (await files.json()).media[0];
    expect([newest.width, newest.height]).toEqual([40, 80]);
  });

  it("strips Exif from PNG and WebP too", async () => {
    const base = sharp({ create: { width: 32, height: 32, channels: 3, background: "#123456" } }).withExif({ IFD3: { GPSLatitudeRef: "S", GPSLatitude: "33/1 52/1 0/1" } });
    for (const [data, name] of [
      [await base.clone().png().toBuffer(), "a.png"],
      [await base.clone().webp().toBuffer(), "a.webp"],
    ] as const) {
      expect((await sharp(data).metadata()).exif).toBeDefined();
      const fileId = await uploadOk(routes, eventId, guest, data, name);
      const stored = await bytesOf(await call(routes.file.GET, "GET", { id: eventId, file_id: fileId }, { person: owner }));
      expect((await sharp(stored).metadata()).exif).toBeUndefined();
    }
  });

  it("blanks the Exif item of a HEIF container byte-wise (sharp cannot re-encode HEVC)", async () => {
    // sharp writes AV1 HEIF here; with its major brand set to `mif1` it is a HEIF file like any other.
    const avif = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#654321" } })
      .heif({ compression: "av1" })
      .withExif({ IFD0: { Make: "InvytaHeifCam" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 0/1" } })
      .toBuffer();
    const heif = Buffer.from(avif);
    heif.write("mif1", 8, "latin1");
    expect(heif.includes(Buffer.from("InvytaHeifCam"))).toBe(true);
    const res = await upload(routes, eventId, guest, heif, "IMG_0001.HEIC", "image/heic");
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ content_type: "image/heif", filename: "IMG_0001.HEIC" });
    const stored = await bytesOf(await call(routes.file.GET, "GET", { id: eventId, file_id: res.body.file_id as string }, { person: owner }));
    expect(stored.length).toBe(heif.length); // blanked in place: every offset still holds
    expect(stored.includes(Buffer.from("InvytaHeifCam"))).toBe(false);
    // Still a valid image (this one decodes here, being AV1), with an empty Exif block.
    const { info } = await sharp(stored).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([32, 32]);
    const exif = (await sharp(stored).metadata()).exif;
    expect(exif === undefined || !exif.includes(Buffer.from("GPS"))).toBe(true);
  });
});

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

describe("download", () => {
  let fileId: string;
  let data: Buffer;
  beforeAll(async () => {
    data = fakeMp4(700_000);
    fileId = await uploadOk(routes, eventId, owner, data, "Fête d'été 2026.mp4", "video/mp4");
  });

  const get = (headers: Record<string, string> = {}) => call(routes.file.GET, "GET", { id: eventId, file_id: fileId }, { person: owner, headers });

  it("streams the whole file with its type, length, validators and safe headers", async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("video/mp4");
    expect(res.headers.get("content-length")).toBe(String(data.length));
    expect(res.headers.get("etag")).toBe(`"${fileId}-${data.length}"`);
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toBe(`inline; filename="F_te d'_t_ 2026.mp4"; filename*=UTF-8''F%C3%AAte%20d%27%C3%A9t%C3%A9%202026.mp4`);
    // A private event's file never goes into a shared cache.
    expect(res.headers.get("cache-control")).toMatch(/^private, max-age=\d+$/);
    expect((await bytesOf(res)).equals(data)).toBe(true);
  });

  it("answers ranges with exactly the bytes asked for (206)", async () => {
    const cases: [string, number, number][] = [
      ["bytes=0-0", 0, 0],
      ["bytes=100-299", 100, 299],
      ["bytes=261000-262200", 261000, 262200], // across a GridFS chunk boundary (255 KiB)
      [`bytes=${data.length - 10}-`, data.length - 10, data.length - 1],
      ["bytes=-500", data.length - 500, data.length - 1],
      [`bytes=690000-${data.length + 5000}`, 690000, data.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const res = await get({ range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end}/${data.length}`);
      expect(res.headers.get("content-length")).toBe(String(end - start + 1));
      expect((await bytesOf(res)).equals(data.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it("answers 416 with the size for a range past the end, and ignores what it cannot use", async () => {
    const res = await get({ range: `bytes=${data.length}-` });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe(`bytes */${data.length}`);
    expect((await get({ range: "bytes=-0" })).status).toBe(416);
    for (const ignored of ["bytes=5-2", "items=0-5", "bytes=0-1,5-6"]) {
      const full = await get({ range: ignored });
      expect(full.status, ignored).toBe(200);
      expect(full.headers.get("content-length")).toBe(String(data.length));
      await full.arrayBuffer();
    }
  });

  it("answers 304 to a matching If-None-Match, and drops a range whose If-Range is stale", async () => {
    const etag = `"${fileId}-${data.length}"`;
    expect((await get({ "if-none-match": etag })).status).toBe(304);
    const stale = await get({ range: "bytes=0-9", "if-range": '"other"' });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
    expect((await get({ range: "bytes=0-9", "if-range": etag })).status).toBe(206);
  });

  it("lets a public event's approved file be cached publicly, but not a pending one", async () => {
    const publicEvent = await makeEvent(owner, false);
    const approved = await uploadOk(routes, publicEvent, owner, await jpeg(), "pub.jpg");
    const res = await call(routes.file.GET, "GET", { id: publicEvent, file_id: approved }, {});
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    await addGuest(publicEvent, guest, "attending");
    const pending = await uploadOk(routes, publicEvent, guest, await jpeg(), "mine.jpg");
    const own = await call(routes.file.GET, "GET", { id: publicEvent, file_id: pending }, { person: guest });
    expect(own.headers.get("cache-control")).toMatch(/^private/);
  });
});

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
