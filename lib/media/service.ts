import "server-only";
import type { Readable } from "node:stream";
import { ObjectId, type Filter } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, findByIds, objectIdOrNull } from "@/lib/db/collections";
import type { MediaPreviewDoc, MediaStatus } from "@/lib/db/types";
import { env } from "@/lib/env";
import { Forbidden, Invalid, NotFound, PayloadTooLarge, UnsupportedMedia } from "@/lib/errors";
import { GUEST_LIST_STATUSES, getEventForViewer, getHostedEvent, type EventView, type Viewer } from "@/lib/events/access";
import { decodeCursor, encodeCursor, objectIdKey } from "@/lib/db/paging";
import { countByStatus, isOriginal, MEDIA_STATUSES, mediaFiles, type MediaFileDoc, type MediaItem, type MediaStatusCounts, type OriginalDoc, type PreviewMetadata, type StoredMetadata } from "./files";
import { deleteFile, FileWriter, openFileStream, writeFile } from "./gridfs";
import { processImage } from "./image";
import { MultipartReader, multipartBoundary, type PartHeaders } from "./multipart";
import { entryOf, eventMediaSlices, recordMediaChange } from "./slices";
import { ALLOWED_TYPES_TEXT, cleanFileName, containerCheck, MEDIA_TYPES, SNIFF_BYTES, sniffMediaType, type MediaKind } from "./sniff";

// Event media in GridFS. Who may do what (DESIGN.md): upload — the host and guests attending or
// maybe; approved items — whoever may see the guest list (anyone, for a public event); pending and
// rejected items — the host and their uploader; moderation — the host. Everything a viewer may not
// see is a 404, exactly like a missing id. Every change of an item's status also goes to
// recordMediaChange, which keeps the counts and slices the event page reads (./slices.ts).

export { countByStatus };
export type { MediaItem, MediaStatusCounts, StoredMetadata };

const MB = 1024 * 1024;

export function mediaLimits(): Record<MediaKind, number> {
  const { MEDIA_MAX_IMAGE_MB, MEDIA_MAX_VIDEO_MB } = env();
  return { image: MEDIA_MAX_IMAGE_MB * MB, video: MEDIA_MAX_VIDEO_MB * MB };
}

function tooLarge(kind: MediaKind, limit: number): PayloadTooLarge {
  return new PayloadTooLarge(`That ${kind === "image" ? "photo" : "video"} is larger than ${Math.round(limit / MB)} MB, the limit for ${kind === "image" ? "photos" : "videos"}.`);
}

// ---- who may do what ---------------------------------------------------------------------------------

export type MediaAccess = EventView & {
  viewerId: string | null;
  /** Approved items: the guest list's audience, or anyone for a public event. */
  canSeeApproved: boolean;
  canUpload: boolean;
};

/** The event as the viewer may see it (404 otherwise) and what they may do with its media. */
export async function mediaAccess(eventId: string, viewer: Viewer): Promise<MediaAccess> {
  return mediaAccessOf(await getEventForViewer(eventId, viewer), viewer);
}

/** What the viewer may do with the media of an event they can see (for a page that has loaded it already). */
export function mediaAccessOf(view: EventView, viewer: Viewer): MediaAccess {
  const confirmed = !!view.membership && GUEST_LIST_STATUSES.includes(view.membership.status);
  return {
    ...view,
    viewerId: viewer?.id ?? null,
    canSeeApproved: view.isHost || !view.event.is_private || confirmed,
    canUpload: !!viewer && (view.isHost || confirmed),
  };
}

function maySee(access: MediaAccess, meta: StoredMetadata): boolean {
  if (access.isHost) return true;
  if (meta.status === "approved" && access.canSeeApproved) return true;
  return !!access.viewerId && meta.uploader_id.toHexString() === access.viewerId;
}

async function findOriginal(access: MediaAccess, fileId: string): Promise<OriginalDoc> {
  const _id = objectIdOrNull(fileId);
  const doc = _id ? await (await mediaFiles()).findOne({ _id, "metadata.event_id": access.event._id }) : null;
  if (!isOriginal(doc) || !maySee(access, doc.metadata)) throw new NotFound("No such photo or video.");
  return doc;
}

// ---- upload ---------------------------------------------------------------------------------------------

export type UploadBody = {
  contentType: string | null;
  contentLength: number | null;
  stream: ReadableStream<Uint8Array> | null;
};

export type UploadResult = { file_id: string; status: MediaStatus; kind: MediaKind; content_type: string; filename: string; size: number };

