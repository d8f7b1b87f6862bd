import { beforeAll, describe, expect, it } from "vitest";
import { eventId, guest, owner, routes, setUpMediaEvent } from "./media-api-support";
import { addGuest, bytesOf, call, fakeMp4, jpeg, makeEvent, uploadOk } from "./media-support";

// Downloading a file (GET /api/v1/events/{id}/media/{file_id}): whole, by range, revalidated, cached.

setUpMediaEvent();

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
