import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { eventId, guest, owner, routes, setUpMediaEvent } from "./media-api-support";
import { bytesOf, call, jpegWithGps, upload, uploadOk } from "./media-support";

// Location data never reaches anyone else: Exif is stripped from JPEG, PNG and WebP, and blanked in HEIF.

setUpMediaEvent();

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