/**
 * Reads a multipart/form-data body as it arrives, takes its `file` part, decides the type from the
 * first bytes, and stores it. Photos (a few MB) are processed in memory; videos stream into GridFS
 * chunk by chunk and are never held whole. Whatever fails or is refused leaves nothing stored.
 */
export async function uploadMedia(actor: AuthUser, eventId: string, body: UploadBody): Promise<UploadResult> {
  const access = await mediaAccess(eventId, actor);
  if (!access.canUpload) {
    throw new Forbidden(
      access.membership?.status === "pending"
        ? "The host has not approved your request yet: you can add photos once you are on the guest list."
        : "Only the host and guests who are going (or maybe) can add photos and videos.",
    );
  }
  const boundary = multipartBoundary(body.contentType);
  const limits = mediaLimits();
  // The whole body can be refused before a byte is read when it declares more than any file may be.
  if (body.contentLength !== null && body.contentLength > limits.video + MB) throw tooLarge("video", limits.video);
  if (!body.stream) throw new Invalid('Send the file in a form field named "file".');

  const reader = MultipartReader.fromStream(body.stream, boundary, { maxFileBytes: limits.video });
  let filePart: PartHeaders | null = null;
  while (!filePart) {
    const part = await reader.nextPart();
    if (!part) throw new Invalid('Send the file in a form field named "file".');
    if (part.name === "file") filePart = part;
  }

  // Enough of the file to be sure what it is.
  const head: Buffer[] = [];
  let headSize = 0;
  let ended = false;
  while (headSize < SNIFF_BYTES) {
    const piece = await reader.read();
    if (!piece) {
      ended = true;
      break;
    }
    head.push(piece);
    headSize += piece.length;
  }
  if (headSize === 0) throw new Invalid("The file is empty.");
  const first = Buffer.concat(head);
  const typeId = await sniffMediaType(first);
  if (!typeId) throw new UnsupportedMedia(`That file is not a photo or video we can take. Send ${ALLOWED_TYPES_TEXT}.`);
  const type = MEDIA_TYPES[typeId];
  const limit = limits[type.kind];
  if (first.length > limit) throw tooLarge(type.kind, limit);
  // A video's container is walked as it streams: one that does not parse is refused at the first
  // broken box (or when the file ends too soon), and the store removes what was written.
  const structure = containerCheck(typeId);
  refuseBrokenVideo(structure?.push(first));
  const rest = async function* () {
    if (!ended) {
      for (let piece = await reader.read(); piece; piece = await reader.read()) {
        refuseBrokenVideo(structure?.push(piece));
        yield piece;
      }
    }
    refuseBrokenVideo(structure?.end());
  };

  const owner = access.isHost;
  const now = new Date();
  const metadata: StoredMetadata = {
    event_id: access.event._id,
    uploader_id: new ObjectId(actor.id),
    // The host moderates: what they add themselves needs no approval.
    status: owner ? "approved" : "pending",
    content_type: type.mime,
    kind: type.kind,
    original_name: cleanFileName(filePart.filename, type),
    moderated_by: owner ? new ObjectId(actor.id) : null,
    moderated_at: owner ? now : null,
    size: 0,
  };
  const id = new ObjectId();

  let size: number;
  if (type.kind === "image") {
    const pieces: Buffer[] = [first];
    let read = first.length;
    for await (const piece of rest()) {
      read += piece.length;
      if (read > limit) throw tooLarge("image", limit);
      pieces.push(piece);
    }
    const image = await processImage(Buffer.concat(pieces), typeId);
    await storeImage(id, metadata, image);
    size = image.bytes.length;
  } else {
    size = await streamVideo(id, metadata, first, rest(), limit);
  }
  await recordMediaChange({ _id: id, event_id: metadata.event_id, uploader_id: metadata.uploader_id }, null, metadata.status);
  return resultOf(id, metadata, size);
}

function refuseBrokenVideo(reason: string | null | undefined) {
  if (reason) throw new UnsupportedMedia(`That video file is damaged or incomplete: ${reason}. Send ${ALLOWED_TYPES_TEXT}.`);
}

function resultOf(id: ObjectId, metadata: StoredMetadata, size: number): UploadResult {
  return { file_id: id.toHexString(), status: metadata.status, kind: metadata.kind, content_type: metadata.content_type, filename: metadata.original_name, size };
}

