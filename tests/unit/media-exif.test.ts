import { describe, expect, it } from "vitest";
import { isAnimatedPng, MetadataStripError, stripGifMetadata, stripHeifMetadata, stripPngMetadata } from "@/lib/media/exif";

// Byte-level metadata removal for the formats sharp does not re-encode (lib/media/exif.ts).

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

function ftyp(major: string, ...compatible: string[]) {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], "ftyp", major, [0, 0, 0, 0], ...compatible);
}

describe("GIF, PNG and HEIF metadata removal", () => {
  const gifHeader = bytes("GIF89a", [1, 0, 1, 0, 0x80, 0, 0], [0, 0, 0, 255, 255, 255]);
  const loop = bytes([0x21, 0xff, 11], "NETSCAPE2.0", [3, 1, 0, 0, 0]);
  const xmp = bytes([0x21, 0xff, 11], "XMP DataXMP", [10], "<x:gps/>!!", [0]);
  const comment = bytes([0x21, 0xfe, 5], "hello", [0]);
  const gce = bytes([0x21, 0xf9, 4, 0, 0, 0, 0, 0]);
  const image = bytes([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0], [2, 2, 0x4c, 0x01, 0]);
  const trailer = bytes([0x3b]);

  it("GIF: drops comments, XMP and trailing bytes; keeps the loop, frames and timing", () => {
    const input = Buffer.concat([gifHeader, loop, xmp, comment, gce, image, trailer, bytes("garbage after the end")]);
    const out = Buffer.from(stripGifMetadata(input));
    expect(out.equals(Buffer.concat([gifHeader, loop, gce, image, trailer]))).toBe(true);
    expect(() => stripGifMetadata(Buffer.concat([gifHeader, gce, image.subarray(0, 12)]))).toThrow(MetadataStripError);
  });

  const chunk = (type: string, data: Buffer) => Buffer.concat([bytes([0, 0, (data.length >> 8) & 255, data.length & 255]), bytes(type), data, bytes([0, 0, 0, 0])]);
  const sig = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  it("PNG: drops text, time and eXIf chunks; tells an animated PNG", () => {
    const ihdr = chunk("IHDR", Buffer.alloc(13));
    const actl = chunk("acTL", Buffer.alloc(8));
    const idat = chunk("IDAT", Buffer.alloc(10));
    const iend = chunk("IEND", Buffer.alloc(0));
    const input = Buffer.concat([sig, ihdr, actl, chunk("eXIf", bytes("MM\0*gps")), chunk("tEXt", bytes("GPS\0here")), chunk("iTXt", bytes("XML:com.adobe.xmp\0")), idat, iend, bytes("tail")]);
    expect(isAnimatedPng(input)).toBe(true);
    expect(Buffer.from(stripPngMetadata(input)).equals(Buffer.concat([sig, ihdr, actl, idat, iend]))).toBe(true);
    expect(isAnimatedPng(Buffer.concat([sig, ihdr, idat, actl, iend]))).toBe(false);
  });

  it("HEIF: a file without a meta box is left as it is; a broken one is refused", () => {
    const plain = Buffer.concat([ftyp("heic", "mif1"), bytes([0, 0, 0, 12], "mdat", "abcd")]);
    expect(Buffer.from(stripHeifMetadata(plain).bytes).equals(plain)).toBe(true);
    const broken = Buffer.concat([ftyp("heic"), bytes([0, 0, 0, 200], "meta", [0, 0, 0, 0])]);
    expect(() => stripHeifMetadata(broken)).toThrow(MetadataStripError);
  });
});

