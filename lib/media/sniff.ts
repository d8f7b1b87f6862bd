// What an uploaded file is, decided by its first bytes (file-type reads them): never by its name or
// the client's Content-Type. Pure: no server imports, so the unit tests (and the upload widget's
// pre-check) can use it.

export type MediaKind = "image" | "video";

export type MediaType = {
  mime: string;
  kind: MediaKind;
  /** The extension a cleaned file name ends with, without the dot. */
  ext: string;
  /** Extensions a client's name may already carry for this type (kept as they are). */
  exts: readonly string[];
  label: string;
};

export const MEDIA_TYPES = {
  jpeg: { mime: "image/jpeg", kind: "image", ext: "jpg", exts: ["jpg", "jpeg", "jpe", "jfif"], label: "JPEG" },
  png: { mime: "image/png", kind: "image", ext: "png", exts: ["png", "apng"], label: "PNG" },
  gif: { mime: "image/gif", kind: "image", ext: "gif", exts: ["gif"], label: "GIF" },
  webp: { mime: "image/webp", kind: "image", ext: "webp", exts: ["webp"], label: "WebP" },
  heic: { mime: "image/heic", kind: "image", ext: "heic", exts: ["heic", "heif", "heics", "heifs", "hif"], label: "HEIC" },
  heif: { mime: "image/heif", kind: "image", ext: "heif", exts: ["heif", "heic", "heifs", "heics", "hif"], label: "HEIF" },
  mp4: { mime: "video/mp4", kind: "video", ext: "mp4", exts: ["mp4", "m4v"], label: "MP4" },
  quicktime: { mime: "video/quicktime", kind: "video", ext: "mov", exts: ["mov", "qt"], label: "QuickTime" },
  webm: { mime: "video/webm", kind: "video", ext: "webm", exts: ["webm"], label: "WebM" },
} as const satisfies Record<string, MediaType>;

export type MediaTypeId = keyof typeof MEDIA_TYPES;

/** Every content type the app stores (and so may serve back). */
export const ALLOWED_MIME_TYPES: readonly string[] = Object.values(MEDIA_TYPES).map((t) => t.mime);

/** The sniffer decides within this many bytes (or the whole file, when it is smaller). */
export const SNIFF_BYTES = 64 * 1024;

export const ALLOWED_TYPES_TEXT = "JPEG, PNG, WebP, GIF, HEIC/HEIF photos and MP4, WebM or QuickTime (.mov) videos";

/** file-type's answers that we take, by its MIME type; anything else it finds (or nothing) is refused. */
const BY_DETECTED_MIME: Record<string, MediaTypeId | "iso-bmff"> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/apng": "png",
  "image/gif": "gif",
  "image/webp": "webp",
  "video/webm": "webm",
  // ISO base media files: which of ours (if any) one is, its brands decide (sniffIsoBmff).
  "image/heic": "iso-bmff",
  "image/heic-sequence": "iso-bmff",
  "image/heif": "iso-bmff",
  "image/heif-sequence": "iso-bmff",
  "video/mp4": "iso-bmff",
  "video/x-m4v": "iso-bmff",
  "video/quicktime": "iso-bmff",
};