async function storeImage(id: ObjectId, metadata: StoredMetadata, image: Awaited<ReturnType<typeof processImage>>) {
  const previewId = image.preview ? new ObjectId() : null;
  const full: StoredMetadata = { ...metadata, size: image.bytes.length, width: image.width, height: image.height, preview_id: previewId };
  try {
    if (image.preview && previewId) {
      const previewMeta: PreviewMetadata = { event_id: metadata.event_id, preview_of: id, content_type: "image/webp" };
      await writeFile(previewId, `preview-${id.toHexString()}.webp`, previewMeta, image.preview);
    }
    await writeFile(id, full.original_name, full, image.bytes);
    Object.assign(metadata, full);
  } catch (err) {
    await removeFiles([previewId, id]);
    throw err;
  }
}

/** Bytes go to the database in batches of this size, one batch in flight while the next is read. */
const WRITE_BATCH = 2 * 1024 * 1024;

async function streamVideo(id: ObjectId, metadata: StoredMetadata, first: Buffer, rest: AsyncIterable<Buffer>, limit: number): Promise<number> {
  // The size is known only at the end: the files document, written last, gets it then.
  const upload = new FileWriter(id, metadata.original_name, metadata);
  let inFlight: Promise<void> = Promise.resolve();
  const write = (data: Buffer) => {
    const p = upload.write(data);
    p.catch(() => {}); // observed when awaited; never an unhandled rejection meanwhile
    return p;
  };
  let size = first.length;
  let batch: Buffer[] = [first];
  let batchSize = first.length;
  try {
    for await (const piece of rest) {
      size += piece.length;
      if (size > limit) throw tooLarge("video", limit);
      batch.push(piece);
      batchSize += piece.length;
      if (batchSize >= WRITE_BATCH) {
        await inFlight;
        inFlight = write(Buffer.concat(batch));
        batch = [];
        batchSize = 0;
      }
    }
    await inFlight;
    metadata.size = size;
    if (batchSize > 0) await write(Buffer.concat(batch));
    return await upload.end();
  } catch (err) {
    // No chunk write may still be running when the chunks are deleted, or one could land after it.
    await inFlight.catch(() => {});
    await removeFiles([id]);
    throw err;
  }
}

async function removeFiles(ids: (ObjectId | null | undefined)[]) {
  for (const id of ids) if (id) await deleteFile(id).catch(() => {});
}

// ---- read ---------------------------------------------------------------------------------------------------

export type MediaListOptions = { status?: MediaStatus; limit?: number; cursor?: string };
export type MediaList = { items: MediaItem[]; counts: MediaStatusCounts | null; next_cursor: string | null; access: MediaAccess };


/**
 * The event's media the viewer may see, newest first: everything for the host (with counts per
 * status), approved items plus their own pending and rejected ones for everyone else.
 */
export async function listMedia(viewer: Viewer, eventId: string, opts: MediaListOptions = {}): Promise<MediaList> {
  return listMediaWith(await mediaAccess(eventId, viewer), opts);
}

/** listMedia for an access already decided (mediaAccessOf): no second read of the event. */
export async function listMediaWith(access: MediaAccess, opts: MediaListOptions = {}): Promise<MediaList> {
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 500);
  const eventFilter = { "metadata.event_id": access.event._id };
  const wanted = opts.status ? [opts.status] : MEDIA_STATUSES;
  let filter: Filter<MediaFileDoc>;
  if (access.isHost) {
    filter = { ...eventFilter, "metadata.status": { $in: wanted } };
  } else {
    if (!access.canSeeApproved) throw new Forbidden("Only the host and guests who are going can see this event's photos and videos.");
    const branches: Filter<MediaFileDoc>[] = [];
    if (wanted.includes("approved")) branches.push({ ...eventFilter, "metadata.status": "approved" });
    const own = wanted.filter((s) => s !== "approved");
    if (access.viewerId && own.length) {
      branches.push({ ...eventFilter, "metadata.uploader_id": new ObjectId(access.viewerId), "metadata.status": { $in: own } });
    }
    if (branches.length === 0) return { items: [], counts: null, next_cursor: null, access };
    filter = branches.length === 1 ? branches[0]! : { $or: branches };
  }
  filter = beforeCursor(filter, opts.cursor);
  const { items, next_cursor } = await newestPage(filter, limit);
  return { items, counts: access.isHost ? await countByStatus(access.event._id) : null, next_cursor, access };
}

/** Media matching `filter`, newest first: a page of `limit`, with their uploaders' names. */
async function newestPage(filter: Filter<MediaFileDoc>, limit: number): Promise<{ items: MediaItem[]; next_cursor: string | null }> {
  const rows = (await (await mediaFiles()).find(filter).sort({ uploadDate: -1, _id: -1 }).limit(limit + 1).toArray()).filter(isOriginal);
  const page = rows.slice(0, limit);
  const uploaderIds = [...new Set(page.map((r) => r.metadata.uploader_id.toHexString()))].map((id) => new ObjectId(id));
  const users = await findByIds(await collections.users(), uploaderIds, { username: 1 });
  const names = new Map(users.map((u) => [u._id.toHexString(), u.username ?? null]));
  return {
    items: page.map((doc) => itemOf(doc, names.get(doc.metadata.uploader_id.toHexString()) ?? null)),
    next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.uploadDate, page[page.length - 1]!._id) : null,
  };
}

