import "server-only";
import sharp from "sharp";
import { PayloadTooLarge, UnsupportedMedia } from "@/lib/errors";
import { isAnimatedPng, MetadataStripError, stripGifMetadata, stripHeifMetadata, stripPngMetadata } from "./exif";
import type { MediaTypeId } from "./sniff";

// Photos are made safe to share before anyone but their uploader can see them: location and every
// other bit of metadata removed (the gallery shows pictures, not where they were taken), turned
// upright, and given a small WebP preview.

// One process serves many uploads: no cache of decoded images, and a pixel cap far above any camera
// (48 MP phones) but below what would take gigabytes to decode. One libvips thread per image (its
// default is one per core): each thread that allocates may get a glibc arena of its own that keeps
// what it freed, so the server's memory grew with the photos it processed (bench/RESULTS.md, memory
// soak; lib/malloc-arenas.ts). Uploads are rare and run side by side anyway; on 2 cores they were
// no slower for it.
sharp.cache(false);
sharp.concurrency(1);
export const MAX_IMAGE_PIXELS = 100_000_000;
export const PREVIEW_WIDTH = 480;

export type ProcessedImage = {
  bytes: Buffer;
  width: number | null;
  height: number | null;
  /** A WebP at most PREVIEW_WIDTH wide, or null when the format cannot be decoded here (HEVC HEIC). */
  preview: Buffer | null;
};

function decodeError(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) {
    throw new PayloadTooLarge(`That image has more than ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`);
  }
  throw new UnsupportedMedia("That image could not be read. It may be damaged.");
}

async function preview(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
    .autoOrient()
    .resize({ width: PREVIEW_WIDTH, withoutEnlargement: true })
    .webp({ quality: 75, effort: 3 })
    .toBuffer();
}

/** Re-encodes in the same format without metadata (sharp writes none unless asked), upright. */
async function reencode(bytes: Buffer, type: "jpeg" | "png" | "webp"): Promise<{ data: Buffer; width: number; height: number }> {
  const animated = type === "webp";
  let pipeline = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, animated, failOn: "error" }).autoOrient().keepIccProfile();
  if (type === "jpeg") pipeline = pipeline.jpeg({ quality: 90, mozjpeg: true });
  else if (type === "png") pipeline = pipeline.png({ compressionLevel: 6 });
  else pipeline = pipeline.webp({ quality: 90 });
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.pageHeight ?? info.height };
}

async function sizeOf(bytes: Buffer): Promise<{ width: number | null; height: number | null }> {
  const meta = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
  return { width: meta.autoOrient?.width ?? meta.width ?? null, height: meta.autoOrient?.height ?? meta.height ?? null };
}

export async function processImage(input: Buffer, type: MediaTypeId): Promise<ProcessedImage> {
  try {
    switch (type) {
      case "jpeg":
      case "webp":
      case "png": {
        if (type === "png" && isAnimatedPng(input)) {
          const bytes = Buffer.from(stripPngMetadata(input));
          return { bytes, ...(await sizeOf(bytes)), preview: await preview(bytes) };
        }
        const { data, width, height } = await reencode(input, type);
        return { bytes: data, width, height, preview: await preview(data) };
      }
      case "gif": {
        const bytes = Buffer.from(stripGifMetadata(input));
        return { bytes, ...(await sizeOf(bytes)), preview: await preview(bytes) };
      }
      case "heic":
      case "heif": {
        const bytes = Buffer.from(stripHeifMetadata(input).bytes);
        // libvips here decodes AV1-coded HEIF only; an HEVC photo keeps no preview (the gallery shows a tile).
        const decoded = await Promise.all([sizeOf(bytes), preview(bytes)]).catch(() => null);
        return { bytes, width: decoded?.[0].width ?? null, height: decoded?.[0].height ?? null, preview: decoded?.[1] ?? null };
      }
      default:
        throw new UnsupportedMedia("That is not a photo.");
    }
  } catch (err) {
    if (err instanceof PayloadTooLarge || err instanceof UnsupportedMedia) throw err;
    if (err instanceof MetadataStripError) {
      throw new UnsupportedMedia("That photo's file structure could not be read, so its location data could not be removed.");
    }
    return decodeError(err);
  }
}
