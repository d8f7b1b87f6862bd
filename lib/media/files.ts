import "server-only";
import type { Collection, ObjectId } from "mongodb";
import { db } from "@/lib/db/client";
import type { MediaMetadata, MediaStatus } from "@/lib/db/types";
import { MEDIA_BUCKET } from "./gridfs";
import type { MediaKind } from "./sniff";

// The stored shape of event media (GridFS files documents), shared by the service and the slices
// the event document keeps of it (./slices.ts).

/** What the original's metadata carries, plus what this module adds. Previews carry `preview_of` and no status. */
export type StoredMetadata = MediaMetadata & {
  size: number;
  preview_id?: ObjectId | null;
  width?: number | null;
  height?: number | null;
};
export type PreviewMetadata = { event_id: ObjectId; preview_of: ObjectId; content_type: "image/webp" };

export type MediaFileDoc = {
  _id: ObjectId;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata?: StoredMetadata | PreviewMetadata;
};
export type OriginalDoc = MediaFileDoc & { metadata: StoredMetadata };

export type MediaStatusCounts = Record<MediaStatus, number>;

export const MEDIA_STATUSES: MediaStatus[] = ["pending", "approved", "rejected"];

export async function mediaFiles(): Promise<Collection<MediaFileDoc>> {
  return (await db()).collection<MediaFileDoc>(`${MEDIA_BUCKET}.files`);
}

export function isOriginal(doc: MediaFileDoc | null): doc is OriginalDoc {
  return !!doc?.metadata && "status" in doc.metadata && MEDIA_STATUSES.includes(doc.metadata.status);
}

/** Counted from the files: every item of the event is read (a full scan on FerretDB). */
export async function countByStatus(eventId: ObjectId): Promise<MediaStatusCounts> {
  const groups = await (await mediaFiles())
    .aggregate<{ _id: MediaStatus | null; n: number }>([
      { $match: { "metadata.event_id": eventId } },
      { $group: { _id: "$metadata.status", n: { $sum: 1 } } },
    ])
    .toArray();
  const counts: MediaStatusCounts = { pending: 0, approved: 0, rejected: 0 };
  for (const g of groups) if (g._id && g._id in counts) counts[g._id] = g.n;
  return counts;
}

export type MediaItem = {
  file_id: string;
  event_id: string;
  status: MediaStatus;
  content_type: string;
  kind: MediaKind;
  filename: string;
  size: number;
  width: number | null;
  height: number | null;
  uploaded_at: Date;
  uploader_id: string;
  uploader_username: string | null;
  has_preview: boolean;
};