/** Rows after a cursor's key in (uploadDate, _id) descending order. */
function beforeCursor(filter: Filter<MediaFileDoc>, cursor: string | undefined): Filter<MediaFileDoc> {
  const after = decodeCursor(cursor, objectIdKey);
  if (!after) return filter;
  return { $and: [filter, { $or: [{ uploadDate: { $lt: after.at } }, { uploadDate: after.at, _id: { $lt: after.id } }] }] };
}

/**
 * Media waiting for review on these events, newest first, a page at a time: the host's inbox. The
 * caller has decided that the events are the viewer's to moderate (lib/inbox/service.ts).
 */
export async function pendingMediaOf(eventIds: ObjectId[], opts: { limit?: number; cursor?: string } = {}): Promise<{ items: MediaItem[]; next_cursor: string | null }> {
  if (eventIds.length === 0) return { items: [], next_cursor: null };
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const filter: Filter<MediaFileDoc> = { "metadata.event_id": eventIds.length === 1 ? eventIds[0]! : { $in: eventIds }, "metadata.status": "pending" };
  return newestPage(beforeCursor(filter, opts.cursor), limit);
}

function itemOf(doc: OriginalDoc, uploaderName: string | null): MediaItem {
  return itemOfEntry(entryOf(doc, uploaderName), doc.metadata.event_id.toHexString(), doc.metadata.status);
}

/** A kept entry (the event document's slices) or a file's, as the API and pages show it. */
function itemOfEntry(e: MediaPreviewDoc, event_id: string, status: MediaStatus): MediaItem {
  return {
    file_id: e.file_id.toHexString(),
    event_id,
    status,
    content_type: e.content_type,
    kind: e.kind,
    filename: e.filename,
    size: e.size,
    width: e.width,
    height: e.height,
    uploaded_at: e.uploaded_at,
    uploader_id: e.uploader_id.toHexString(),
    uploader_username: e.uploader_name,
    has_preview: e.has_preview,
  };
}

export function mediaPaths(eventId: string, fileId: string) {
  const base = `/api/v1/events/${encodeURIComponent(eventId)}/media/${encodeURIComponent(fileId)}`;
  return { url: base, preview_url: `${base}/preview` };
}

/** The JSON API's shape of an item (the original's field names, ISO times, relative URLs). */
export function mediaJson(item: MediaItem) {
  const paths = mediaPaths(item.event_id, item.file_id);
  return {
    file_id: item.file_id,
    status: item.status,
    content_type: item.content_type,
    kind: item.kind,
    filename: item.filename,
    size: item.size,
    width: item.width,
    height: item.height,
    uploaded_at: item.uploaded_at.toISOString(),
    uploader_id: item.uploader_id,
    uploader_username: item.uploader_username,
    url: paths.url,
    preview_url: item.has_preview ? paths.preview_url : null,
  };
}

export type MediaFile = {
  fileId: string;
  length: number;
  contentType: string;
  filename: string;
  /** A shared cache may keep it: an approved item of a public event. */
  cacheablePublicly: boolean;
  open: (range?: { start: number; end: number }) => Readable;
};

/** A stored file (or its preview) that the viewer may see, ready to stream; otherwise a 404. */
export async function getMediaFile(viewer: Viewer, eventId: string, fileId: string, { preview = false } = {}): Promise<MediaFile> {
  const access = await mediaAccess(eventId, viewer);
  const original = await findOriginal(access, fileId);
  let doc: MediaFileDoc = original;
  let contentType = original.metadata.content_type;
  let filename = original.metadata.original_name || original.filename;
  if (preview) {
    const previewId = original.metadata.preview_id;
    const found = previewId ? await (await mediaFiles()).findOne({ _id: previewId, "metadata.preview_of": original._id }) : null;
    if (!found) throw new NotFound(original.metadata.kind === "video" ? "Videos have no preview image." : "This photo has no preview.");
    doc = found;
    contentType = "image/webp";
    filename = `${filename.replace(/\.[^.]*$/, "")}-preview.webp`;
  }
  return {
    fileId: original._id.toHexString(),
    length: doc.length,
    contentType,
    filename,
    cacheablePublicly: !access.event.is_private && original.metadata.status === "approved",
    // HTTP ranges are inclusive, file ranges exclusive.
    open: (range) => openFileStream(doc, range ? { start: range.start, end: range.end + 1 } : undefined),
  };
}

