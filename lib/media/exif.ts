// Byte-level metadata removal for the formats that are not re-encoded (sharp re-encodes JPEG, still
// PNG and WebP without metadata; see lib/media/image.ts). Pure: no server imports.
//
// - HEIC/HEIF: sharp's prebuilt libvips reads AV1 HEIF only, so an iPhone's HEVC photo cannot be
//   re-encoded. Its Exif (GPS included) and XMP are separate items of the `meta` box whose bytes the
//   `iloc` box locates; those bytes are overwritten in place (an empty Exif block, then zeros), so
//   every offset in the file stays valid and the image itself is untouched.
// - GIF: no Exif, but application extensions can carry XMP (and comments anything): all are
//   dropped except the animation loop count (NETSCAPE2.0 / ANIMEXTS1.0) and an ICC profile.
// - Animated PNG (sharp would flatten it to one frame): the text, time and eXIf chunks are dropped.
// Hand-written: JS libraries read this metadata (exifr) or rewrite JPEG only (piexifjs); ExifTool would be a Perl process per upload.

export class MetadataStripError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MetadataStripError";
  }
}

const fail = (what: string): never => {
  throw new MetadataStripError(what);
};

// ---- ISO base media (HEIF) ----------------------------------------------------------------

type Box = { type: string; start: number; header: number; end: number };

function u8(b: Uint8Array, at: number): number {
  if (at >= b.length) fail("truncated box");
  return b[at]!;
}
function u16(b: Uint8Array, at: number): number {
  return u8(b, at) * 0x100 + u8(b, at + 1);
}
function u32(b: Uint8Array, at: number): number {
  return u16(b, at) * 0x10000 + u16(b, at + 2);
}
function uN(b: Uint8Array, at: number, bytes: number): number {
  if (bytes === 0) return 0;
  if (bytes === 4) return u32(b, at);
  if (bytes === 8) {
    const value = u32(b, at) * 0x1_0000_0000 + u32(b, at + 4);
    if (!Number.isSafeInteger(value)) fail("offset too large");
    return value;
  }
  if (bytes === 2) return u16(b, at);
  return fail(`unsupported field size ${bytes}`);
}
function fourcc(b: Uint8Array, at: number): string {
  return String.fromCharCode(u8(b, at), u8(b, at + 1), u8(b, at + 2), u8(b, at + 3));
}

/** The boxes directly inside [start, end). */
function boxesIn(b: Uint8Array, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = u32(b, at);
    const type = fourcc(b, at + 4);
    let header = 8;
    if (size === 1) {
      size = uN(b, at + 8, 8);
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) fail(`box ${type} overruns its parent`);
    boxes.push({ type, start: at, header, end: at + size });
    at += size;
  }
  return boxes;
}

function cString(b: Uint8Array, at: number, end: number): { text: string; next: number } {
  let i = at;
  while (i < end && b[i] !== 0) i++;
  return { text: Buffer.from(b.subarray(at, i)).toString("utf8"), next: Math.min(i + 1, end) };
}

/** Item ids of the `meta` box's Exif and XMP items (iinf → infe). */
function metadataItemIds(b: Uint8Array, iinf: Box): Set<number> {
  const ids = new Set<number>();
  const version = u8(b, iinf.start + iinf.header);
  const entriesAt = iinf.start + iinf.header + 4 + (version === 0 ? 2 : 4);
  for (const infe of boxesIn(b, entriesAt, iinf.end)) {
    if (infe.type !== "infe") continue;
    const at = infe.start + infe.header;
    const v = u8(b, at);
    let p = at + 4;
    if (v >= 2) {
      const id = v === 2 ? u16(b, p) : u32(b, p);
      p += v === 2 ? 2 : 4;
      p += 2; // item_protection_index
      const type = fourcc(b, p);
      p += 4;
      if (type === "Exif") ids.add(id);
      if (type === "mime") {
        const name = cString(b, p, infe.end);
        const contentType = cString(b, name.next, infe.end).text.toLowerCase();
        if (contentType.includes("rdf+xml") || contentType.includes("xmp")) ids.add(id);
      }
    } else {
      const id = u16(b, p);
      p += 4; // item_ID, item_protection_index
      const name = cString(b, p, infe.end);
      const contentType = cString(b, name.next, infe.end).text.toLowerCase();
      if (name.text.toLowerCase() === "exif" || contentType.includes("rdf+xml") || contentType.includes("xmp") || contentType.includes("exif")) {
        ids.add(id);
      }
    }
  }
  return ids;
}

