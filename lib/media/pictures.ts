import "server-only";
import { ObjectId } from "mongodb";
import sharp from "sharp";
import { Invalid, PayloadTooLarge, UnsupportedMedia } from "@/lib/errors";
import { MAX_IMAGE_PIXELS } from "./image";
import { deleteFile, filesCollection, openFileStream, readFile, writeFile, type StoredFile } from "./gridfs";
import { MultipartReader, multipartBoundary } from "./multipart";
import { sniffMediaType, type MediaTypeId } from "./sniff";

// Pictures that stand for something — an event's cover, a person's avatar — as opposed to the
// gallery's photos: set by their owner, cropped by sharp to the few fixed sizes the pages draw (the
// crop keeps the most interesting part, sharp's "attention" strategy), stored without metadata in
// the GridFS bucket next to the media, and found by `_id` from the document they belong to.

export type PictureSpec = { width: number; height: number; format: "webp" | "jpeg" };

/** An event's cover: the band of its page (2:1, for 768 CSS px and 375 px phones at 2×) and its link preview (1200×630). */
export const COVER_SIZES = {
  wide: { width: 1600, height: 800, format: "webp" },
  small: { width: 800, height: 400, format: "webp" },
  og: { width: 1200, height: 630, format: "jpeg" },
} as const satisfies Record<string, PictureSpec>;
export type CoverSize = keyof typeof COVER_SIZES;
export const COVER_SIZE_NAMES = Object.keys(COVER_SIZES) as [CoverSize, ...CoverSize[]];

/** A person's avatar: drawn at 28 to 96 CSS px. */
export const AVATAR_SIZES = { square: { width: 256, height: 256, format: "webp" } } as const satisfies Record<string, PictureSpec>;

/** Decoded here: the gallery's photo types but HEIC/HEIF (HEVC-coded photos cannot be decoded by this sharp build). */
const PICTURE_TYPES: readonly MediaTypeId[] = ["jpeg", "png", "webp", "gif"];
export const PICTURE_TYPES_TEXT = "a JPEG, PNG, WebP or GIF photo";
const MB = 1024 * 1024;
/** A cover or an avatar is a photo: 15 MB is more than any phone's. */
export const MAX_PICTURE_BYTES = 15 * MB;

export type PictureUpload = { contentType: string | null; contentLength: number | null; stream: ReadableStream<Uint8Array> | null };

const tooLarge = () => new PayloadTooLarge(`That photo is larger than ${MAX_PICTURE_BYTES / MB} MB.`);

/** The `file` part of a multipart/form-data body, whole (at most MAX_PICTURE_BYTES), if it is a photo we can decode. */
export async function readPictureUpload(body: PictureUpload): Promise<Buffer> {
  const boundary = multipartBoundary(body.contentType);
  if (body.contentLength !== null && body.contentLength > MAX_PICTURE_BYTES + MB) throw tooLarge();
  if (!body.stream) throw new Invalid('Send the photo in a form field named "file".');
  const reader = MultipartReader.fromStream(body.stream, boundary, { maxFileBytes: MAX_PICTURE_BYTES });
  for (let part = await reader.nextPart(); part; part = await reader.nextPart()) {
    if (part.name !== "file") continue;
    const pieces: Buffer[] = [];
    let size = 0;
    for (let piece = await reader.read(); piece; piece = await reader.read()) {
      size += piece.length;
      if (size > MAX_PICTURE_BYTES) throw tooLarge();
      pieces.push(piece);
    }
    if (size === 0) throw new Invalid("The file is empty.");
    const bytes = Buffer.concat(pieces);
    const type = await sniffMediaType(bytes.subarray(0, 4100));
    if (!type || !PICTURE_TYPES.includes(type)) throw new UnsupportedMedia(`That file is not a photo we can use. Send ${PICTURE_TYPES_TEXT}.`);
    return bytes;
  }
  throw new Invalid('Send the photo in a form field named "file".');
}

/** Each size of `specs`, cropped to fill it from the upright image (the first frame of an animation), without metadata. */
export async function renderPicture<S extends Record<string, PictureSpec>>(bytes: Buffer, specs: S): Promise<Record<keyof S, Buffer>> {
  try {
    const upright = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" }).autoOrient().toBuffer();
    const entries = [];
    for (const [name, spec] of Object.entries(specs)) {
      let pipeline = sharp(upright, { limitInputPixels: MAX_IMAGE_PIXELS }).resize({ width: spec.width, height: spec.height, fit: "cover", position: sharp.strategy.attention });
      pipeline = spec.format === "jpeg" ? pipeline.flatten({ background: "#ffffff" }).jpeg({ quality: 82, mozjpeg: true }) : pipeline.webp({ quality: 80, effort: 4 });
      entries.push([name, await pipeline.toBuffer()] as const);
    }
    return Object.fromEntries(entries) as Record<keyof S, Buffer>;
  } catch (err) {
    if (/pixel limit/i.test(err instanceof Error ? err.message : String(err))) {
      throw new PayloadTooLarge(`That photo has more than ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`);
    }
    throw new UnsupportedMedia("That photo could not be read. It may be damaged.");
  }
}

/** What a stored picture's files document carries: whose it is and which size. */
export type PictureMetadata = { picture_of: string; size: string; content_type: string };

/** Stores each rendered size as its own file; all or none (what was written is removed on a failure). */
export async function storePicture<K extends string>(owner: string, rendered: Record<K, Buffer>, specs: Record<K, PictureSpec>): Promise<Record<K, ObjectId>> {
  const ids = {} as Record<K, ObjectId>;
  try {
    for (const size of Object.keys(rendered) as K[]) {
      const id = new ObjectId();
      ids[size] = id;
      const content_type = `image/${specs[size].format}`;
      await writeFile<PictureMetadata>(id, `${owner}-${size}.${specs[size].format === "jpeg" ? "jpg" : "webp"}`, { picture_of: owner, size, content_type }, rendered[size]);
    }
    return ids;
  } catch (err) {
    await deletePicture(ids);
    throw err;
  }
}

/** Removes every size of a picture; missing files are fine (a second delete, a half-stored picture). */
export async function deletePicture(ids: Partial<Record<string, ObjectId>> | null | undefined): Promise<void> {
  if (!ids) return;
  for (const id of Object.values(ids)) if (id) await deleteFile(id).catch(() => {});
}

export type PictureFile = { fileId: string; length: number; contentType: string; open: () => ReturnType<typeof openFileStream> };

/** One stored size, read by `_id`; null when it is gone (replaced or deleted meanwhile). */
export async function pictureFile(id: ObjectId): Promise<PictureFile | null> {
  const doc: StoredFile<PictureMetadata> | null = await (await filesCollection<PictureMetadata>()).findOne({ _id: id });
  if (!doc?.metadata?.picture_of) return null;
  return { fileId: doc._id.toHexString(), length: doc.length, contentType: doc.metadata.content_type, open: () => openFileStream(doc) };
}

/** One stored size, whole (a few hundred KB at most); null when it is gone. */
export async function pictureBytes(id: ObjectId): Promise<Buffer | null> {
  const doc = await (await filesCollection<PictureMetadata>()).findOne({ _id: id });
  if (!doc?.metadata?.picture_of) return null;
  const parts: Buffer[] = [];
  for await (const part of readFile(doc)) parts.push(part);
  return Buffer.concat(parts);
}