// ---- moderation and deletion --------------------------------------------------------------------------------

export type ModerationDecision = Exclude<MediaStatus, "pending">;

/** The host approves or rejects some of the event's items; ids that are not its items are skipped. */
export async function moderateMedia(owner: AuthUser, eventId: string, fileIds: string[], status: ModerationDecision): Promise<{ updated: number }> {
  const { event } = await getHostedEvent(eventId, owner);
  const ids = fileIds.map(objectIdOrNull).filter((id): id is ObjectId => id !== null);
  let updated = 0;
  // One item at a time: each update returns the status it replaced, which moves the counts.
  for (const _id of new Set(ids.map((id) => id.toHexString()))) {
    if (await setStatus(owner, { _id: new ObjectId(_id), "metadata.event_id": event._id, "metadata.status": { $in: MEDIA_STATUSES } }, status)) updated++;
  }
  return { updated };
}

/** Sets the status of the item matching `filter` (one, by `_id`); false when none matches. */
async function setStatus(owner: AuthUser, filter: Filter<MediaFileDoc>, status: ModerationDecision): Promise<boolean> {
  const before = await (await mediaFiles()).findOneAndUpdate(
    filter,
    { $set: { "metadata.status": status, "metadata.moderated_by": new ObjectId(owner.id), "metadata.moderated_at": new Date() } },
    { returnDocument: "before" },
  );
  if (!isOriginal(before)) return false;
  await recordMediaChange({ _id: before._id, event_id: before.metadata.event_id, uploader_id: before.metadata.uploader_id }, before.metadata.status, status);
  return true;
}

/** One item: 404 when the event has no such item. */
export async function moderateOne(owner: AuthUser, eventId: string, fileId: string, status: ModerationDecision): Promise<{ file_id: string; status: ModerationDecision }> {
  const { updated } = await moderateMedia(owner, eventId, [fileId], status);
  if (updated === 0) throw new NotFound("No such photo or video.");
  return { file_id: fileId, status };
}

/** Every pending item of the event. */
export async function moderateAllPending(owner: AuthUser, eventId: string, status: ModerationDecision): Promise<{ updated: number }> {
  const { event } = await getHostedEvent(eventId, owner);
  const pending = { "metadata.event_id": event._id, "metadata.status": "pending" as const };
  const waiting = await (await mediaFiles()).find(pending, { projection: { _id: 1 } }).toArray();
  let updated = 0;
  // Guarded by the status again: an item decided meanwhile is left as it is.
  for (const { _id } of waiting) if (await setStatus(owner, { _id, ...pending }, status)) updated++;
  return { updated };
}

/** The host or the uploader removes an item (and its preview). Others: 404 if they cannot see it, else 403. */
export async function deleteMedia(actor: AuthUser, eventId: string, fileId: string): Promise<void> {
  const access = await mediaAccess(eventId, actor);
  const doc = await findOriginal(access, fileId);
  if (!access.isHost && doc.metadata.uploader_id.toHexString() !== actor.id) {
    throw new Forbidden("Only the host and the person who added it can delete this.");
  }
  const removed = await deleteFile(doc._id);
  if (doc.metadata.preview_id) await deleteFile(doc.metadata.preview_id).catch(() => {});
  // Of concurrent deletes, the one that removed it moves the counts.
  if (removed) await recordMediaChange({ _id: doc._id, event_id: doc.metadata.event_id, uploader_id: doc.metadata.uploader_id }, doc.metadata.status, null);
}

// ---- the event page ------------------------------------------------------------------------------------------

export type MediaPreview = { items: MediaItem[]; more: boolean; pending: number };

/**
 * The event page's photos and videos: the newest few the viewer may see (approved ones, plus their
 * own waiting or refused ones; the host sees approved ones, the rest wait on the moderation page),
 * whether there are more, and for the host how many wait. Read from the event document and the
 * viewer's record (./slices.ts): no query over the media.
 */
export async function eventMediaPreview(access: MediaAccess): Promise<MediaPreview> {
  if (!access.canSeeApproved) return { items: [], more: false, pending: 0 };
  const viewerId = !access.isHost && access.viewerId ? new ObjectId(access.viewerId) : null;
  const { entries, more, counts } = await eventMediaSlices(access.event, viewerId);
  const event_id = access.event._id.toHexString();
  const items = entries.map((e) => itemOfEntry(e, event_id, e.status));
  return { items, more, pending: access.isHost ? counts.pending : 0 };
}
