import "server-only";
import type { ObjectId } from "mongodb";
import { deleteFile } from "./gridfs";
import { mediaFiles } from "./files";
import { deleteUploaderRecords } from "./slices";

/**
 * Everything stored for a deleted event's media: files, previews, chunks, and the uploaders'
 * records. Imports nothing from lib/events, so the events service can call it directly.
 */
export async function deleteEventMedia(eventId: ObjectId): Promise<void> {
  const files = await (await mediaFiles()).find({ "metadata.event_id": eventId }, { projection: { _id: 1 } }).toArray();
  for (const file of files) await deleteFile(file._id).catch(() => {});
  await deleteUploaderRecords(eventId);
}
