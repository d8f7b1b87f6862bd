// What an uploaded file is, decided by its first bytes: never by its name or the client's
// Content-Type. Pure: no server imports, so the unit tests (and the upload widget's pre-check) can use it.

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

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

function brandType(brand: string): MediaTypeId | null {
  if (HEIC_BRANDS.has(brand)) return "heic";
  if (HEIF_BRANDS.has(brand)) return "heif";
  if (MP4_BRANDS.has(brand)) return "mp4";
  if (QT_BRANDS.has(brand)) return "quicktime";
  return null;
}

/** ISO base media (MP4, QuickTime, HEIF): an `ftyp` box first, major brand, then compatible brands. */
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

/** EBML variable-length integer at `at`: its value and length, or null. */
function readVint(bytes: Uint8Array, at: number, keepMarker: boolean): { value: number; length: number } | null {
  const first = bytes[at];
  if (first === undefined || first === 0) return null;
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  if (length > 8 || at + length > bytes.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + bytes[at + i]!;
  return { value, length };
}

/** Matroska/WebM: the EBML header's DocType must be "webm" (plain Matroska is not accepted). */
function sniffWebm(bytes: Uint8Array): MediaTypeId | null {
  if (!startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return null;
  const headerSize = readVint(bytes, 4, false);
  if (!headerSize) return null;
  let at = 4 + headerSize.length;
  const end = Math.min(bytes.length, at + headerSize.value);
  while (at < end) {
    const id = readVint(bytes, at, true);
    if (!id) return null;
    const size = readVint(bytes, at + id.length, false);
    if (!size) return null;
    const dataAt = at + id.length + size.length;
    if (id.value === 0x4282) {
      return ascii(bytes, dataAt, dataAt + size.value).replace(/\0+$/, "") === "webm" ? "webm" : null;
    }
    at = dataAt + size.value;
  }
  return null;
}

/** The media type of a file from its first bytes (pass up to SNIFF_BYTES), or null when it is not one we take. */
export function sniffMediaType(bytes: Uint8Array): MediaTypeId | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  const head6 = ascii(bytes, 0, 6);
  if (head6 === "GIF87a" || head6 === "GIF89a") return "gif";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  return sniffIsoBmff(bytes) ?? sniffWebm(bytes);
}

export function sniffMedia(bytes: Uint8Array): MediaType | null {
  const id = sniffMediaType(bytes);
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