const HEIC_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs"]);
const HEIF_BRANDS = new Set(["mif1", "msf1", "mif2"]);
const MP4_BRANDS = new Set(["isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "dash", "M4V ", "M4VP", "M4VH"]);
const QT_BRANDS = new Set(["qt  "]);
/** HEIF-family containers of another codec: their `mif1` compatible brand must not make them HEIC. */
const FOREIGN_BRANDS = new Set(["avif", "avis", "crx ", "jpeg", "j2ki", "M4A ", "M4B ", "M4P ", "F4A "]);

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let out = "";
  for (let i = start; i < Math.min(end, bytes.length); i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

function brandType(brand: string): MediaTypeId | null {
  if (HEIC_BRANDS.has(brand)) return "heic";
  if (HEIF_BRANDS.has(brand)) return "heif";
  if (MP4_BRANDS.has(brand)) return "mp4";
  if (QT_BRANDS.has(brand)) return "quicktime";
  return null;
}

/**
 * ISO base media (MP4, QuickTime, HEIF): an `ftyp` box first, major brand, then compatible brands.
 * Our allow-list, finer than file-type's (which calls every unknown brand MP4): HEIC's rarer brands,
 * a camera maker's own major brand with a known compatible one, and a sane `ftyp` size.
 */
function sniffIsoBmff(bytes: Uint8Array): MediaTypeId | null {
  if (bytes.length < 12 || ascii(bytes, 4, 8) !== "ftyp") return null;
  const size = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  if (size < 16 || size > 4096) return null;
  const major = ascii(bytes, 8, 12);
  const byMajor = brandType(major);
  if (byMajor) return byMajor;
  if (FOREIGN_BRANDS.has(major)) return null;
  // An unknown major brand (e.g. a camera maker's own) with a known compatible brand.
  const compatible: MediaTypeId[] = [];
  for (let at = 16; at + 4 <= Math.min(size, bytes.length); at += 4) {
    const type = brandType(ascii(bytes, at, at + 4));
    if (type) compatible.push(type);
  }
  if (compatible.some((t) => MEDIA_TYPES[t].kind === "video")) return compatible.find((t) => MEDIA_TYPES[t].kind === "video")!;
  return compatible[0] ?? null;
}

/** The media type of a file from its first bytes (pass up to SNIFF_BYTES), or null when it is not one we take. */
export async function sniffMediaType(bytes: Uint8Array): Promise<MediaTypeId | null> {
  // Loaded on first use, so the upload widget's page does not carry it until a file is chosen.
  const { fileTypeFromBuffer } = await import("file-type/core");
  const detected = await fileTypeFromBuffer(bytes);
  const id = detected ? BY_DETECTED_MIME[detected.mime] : undefined;
  if (id === "iso-bmff") return sniffIsoBmff(bytes);
  return id ?? null;
}

export async function sniffMedia(bytes: Uint8Array): Promise<MediaType | null> {
  const id = await sniffMediaType(bytes);
  return id ? MEDIA_TYPES[id] : null;
}

export function mediaTypeOfMime(mime: string): MediaType | null {
  return Object.values(MEDIA_TYPES).find((t) => t.mime === mime) ?? null;
}

const MAX_NAME = 120;
// C0/C1 controls, DEL, and the Unicode format characters that can disguise a name (bidi overrides,
// zero-width joiners): "photo\u202Egpj.exe" must not show as "photoexe.jpg".
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/**
 * A name safe to store and show: the last path segment, without control or invisible characters,
 * separators or leading dots, at most 120 characters, ending in an extension of the sniffed type
 * (kept when the client's name already has one, else replaced or added).
 */
export function cleanFileName(raw: string | null | undefined, type: Pick<MediaType, "ext" | "exts">): string {
  let name = (raw ?? "").normalize("NFC");
  name = name.split(/[/\\]/).pop() ?? "";
  name = name.replace(UNSAFE_CHARS, "").replace(/[:*?"<>|]/g, "_");
  name = name.replace(/\s+/g, " ").trim().replace(/^[.\s]+/, "").replace(/[.\s]+$/, "");
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
  let stem = dot > 0 ? name.slice(0, dot) : name;
  let keepExt = type.exts.includes(ext) ? name.slice(dot + 1) : type.ext;
  if (!type.exts.includes(ext) && ext && !/^[a-z0-9]{1,5}$/i.test(ext)) stem = name; // "a.b c" has no real extension
  stem = stem.replace(/[.\s]+$/, "");
  if (!stem) stem = "upload";
  keepExt = keepExt.slice(0, 10);
  const room = MAX_NAME - keepExt.length - 1;
  // Cut by code points so a surrogate pair is never split.
  const chars = Array.from(stem);
  if (chars.length > room) stem = chars.slice(0, room).join("").replace(/[.\s]+$/, "") || "upload";
  return `${stem}.${keepExt}`;
}

// ---- container structure -------------------------------------------------------------------------------
// The magic bytes only say what a file claims to be. A video is also walked through to its end as it
// streams in: its top-level structure must parse and hold what a player needs, or it is refused.
// Memory stays bounded (a box or element header, and the small EBML header); payloads are skipped.

/** Walks a video's container as its bytes arrive. */
export interface ContainerCheck {
  /** The next bytes of the file, in order: why the structure is broken as soon as it is, else null. */
  push(bytes: Uint8Array): string | null;
  /** The file has ended: why the structure is incomplete, else null. */
  end(): string | null;
}

/** The structure check for a sniffed video type; null for images (their decoder checks them). */
export function containerCheck(type: MediaTypeId): ContainerCheck | null {
  if (type === "mp4" || type === "quicktime") return new IsoBmffCheck();
  if (type === "webm") return new EbmlCheck();
  return null;
}

/** A whole file at once: why its container does not parse, or null when it does. */
export function checkContainer(type: MediaTypeId, bytes: Uint8Array): string | null {
  const check = containerCheck(type);
  return check ? (check.push(bytes) ?? check.end()) : null;
}

const CUT_OFF = "the file is cut off in the middle of its last part";

/** 2^53: box and element sizes past this are not real files (and lose precision as numbers). */
const MAX_SIZE = Number.MAX_SAFE_INTEGER;

/**
 * MP4 and QuickTime: top-level boxes (32-bit size and a printable type; size 1 = a 64-bit size
 * follows, size 0 = to the end of the file) that tile the file exactly, `ftyp` first, with a `moov`
 * (the index a player needs) and an `mdat` (the media).
 */
class IsoBmffCheck implements ContainerCheck {
  private header: number[] = [];
  private skip = 0;
  private offset = 0;
  private toEnd = false;
  private failed: string | null = null;
  private readonly seen = new Set<string>();

  push(bytes: Uint8Array): string | null {
    let at = 0;
    while (at < bytes.length && !this.failed && !this.toEnd) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, bytes.length - at);
        this.skip -= n;
        at += n;
        continue;
      }
      this.header.push(bytes[at++]!);
      const size32 = this.header.length >= 8 ? u32(this.header, 0) : -1;
      if (this.header.length === 8 && size32 !== 1) this.failed = this.box(size32, 8);
      else if (this.header.length === 16) this.failed = this.box(u32(this.header, 8) * 2 ** 32 + u32(this.header, 12), 16);
    }
    return this.failed;
  }

  private box(size: number, headerLength: number): string | null {
    const type = String.fromCharCode(...this.header.slice(4, 8));
    if (!/^[\x20-\x7e]{4}$/.test(type)) return `no readable box type at byte ${this.offset}`;
    if (this.seen.size === 0 && type !== "ftyp") return "it does not start with an ftyp box";
    this.seen.add(type);
    this.header = [];
    if (size === 0 && headerLength === 8) {
      this.toEnd = true;
      return null;
    }
    if (size < headerLength || size > MAX_SIZE) return `the ${type} box at byte ${this.offset} has an impossible size`;
    this.skip = size - headerLength;
    this.offset += size;
    return null;
  }

  end(): string | null {
    if (this.failed) return this.failed;
    if (this.header.length > 0 || this.skip > 0) return CUT_OFF;
    if (!this.seen.has("moov")) return "it has no moov box (the index a player needs)";
    if (!this.seen.has("mdat")) return "it has no mdat box (the video data)";
    return null;
  }
}

function u32(bytes: readonly number[], at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

const EBML_ID = 0x1a45dfa3;
const DOC_TYPE_ID = 0x4282;
const SEGMENT_ID = 0x18538067;
const CLUSTER_ID = 0x1f43b675;
const INFO_ID = 0x1549a966;
const TRACKS_ID = 0x1654ae6b;
const VOID_ID = 0xec;
/** What a Cluster holds (Timestamp, SilentTracks, Position, PrevSize, SimpleBlock, BlockGroup, EncryptedBlock, Void, CRC-32): anything else ends a Cluster of unknown size. */
const CLUSTER_CHILDREN = new Set([0xe7, 0x5854, 0xa7, 0xab, 0xa3, 0xa0, 0xaf, VOID_ID, 0xbf]);
/** The EBML header is small (a few dozen bytes); it is the one element read whole. */
const EBML_HEADER_MAX = 4096;

type ElementHeader = { id: number; size: number | null; length: number };

/** An element's ID (1–4 bytes, marker kept) and size (1–8 bytes; all ones = unknown) from the front of `bytes`. */
function readElementHeader(bytes: readonly number[]): ElementHeader | "more" | "bad" {
  const idLength = vintLength(bytes[0]);
  if (idLength === null) return "more";
  if (idLength === 0 || idLength > 4) return "bad";
  const sizeLength = vintLength(bytes[idLength]);
  if (sizeLength === null || bytes.length < idLength + sizeLength) return "more";
  if (sizeLength === 0) return "bad";
  let id = 0;
  for (let i = 0; i < idLength; i++) id = id * 256 + bytes[i]!;
  const first = bytes[idLength]! & (0xff >> sizeLength);
  let unknown = first === 0xff >> sizeLength;
  let size = first;
  for (let i = 1; i < sizeLength; i++) {
    const b = bytes[idLength + i]!;
    unknown &&= b === 0xff;
    size = size * 256 + b;
  }
  return { id, size: unknown ? null : size, length: idLength + sizeLength };
}

/** The length a VINT's first byte announces (1–8), 0 for the invalid 0x00, null when there is no byte yet. */
function vintLength(first: number | undefined): number | null {
  if (first === undefined) return null;
  for (let length = 1; length <= 8; length++) if (first & (0x80 >> (length - 1))) return length;
  return 0;
}

/** A Segment or Cluster being walked: `end` is its own end, or its parent's for one of unknown size. */
type OpenElement = { id: number; end: number | null; sized: boolean };

/** Whether an element starting at `start` with `id` is past the open element `open`. */
function isPast(open: OpenElement, start: number, id: number): boolean {
  if (open.end !== null && start >= open.end) return true;
  if (open.sized) return false;
  // An element of unknown size ends where something that cannot be its child begins.
  return open.id === CLUSTER_ID ? !CLUSTER_CHILDREN.has(id) : id === EBML_ID || id === SEGMENT_ID;
}

/**
 * WebM (and Matroska): an EBML header whose DocType is webm or matroska, then a Segment. The
 * Segment's children must parse up to its end (or the file's, for a Segment of unknown size, as
 * MediaRecorder writes them), Clusters of unknown size included; it must hold Info, Tracks and a
 * Cluster. Sizes that run past their parent or the file are refused.
 */
class EbmlCheck implements ContainerCheck {
  private header: number[] = [];
  private skip = 0;
  private collecting: number[] | null = null;
  private collectLeft = 0;
  private offset = 0;
  private sawHeader = false;
  private failed: string | null = null;
  private readonly open: OpenElement[] = [];
  private readonly seen = new Set<number>();

  push(bytes: Uint8Array): string | null {
    let at = 0;
    while (at < bytes.length && !this.failed) {
      if (this.collecting) {
        const n = Math.min(this.collectLeft, bytes.length - at);
        for (let i = 0; i < n; i++) this.collecting.push(bytes[at + i]!);
        this.collectLeft -= n;
        this.offset += n;
        at += n;
        if (this.collectLeft === 0) this.failed = this.ebmlHeader(this.collecting);
        if (this.collectLeft === 0) this.collecting = null;
        continue;
      }
      if (this.skip > 0) {
        const n = Math.min(this.skip, bytes.length - at);
        this.skip -= n;
        this.offset += n;
        at += n;
        continue;
      }
      this.header.push(bytes[at++]!);
      const parsed = readElementHeader(this.header);
      if (parsed === "bad") this.failed = `no valid element at byte ${this.offset}`;
      else if (parsed !== "more") {
        this.header = [];
        this.failed = this.element(parsed);
      }
    }
    return this.failed;
  }

  private element({ id, size, length }: ElementHeader): string | null {
    const start = this.offset;
    this.offset += length;
    while (this.open.length > 0 && isPast(this.open[this.open.length - 1]!, start, id)) this.open.pop();
    const parent = this.open[this.open.length - 1];
    if (size !== null && size > MAX_SIZE) return `the element at byte ${start} has an impossible size`;
    if (size !== null && parent?.end != null && this.offset + size > parent.end) return `the element at byte ${start} runs past the end of its parent`;
    this.seen.add(id);

    if (!this.sawHeader) {
      if (id !== EBML_ID) return "it does not start with an EBML header";
      if (size === null || size > EBML_HEADER_MAX) return "its EBML header has an impossible size";
      this.sawHeader = true;
      this.collecting = [];
      this.collectLeft = size;
      return size === 0 ? this.ebmlHeader([]) : null;
    }
    if (!parent && id === SEGMENT_ID) {
      this.open.push({ id, end: size === null ? null : this.offset + size, sized: size !== null });
      return null;
    }
    if (!parent && !this.seen.has(SEGMENT_ID) && id !== VOID_ID) return "its EBML header is not followed by a Segment";
    if (parent?.id === SEGMENT_ID && id === CLUSTER_ID && size === null) {
      this.open.push({ id, end: parent.end, sized: false });
      return null;
    }
    if (size === null) return `the element at byte ${start} has an unknown size where one is required`;
    this.skip = size;
    return null;
  }

  /** The EBML header's children: each must fit, and the DocType must be webm or matroska. */
  private ebmlHeader(body: number[]): string | null {
    let docType: string | null = null;
    for (let at = 0; at < body.length; ) {
      const child = readElementHeader(body.slice(at, at + 12));
      if (child === "bad" || child === "more" || child.size === null || at + child.length + child.size > body.length) return "its EBML header does not parse";
      const data = body.slice(at + child.length, at + child.length + child.size);
      if (child.id === DOC_TYPE_ID) docType = String.fromCharCode(...data).replace(/\0+$/, "");
      at += child.length + child.size;
    }
    return docType === "webm" || docType === "matroska" ? null : "its EBML header names no WebM or Matroska DocType";
  }

  end(): string | null {
    if (this.failed) return this.failed;
    if (this.header.length > 0 || this.skip > 0 || this.collecting) return CUT_OFF;
    if (this.open.some((open) => open.end !== null && this.offset < open.end)) return CUT_OFF;
    if (!this.seen.has(SEGMENT_ID)) return "it has no Segment";
    if (!this.seen.has(INFO_ID)) return "its Segment has no Info";
    if (!this.seen.has(TRACKS_ID)) return "its Segment has no Tracks";
    if (!this.seen.has(CLUSTER_ID)) return "its Segment has no Cluster (the video data)";
    return null;
  }
}