type Extent = { offset: number; length: number };

/** The absolute byte ranges of the given items (iloc; construction methods 0 = file, 1 = idat). */
function itemExtents(b: Uint8Array, iloc: Box, wanted: Set<number>, idat: Box | undefined): Extent[] {
  const at = iloc.start + iloc.header;
  const version = u8(b, at);
  if (version > 2) fail(`iloc version ${version}`);
  let p = at + 4;
  const sizes = u8(b, p++);
  const sizes2 = u8(b, p++);
  const offsetSize = sizes >> 4;
  const lengthSize = sizes & 0xf;
  const baseOffsetSize = sizes2 >> 4;
  const indexSize = version === 1 || version === 2 ? sizes2 & 0xf : 0;
  const count = version < 2 ? u16(b, p) : u32(b, p);
  p += version < 2 ? 2 : 4;
  const out: Extent[] = [];
  for (let i = 0; i < count; i++) {
    const id = version < 2 ? u16(b, p) : u32(b, p);
    p += version < 2 ? 2 : 4;
    let method = 0;
    if (version === 1 || version === 2) {
      method = u16(b, p) & 0xf;
      p += 2;
    }
    p += 2; // data_reference_index
    const base = uN(b, p, baseOffsetSize);
    p += baseOffsetSize;
    const extents = u16(b, p);
    p += 2;
    for (let e = 0; e < extents; e++) {
      p += indexSize;
      const offset = uN(b, p, offsetSize);
      p += offsetSize;
      const length = uN(b, p, lengthSize);
      p += lengthSize;
      if (!wanted.has(id)) continue;
      if (length === 0) fail("an extent without a length");
      if (method === 0) out.push({ offset: base + offset, length });
      else if (method === 1) {
        if (!idat) fail("idat missing");
        out.push({ offset: idat!.start + idat!.header + base + offset, length });
      } else fail(`construction method ${method}`);
    }
    if (p > iloc.end) fail("iloc overruns its box");
  }
  return out;
}

/** An empty Exif item: the 4-byte offset to the TIFF header, then a big-endian TIFF with no entries. */
const EMPTY_EXIF = Uint8Array.from([0, 0, 0, 0, 0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0]);

/**
 * A copy of a HEIF file whose Exif and XMP items are blanked. Returns how many ranges were blanked.
 * Throws MetadataStripError when the container cannot be read with confidence.
 */
export function stripHeifMetadata(input: Uint8Array): { bytes: Uint8Array; blanked: number } {
  const b = Uint8Array.from(input);
  const top = boxesIn(b, 0, b.length);
  if (top[0]?.type !== "ftyp") fail("no ftyp box first");
  const metas = top.filter((box) => box.type === "meta");
  if (metas.length > 1) fail("more than one meta box");
  const meta = metas[0];
  if (!meta) return { bytes: b, blanked: 0 };
  const children = boxesIn(b, meta.start + meta.header + 4, meta.end);
  const iinf = children.find((c) => c.type === "iinf");
  const iloc = children.find((c) => c.type === "iloc");
  const idat = children.find((c) => c.type === "idat");
  if (!iinf) return { bytes: b, blanked: 0 };
  const ids = metadataItemIds(b, iinf);
  if (ids.size === 0) return { bytes: b, blanked: 0 };
  if (!iloc) fail("items without an iloc box");
  const extents = itemExtents(b, iloc!, ids, idat);
  for (const { offset, length } of extents) {
    if (offset + length > b.length) fail("an item lies outside the file");
    b.fill(0, offset, offset + length);
  }
  // The first extent of each Exif item starts with its header: make it a valid, empty one.
  for (const { offset, length } of extents) {
    if (length >= EMPTY_EXIF.length && isExifItemStart(input, offset)) b.set(EMPTY_EXIF, offset);
  }
  return { bytes: b, blanked: extents.length };
}

