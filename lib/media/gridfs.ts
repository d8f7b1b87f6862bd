import "server-only";
import { GridFSBucket } from "mongodb";
import { db } from "@/lib/db";

// The one place that opens the GridFS bucket for event media (chunks shard on files_id).
export const MEDIA_BUCKET = "media";

export async function mediaBucket(): Promise<GridFSBucket> {
  return new GridFSBucket(await db(), { bucketName: MEDIA_BUCKET });
}
