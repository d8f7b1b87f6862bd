import { describe, expect, it } from "vitest";
import { checkContainer, cleanFileName, containerCheck, MEDIA_TYPES, sniffMedia, sniffMediaType, type MediaTypeId } from "@/lib/media/sniff";

// What a file is from its first bytes (file-type, then our allow-list of brands), and whether a
// video's container parses to its end. The multipart reader, ranges and metadata removal have their
// own files (media-multipart, media-http, media-exif).

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));
const pad = (b: Buffer, n = 64) => Buffer.concat([b, Buffer.alloc(n, 0x41)]);

function ftyp(major: string, ...compatible: string[]) {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], "ftyp", major, [0, 0, 0, 0], ...compatible);
}

/** EBML header: DocTypeVersion then DocType. */
function ebml(docType: string) {
  const body = bytes([0x42, 0x87, 0x81, 0x04], [0x42, 0x82, 0x80 | docType.length], docType);
  return bytes([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length], body.toString("latin1"));
}

describe("sniffMediaType: magic bytes decide", () => {
  const cases: [string, Buffer, keyof typeof MEDIA_TYPES][] = [
    ["JPEG", bytes([0xff, 0xd8, 0xff, 0xe0]), "jpeg"],
    // file-type reads a PNG's chunks: the signature must be followed by the 13-byte IHDR chunk.
    ["PNG", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], "IHDR"), "png"],
    ["APNG", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], "IHDR", Array(17).fill(0), [0, 0, 0, 8], "acTL"), "png"],
    ["GIF87a", bytes("GIF87a"), "gif"],
    ["GIF89a", bytes("GIF89a"), "gif"],
    ["WebP", bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "), "webp"],
    ["HEIC (heic)", ftyp("heic", "mif1", "heic"), "heic"],
    ["HEIC (heix)", ftyp("heix", "mif1"), "heic"],
    ["HEIC (hevc)", ftyp("hevc", "msf1"), "heic"],
    ["HEIC (heim)", ftyp("heim"), "heic"],
    ["HEIC (heis)", ftyp("heis"), "heic"],
    ["HEIF (mif1)", ftyp("mif1", "heic"), "heif"],
    ["HEIF (msf1)", ftyp("msf1"), "heif"],
    ["MP4 (isom)", ftyp("isom", "isom", "iso2", "avc1", "mp41"), "mp4"],
    ["MP4 (iso2)", ftyp("iso2"), "mp4"],
    ["MP4 (mp41)", ftyp("mp41"), "mp4"],
    ["MP4 (mp42)", ftyp("mp42", "isom"), "mp4"],
    ["MP4 (avc1)", ftyp("avc1"), "mp4"],
    ["MP4 (dash)", ftyp("dash", "iso6"), "mp4"],
    ["MP4 (M4V)", ftyp("M4V ", "M4V ", "mp42", "isom"), "mp4"],
    ["MP4 (unknown major, mp42 compatible)", ftyp("XAVC", "mp42", "iso2"), "mp4"],
    ["QuickTime", ftyp("qt  ", "qt  "), "quicktime"],
    ["WebM", ebml("webm"), "webm"],
  ];
  for (const [name, head, expected] of cases) {
    it(`${name} → ${expected}`, async () => {
      expect(await sniffMediaType(pad(head))).toBe(expected);
      expect(MEDIA_TYPES[expected].mime).toMatch(/^(image|video)\//);
    });
  }

  it("refuses what is not one of them, whatever its name says", async () => {
    const refused: [string, Buffer][] = [
      ["a Windows executable (MZ)", bytes("MZ", [0x90, 0, 3, 0, 0, 0, 4, 0])],
      ["an ELF binary", bytes([0x7f], "ELF", [2, 1, 1])],
      ["an HTML page", bytes("<!DOCTYPE html><html><script>alert(1)</script>")],
      ["HTML with a BOM and spaces", bytes([0xef, 0xbb, 0xbf], "  <html>")],
      ["an SVG", bytes('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')],
      ["a PDF", bytes("%PDF-1.7")],
      ["a ZIP", bytes("PK", [3, 4])],
      ["AVIF (not on the list)", ftyp("avif", "mif1", "miaf")],
      ["M4A audio", ftyp("M4A ", "mp42", "isom")],
      ["3GP", ftyp("3gp5", "3gp5")],
      ["Matroska that is not WebM", ebml("matroska")],
      ["RIFF that is not WebP (WAV)", bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt ")],
      ["a truncated PNG signature", bytes([0x89, 0x50, 0x4e, 0x47])],
      ["a PNG signature without its IHDR chunk", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
      ["JPEG's first two bytes only", bytes([0xff, 0xd8])],
      ["an ftyp box with a silly size", bytes([0xff, 0xff, 0xff, 0xff], "ftypisom")],
      ["nothing", Buffer.alloc(0)],
    ];
    for (const [name, head] of refused) expect(await sniffMediaType(pad(head)), name).toBeNull();
    expect(await sniffMediaType(Buffer.alloc(0))).toBeNull();
  });

  it("sniffMedia gives the whole type, as the upload widget uses it", async () => {
    expect(await sniffMedia(pad(bytes([0xff, 0xd8, 0xff, 0xe0])))).toBe(MEDIA_TYPES.jpeg);
    expect(await sniffMedia(pad(bytes("%PDF-1.7")))).toBeNull();
  });
});

// ---- container structure -----------------------------------------------------------------------------

// Real files: recorded by Chromium's MediaRecorder from a 16×16 canvas (6 frames, VP8 in WebM, H.264
// in fragmented MP4), base64 here so the test needs no encoder.
const CHROMIUM_WEBM = Buffer.from(
  "GkXfo59ChoEBQveBAULygQRC84EIQoKEd2VibUKHgQRChYECGFOAZwEAAAAAAAJOEU2bdLlNu4tTq4QVSalmU6yBbk27i1OrhBZU" +
  "rmtTrIGTTbuLU6uEH0O2dVOsgdRNu4xTq4QcU7trU6yCAjzsrgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
  "AAAAAAAAAAAVSalmoCrXsYMPQkBEiYRDl78bTYCGQ2hyb21lV0GGQ2hyb21lFlSua7yuuteBAXPFh+U3W+5gH82DgQFV7oEBhoVW" +
  "X1ZQOOCdsIEQuoEQU8CBAVWwkFWxgQFVuYECVbqBDVW7gQEfQ7Z1AQAAAAAAAVzngQCg6aG+gQAAALACAJ0BKhAAEAAABwiFhYiZ" +
  "hIgBJBATrVAfwBBn79j+/n/P/+++HvfD3vh/nF//qNH+o0f6jR/+oZB1oaampO6BAaWfEAIAnQEqEAAQAAGHCIWFiJmEiAgCAAwN" +
  "YAD+/k3gAKDOoa6BAHkA8QEAABAUABgHOAg1P/LNQNwA/vxYN//iSbOuia/8SU//oWQYLocf+g3AdaGYppbugQGlkbEBAAYQXAAY" +
  "ABhYL/QACAAA+4EAoMyhrIEA8gCxAQAAEAkgAMABgf+gYAd4/v9VYf/+o0UXyi+f/qNH/5SkKkQVJOjwdaGYppbugQGlkbEBAAYQ" +
  "VAAYABhYL/QACAAA+4F5oM6hroEBLwCxAQAAEAkgAMABgf+gYAd4/v0+Av/3xIeJeyT/74k//zDwZnzM//8wIAB1oZimlu6BAaWR" +
  "sQEABhBMABgAGFgv9AAIAAD7gfIcU7trjbuLs4EAt4b3gQHxgdQ=",
  "base64",
);
const CHROMIUM_MP4 = Buffer.from(
  "AAAAJGZ0eXBpc29tAAACAGlzb21pc282aXNvMmF2YzFtcDQxAAACym1vb3YAAAB4bXZoZAEAAAAAAAAA5zJvQAAAAADnMm9AAAAD" +
  "6AAAAAAAAAFPAAEAAAEAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAA" +
  "AAAAAAAAAAAAAAAAAAIAAAIidHJhawAAAGh0a2hkAQAAAwAAAADnMm9AAAAAAOcyb0AAAAABAAAAAAAAAAAAAAFPAAAAAAAAAAAA" +
  "AAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAQAAAAAAQAAAAEAAAAAABsm1kaWEAAAAsbWRoZAEAAAAAAAAA" +
  "5zJvQAAAAADnMm9AAAB1MAAAAAAAAAFPVcQAAAAAAC1oZGxyAAAAAAAAAAB2aWRlAAAAAAAAAAAAAAAAVmlkZW9IYW5kbGVyAAAA" +
  "AVFtaW5mAAAAFHZtaGQAAAABAAAAAAAAAAAAAAAlZGluZgAAAB1kcmVmAAAAAAAAAAEAAAANdXJsIAAAAAEAAAABEHN0YmwAAAAQ" +
  "c3RzYwAAAAAAAAAAAAAAEHN0dHMAAAAAAAAAAAAAABRzdHN6AAAAAAAAAAAAAAAAAAAAEHN0Y28AAAAAAAAAAAAAAMRzdHNkAAAA" +
  "AAAAAAEAAAC0YXZjMQAAAAAAAAABAAAAAQAAAAAAAAAAAAAAAAAQABAASAAAAEgAAAAAAAAAAQtBVkMxIENvZGluZwAAAAAAAAAA" +
  "AAAAAAAAAAAAAAAAABj//wAAABBwYXNwAAAAAQAAAAEAAAAUYnRydAAAAAAAAAAAAAAAAAAAACdhdmNDAULACv/hABBnQsAKjI1O" +
  "TcBDQEHhEI1AAQAEaM48gAAAABNjb2xybmNseAABAA0AAYAAAAAobXZleAAAACB0cmV4AAAAAAAAAAEAAAABAAAAAAAAAAAAAAAA" +
  "AAAAgG1vb2YAAAAQbWZoZAAAAAAAAAABAAAAaHRyYWYAAAAUdGZoZAACACAAAAABAQEAAAAAABR0ZmR0AQAAAAAAAAAAAAAAAAAA" +
  "OHRydW4BAAMFAAAABAAAAIgCAAAAAAAONgAAAB0AAA43AAAAHgAABwkAAAAdAAAD5wAAAF0AAAC9bWRhdAAAABlluAAEAAAJ///4" +
  "IooAAgN+OAAIB8cAAQqsAAAAGmHgAEAAvkCfN//8EUUAAQCvHAAEH+OAAITOAAAAGWHgAIABPkDfN//8EUUAAQS/HAAENiOAAXwA" +
  "AABZYeAAwAG+QE/4UigACBVFAAECqKAAIFUUAAQKooAAgVRQABAqigACBVFAAECqKAAIFUUAAQKooAAgVRQABAqigACBVFAAECqK" +
  "AAIFUUAAQKo4AAgYxwABFIwAAABMbWZyYQAAADR0ZnJhAQAAAAAAAAEAAAA/AAAAAQAAAAAAAAAAAAAAAAAAAu4AAAABAAAAAQAA" +
  "AAEAAAAQbWZybwAAAAAAAABM",
  "base64",
);

const box = (type: string, body: Buffer | string = "") => {
  const data = typeof body === "string" ? Buffer.from(body, "latin1") : body;
  return Buffer.concat([bytes([0, 0, (data.length + 8) >> 8, (data.length + 8) & 255]), bytes(type), data]);
};
/** A box with a 64-bit size (size field 1, then the size). */
const box64 = (type: string, body: Buffer) => {
  const head = Buffer.alloc(16);
  head.writeUInt32BE(1, 0);
  head.write(type, 4, "latin1");
  head.writeBigUInt64BE(BigInt(body.length + 16), 8);
  return Buffer.concat([head, body]);
};
const mvhd = box("mvhd", Buffer.alloc(100));
const mp4 = (...boxes: Buffer[]) => Buffer.concat([ftyp("isom", "isom", "avc1"), ...boxes]);
/** A QuickTime movie as older cameras write it: ftyp, wide, the media, and the index at the end. */
const QUICKTIME = Buffer.concat([ftyp("qt  ", "qt  "), box("wide"), box64("mdat", Buffer.alloc(300, 7)), box("moov", box("mvhd", Buffer.alloc(100)))]);

/** Where the element with this EBML ID starts (not the mention of the ID in the SeekHead, after 0x53AB 0x84). */
function idAt(file: Buffer, id: number[]): number {
  for (let at = file.indexOf(Buffer.from(id)); at >= 0; at = file.indexOf(Buffer.from(id), at + 1)) {
    if (!(file[at - 1] === 0x84 && file[at - 2] === 0xab && file[at - 3] === 0x53)) return at;
  }
  return -1;
}
const SEGMENT = [0x18, 0x53, 0x80, 0x67];
const CLUSTER = [0x1f, 0x43, 0xb6, 0x75];
/** The recording with its Segment and Cluster sizes set to "unknown", as a live MediaRecorder stream writes them. */
function unknownSizes(file: Buffer): Buffer {
  const out = Buffer.from(file);
  for (const id of [SEGMENT, CLUSTER]) {
    const at = idAt(out, id) + 4;
    expect(out[at]).toBe(0x01); // an 8-byte size, which the test can overwrite in place
    out.fill(0xff, at + 1, at + 8);
  }
  return out;
}

/** Feeds the file in pieces of the given sizes, as the upload's stream does. */
function checkInPieces(type: MediaTypeId, file: Buffer, size: number): string | null {
  const check = containerCheck(type)!;
  for (let at = 0; at < file.length; at += size) {
    const reason = check.push(file.subarray(at, at + size));
    if (reason) return reason;
  }
  return check.end();
}

describe("checkContainer: a video's structure must parse to its end", () => {
  it("the real recordings are sniffed and parse, fed whole or a byte at a time", async () => {
    expect(await sniffMediaType(CHROMIUM_WEBM)).toBe("webm");
    expect(await sniffMediaType(CHROMIUM_MP4)).toBe("mp4");
    for (const [type, file] of [["webm", CHROMIUM_WEBM], ["webm", unknownSizes(CHROMIUM_WEBM)], ["mp4", CHROMIUM_MP4]] as const) {
      for (const size of [file.length, 1, 7, 64]) expect(checkInPieces(type, file, size), `${type} in pieces of ${size}`).toBeNull();
    }
  });

  it("MP4 and QuickTime: ftyp first, moov and mdat anywhere, 64-bit and to-the-end sizes", () => {
    expect(checkContainer("quicktime", QUICKTIME)).toBeNull();
    expect(checkContainer("mp4", mp4(box("moov", mvhd), box("free", "xx"), box("mdat", "media")))).toBeNull();
    // size 0: the last box runs to the end of the file.
    expect(checkContainer("mp4", mp4(box("moov", mvhd), bytes([0, 0, 0, 0], "mdat"), Buffer.alloc(1000)))).toBeNull();
  });

  it("refuses every cut of a WebM, and an MP4 cut inside a box", () => {
    for (let cut = 0; cut < CHROMIUM_WEBM.length; cut++) expect(checkContainer("webm", CHROMIUM_WEBM.subarray(0, cut)), `cut at ${cut}`).not.toBeNull();
    // Sizes unknown, a cut between two blocks is a shorter but whole recording; a cut inside one is not.
    const live = unknownSizes(CHROMIUM_WEBM);
    const firstBlock = idAt(live, CLUSTER) + 15;
    expect(checkContainer("webm", live.subarray(0, firstBlock + 10))).toBe("the file is cut off in the middle of its last part");
    expect(checkContainer("webm", live.subarray(0, live.length - 5))).toBe("the file is cut off in the middle of its last part");
    const boundaries = new Set<number>();
    for (let at = 0; at < CHROMIUM_MP4.length; at += CHROMIUM_MP4.readUInt32BE(at)) boundaries.add(at);
    expect(boundaries.size).toBeGreaterThan(4); // ftyp, moov, then fragments (moof + mdat)
    for (let cut = 1; cut < CHROMIUM_MP4.length; cut++) {
      if (!boundaries.has(cut)) expect(checkContainer("mp4", CHROMIUM_MP4.subarray(0, cut)), `cut at ${cut}`).toBe("the file is cut off in the middle of its last part");
    }
    expect(checkContainer("mp4", CHROMIUM_MP4.subarray(0, [...boundaries][2]))).toMatch(/no mdat/);
  });

  it("refuses MP4 boxes that do not parse or hold no movie", () => {
    const refused: [string, Buffer, RegExp][] = [
      ["an ftyp followed by random bytes", Buffer.concat([ftyp("isom"), Buffer.from("\x00\x00\x00\x02\x01garbage garbage garbage", "latin1")]), /impossible size|readable box type/],
      ["a box type that is not text", mp4(bytes([0, 0, 0, 8, 0, 1, 2, 3])), /no readable box type at byte 24/],
      ["a box smaller than its header", mp4(bytes([0, 0, 0, 4], "moov")), /impossible size/],
      ["a 64-bit size past 2^53", mp4(bytes([0, 0, 0, 1], "mdat", [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])), /impossible size/],
      ["a box larger than the file", mp4(box("moov", mvhd), bytes([0, 0, 0x10, 0], "mdat", "short")), /cut off/],
      ["no moov", mp4(box("mdat", "media")), /no moov/],
      ["no mdat", mp4(box("moov", mvhd)), /no mdat/],
      ["three stray bytes at the end", Buffer.concat([mp4(box("moov", mvhd), box("mdat", "m")), bytes([0, 0, 0])]), /cut off/],
      ["no ftyp first", Buffer.concat([box("moov", mvhd), ftyp("isom"), box("mdat", "m")]), /ftyp/],
      ["a QuickTime movie cut in its mdat", QUICKTIME.subarray(0, 200), /cut off/],
    ];
    for (const [name, file, reason] of refused) expect(checkContainer("mp4", file), name).toMatch(reason);
  });

  it("refuses WebM that is not an EBML header and a Segment holding Info, Tracks and Clusters", () => {
    const header = CHROMIUM_WEBM.subarray(0, idAt(CHROMIUM_WEBM, SEGMENT));
    const segmentBody = CHROMIUM_WEBM.subarray(idAt(CHROMIUM_WEBM, SEGMENT) + 12);
    const segment = (body: Buffer) => {
      const size = Buffer.alloc(8);
      size.writeBigUInt64BE(BigInt(body.length));
      size[0] = 0x01; // the marker of an 8-byte size
      return Buffer.concat([bytes(SEGMENT), size, body]);
    };
    expect(checkContainer("webm", Buffer.concat([header, segment(segmentBody)]))).toBeNull(); // the helper rebuilds the original
    const info = segmentBody.subarray(idAt(segmentBody, [0x15, 0x49, 0xa9, 0x66]));
    const refused: [string, Buffer, RegExp][] = [
      ["a header alone", header, /no Segment/],
      ["a Cluster straight after the header", Buffer.concat([header, CHROMIUM_WEBM.subarray(idAt(CHROMIUM_WEBM, CLUSTER))]), /not followed by a Segment/],
      ["garbage after the header", Buffer.concat([header, bytes("garbage, not EBML at all")]), /not followed by a Segment|no valid element/],
      ["an invalid element ID", Buffer.concat([header, bytes(SEGMENT, [0x81, 0x00])]), /no valid element/],
      ["an element running past its Segment", Buffer.concat([header, bytes(SEGMENT, [0x84], [0xec, 0x88], "12345678")]), /past the end of its parent/],
      ["a Segment without Tracks or Clusters", Buffer.concat([header, segment(Buffer.from(info.subarray(0, idAt(info, [0x16, 0x54, 0xae, 0x6b]))))]), /no Tracks/],
      ["a Segment without Clusters", Buffer.concat([header, segment(Buffer.from(info.subarray(0, idAt(info, CLUSTER))))]), /no Cluster/],
      ["Info of unknown size", Buffer.concat([header, bytes(SEGMENT, [0xff], [0x15, 0x49, 0xa9, 0x66, 0xff])]), /unknown size/],
      ["no DocType", Buffer.concat([ebmlWithout(), segment(segmentBody)]), /DocType/],
      ["a header claiming 1 MB", bytes([0x1a, 0x45, 0xdf, 0xa3, 0x10, 0x10, 0, 0]), /impossible size/],
      ["an MP4", CHROMIUM_MP4, /no valid element at byte 0/],
    ];
    for (const [name, file, reason] of refused) expect(checkContainer("webm", file), name).toMatch(reason);
  });
});

/** An EBML header with only a DocTypeVersion. */
function ebmlWithout() {
  return bytes([0x1a, 0x45, 0xdf, 0xa3, 0x84, 0x42, 0x87, 0x81, 0x04]);
}

describe("cleanFileName", () => {
  const jpeg = MEDIA_TYPES.jpeg;
  it("keeps the last path segment and a matching extension", () => {
    expect(cleanFileName("../../etc/passwd.jpg", jpeg)).toBe("passwd.jpg");
    expect(cleanFileName("C:\\Users\\me\\Pictures\\IMG_0001.JPG", jpeg)).toBe("IMG_0001.JPG");
    expect(cleanFileName("holiday.jpeg", jpeg)).toBe("holiday.jpeg");
  });
  it("gives the sniffed type's extension when the name has another or none", () => {
    expect(cleanFileName("invoice.exe", jpeg)).toBe("invoice.jpg");
    expect(cleanFileName("photo.jpg", MEDIA_TYPES.png)).toBe("photo.png");
    expect(cleanFileName("noext", MEDIA_TYPES.mp4)).toBe("noext.mp4");
    expect(cleanFileName("", jpeg)).toBe("upload.jpg");
    expect(cleanFileName(null, MEDIA_TYPES.webm)).toBe("upload.webm");
    expect(cleanFileName("...", jpeg)).toBe("upload.jpg");
    expect(cleanFileName(".htaccess", jpeg)).toBe("htaccess.jpg");
    expect(cleanFileName("IMG_1.HEIC", MEDIA_TYPES.heif)).toBe("IMG_1.HEIC");
  });
  it("removes control and disguising characters, and separators", () => {
    expect(cleanFileName("a\u0000b\r\nc.jpg", jpeg)).toBe("abc.jpg");
    expect(cleanFileName("photo\u202egpj.exe", jpeg)).toBe("photogpj.jpg");
    expect(cleanFileName('we<ird>:"na|me?*.jpg', jpeg)).toBe("we_ird___na_me__.jpg");
    expect(cleanFileName("  spaced   out  .jpg", jpeg)).toBe("spaced out.jpg");
  });
  it("is at most 120 characters, extension included, without splitting a character", () => {
    const long = cleanFileName(`${"é".repeat(200)}.jpg`, jpeg);
    expect(Array.from(long).length).toBeLessThanOrEqual(120);
    expect(long.endsWith(".jpg")).toBe(true);
    const emoji = cleanFileName(`${"😀".repeat(200)}.mp4`, MEDIA_TYPES.mp4);
    expect(Array.from(emoji).length).toBe(120);
    expect(emoji.isWellFormed()).toBe(true);
  });
});