function isExifItemStart(b: Uint8Array, at: number): boolean {
  if (at + 8 > b.length) return false;
  const skip = u32(b, at);
  const tiff = at + 4 + skip;
  if (tiff + 4 > b.length) return false;
  const mark = fourcc(b, tiff);
  return mark === "MM\u0000*" || mark === "II*\u0000";
}

// ---- GIF ----------------------------------------------------------------------------------------

const KEEP_APPLICATIONS = new Set(["NETSCAPE2.0", "ANIMEXTS1.0", "ICCRGBG1012"]);

/** A copy of a GIF without comments, unknown application extensions (XMP) or bytes after its trailer. */
export function stripGifMetadata(b: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [];
  const head = String.fromCharCode(...b.subarray(0, 6));
  if (head !== "GIF87a" && head !== "GIF89a") fail("not a GIF");
  const packed = u8(b, 10);
  let p = 13 + (packed & 0x80 ? 3 * (1 << ((packed & 7) + 1)) : 0);
  if (p > b.length) fail("truncated GIF");
  out.push(b.subarray(0, p));

  /** The end of the data sub-blocks starting at `at` (after their 0 terminator). */
  const subBlocksEnd = (at: number): number => {
    let q = at;
    for (;;) {
      const size = u8(b, q);
      q += 1 + size;
      if (size === 0) return q;
      if (q > b.length) fail("truncated GIF");
    }
  };

  for (;;) {
    const introducer = u8(b, p);
    if (introducer === 0x3b) {
      out.push(b.subarray(p, p + 1));
      break;
    }
    if (introducer === 0x2c) {
      const lctFlags = u8(b, p + 9);
      const dataAt = p + 10 + (lctFlags & 0x80 ? 3 * (1 << ((lctFlags & 7) + 1)) : 0) + 1; // + LZW minimum code size
      const end = subBlocksEnd(dataAt);
      out.push(b.subarray(p, end));
      p = end;
      continue;
    }
    if (introducer === 0x21) {
      const label = u8(b, p + 1);
      const end = subBlocksEnd(p + 2);
      let keep = label === 0xf9 || label === 0x01; // graphic control, plain text
      if (label === 0xff && u8(b, p + 2) === 11) {
        keep = KEEP_APPLICATIONS.has(String.fromCharCode(...b.subarray(p + 3, p + 14)));
      }
      if (keep) out.push(b.subarray(p, end));
      p = end;
      continue;
    }
    fail(`unexpected GIF block 0x${introducer.toString(16)}`);
  }
  return Buffer.concat(out);
}

// ---- PNG (animated) ------------------------------------------------------------------------------

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const DROP_PNG_CHUNKS = new Set(["eXIf", "tEXt", "zTXt", "iTXt", "tIME"]);

function pngChunks(b: Uint8Array): { type: string; start: number; end: number }[] {
  if (!PNG_SIGNATURE.every((v, i) => b[i] === v)) fail("not a PNG");
  const chunks: { type: string; start: number; end: number }[] = [];
  let p = 8;
  for (;;) {
    const length = u32(b, p);
    const type = fourcc(b, p + 4);
    const end = p + 12 + length;
    if (end > b.length) fail("truncated PNG");
    chunks.push({ type, start: p, end });
    p = end;
    if (type === "IEND") return chunks;
  }
}

/** An animated PNG has an acTL chunk before its first IDAT. */
export function isAnimatedPng(b: Uint8Array): boolean {
  try {
    for (const c of pngChunks(b)) {
      if (c.type === "acTL") return true;
      if (c.type === "IDAT") return false;
    }
  } catch {
    return false;
  }
  return false;
}

/** A copy of a PNG without text, time or Exif chunks, ending at IEND. */
export function stripPngMetadata(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  for (const c of pngChunks(b)) if (!DROP_PNG_CHUNKS.has(c.type)) parts.push(b.subarray(c.start, c.end));
  return Buffer.concat(parts);
}
