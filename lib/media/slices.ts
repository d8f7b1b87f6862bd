import "server-only";
import { ObjectId, type Collection, type Filter, type UpdateFilter } from "mongodb";
import { db } from "@/lib/db/client";
import { collections, findByIds } from "@/lib/db/collections";
import { isDuplicateKey } from "@/lib/db/errors";
import { noteCatalogChange } from "@/lib/discover/catalog";
import type { EventDoc, MediaPreviewDoc, MediaStatus } from "@/lib/db/types";
import { countByStatus, isOriginal, mediaFiles, type MediaFileDoc, type MediaStatusCounts, type OriginalDoc } from "./files";

// What the event page shows of an event's media, kept where the page reads anyway (MongoDB's
// subset pattern), so a page view runs no query over media (on FerretDB each would read every
// stored file):
// - the event document: `media_counts` (per status, moved by $inc) and `media_preview`, the newest
//   approved items, newest first;
// - `media_uploaders`, one document per (event, uploader) with `_id` "<event>:<uploader>": the
//   newest of their own items still waiting or refused, which only they (and the host) see.
// Each slice changes by compare-and-set on its revision (`media_rev`, `rev`): read the holder, then
// the file that changed, compute the slice, write it only if the revision is unchanged. A file
// changed after that read runs its own update, which either sees this write or makes it fail and
// retry; so the slice converges to exactly the newest matching items whatever the order. An item
// that leaves a full slice is replaced from a query on the files (moderation and deletion only).

/** Items the event page shows. */
export const MEDIA_PREVIEW_SIZE = 6;
/** One more than shown: the page then knows whether the viewer has more of their own. */
const OWN_SIZE = MEDIA_PREVIEW_SIZE + 1;
/** Compare-and-set attempts before a slice is dropped (and rebuilt on the next page view). */
const ATTEMPTS = 16;

type Entry = MediaPreviewDoc;
type Waiting = Exclude<MediaStatus, "approved">;
export type OwnEntry = Entry & { status: Waiting };
type UploaderMediaDoc = { _id: string; items?: OwnEntry[]; rev: number };

async function uploaderRecords(): Promise<Collection<UploaderMediaDoc>> {
  return (await db()).collection<UploaderMediaDoc>("media_uploaders");
}

function uploaderKey(eventId: ObjectId, uploaderId: ObjectId): string {
  return `${eventId.toHexString()}:${uploaderId.toHexString()}`;
}

/** The files' own order: uploadDate, then _id, newest first. */
function newestFirst(a: Entry, b: Entry): number {
  const byDate = b.uploaded_at.getTime() - a.uploaded_at.getTime();
  if (byDate !== 0) return byDate;
  const x = a.file_id.toHexString();
  const y = b.file_id.toHexString();
  return x < y ? 1 : x > y ? -1 : 0;
}

/** What the event document keeps of a file (and what a MediaItem is made from). */
export function entryOf(file: OriginalDoc, uploaderName: string | null): Entry {
  const m = file.metadata;
  return {
    file_id: file._id,
    uploader_id: m.uploader_id,
    uploader_name: uploaderName,
    kind: m.kind,
    content_type: m.content_type,
    filename: m.original_name || file.filename,
    size: file.length,
    width: m.width ?? null,
    height: m.height ?? null,
    uploaded_at: file.uploadDate,
    has_preview: !!m.preview_id,
  };
}

async function entriesOf(files: OriginalDoc[]): Promise<Entry[]> {
  const ids = [...new Set(files.map((f) => f.metadata.uploader_id.toHexString()))].map((id) => new ObjectId(id));
  const users = await findByIds(await collections.users(), ids, { username: 1 });
  const names = new Map(users.map((u) => [u._id.toHexString(), u.username ?? null]));
  return files.map((f) => entryOf(f, names.get(f.metadata.uploader_id.toHexString()) ?? null));
}

function ownEntryOf(entry: Entry, file: OriginalDoc): OwnEntry {
  return { ...entry, status: file.metadata.status as Waiting };
}

async function newestFiles(filter: Filter<MediaFileDoc>, limit: number): Promise<OriginalDoc[]> {
  const rows = await (await mediaFiles()).find(filter).sort({ uploadDate: -1, _id: -1 }).limit(limit).toArray();
  return rows.filter(isOriginal);
}

/** The event's approved items: what everyone who may see its media sees. */
export function approvedFilter(eventId: ObjectId): Filter<MediaFileDoc> {
  return { "metadata.event_id": eventId, "metadata.status": "approved" };
}

function waitingFilter(eventId: ObjectId, uploaderId?: ObjectId): Filter<MediaFileDoc> {
  return { "metadata.event_id": eventId, "metadata.status": { $in: ["pending", "rejected"] }, ...(uploaderId ? { "metadata.uploader_id": uploaderId } : {}) };
}

async function ownFromFiles(eventId: ObjectId, uploaderId: ObjectId): Promise<OwnEntry[]> {
  const files = await newestFiles(waitingFilter(eventId, uploaderId), OWN_SIZE);
  const entries = await entriesOf(files);
  return entries.map((e, i) => ownEntryOf(e, files[i]!));
}

/** A revision that was never set is matched by its absence. */
function revIs(rev: number | undefined): number | { $exists: false } {
  return rev ?? { $exists: false };
}

// ---- one slice, kept by compare-and-set ------------------------------------------------------------------

type Slice<E extends Entry> = {
  limit: number;
  /** Its items (undefined: not built yet) and revision; null when the holder is gone. */
  read(): Promise<{ items: E[] | undefined; rev: number | undefined } | null>;
  /** Writes only if the revision is still `rev`, and bumps it (also when `items` is undefined). */
  write(rev: number | undefined, items: E[] | undefined): Promise<boolean>;
  /** The file's entry when it belongs in this slice now, else null. */
  entry(file: OriginalDoc): Promise<E | null>;
  /** The newest `limit` entries that belong, from the files. */
  fromFiles(): Promise<E[]>;
  /** Given up: the slice is unset, so the next page view builds it from the files. */
  drop(): Promise<void>;
};

const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));

async function syncSlice<E extends Entry>(slice: Slice<E>, fileId: ObjectId): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await slice.read();
    if (!current) return;
    // Read after the holder: see the comment at the top.
    const file = await (await mediaFiles()).findOne({ _id: fileId });
    let items = current.items;
    if (items) {
      const entry = isOriginal(file) ? await slice.entry(file) : null;
      const rest = items.filter((e) => !e.file_id.equals(fileId));
      if (entry) items = [...rest, entry].sort(newestFirst).slice(0, slice.limit);
      // It left a full slice: only the files know which item comes next.
      else if (rest.length < items.length && items.length >= slice.limit) items = await slice.fromFiles();
      else items = rest;
    }
    // Written (and the revision bumped) even when nothing changed, so that a concurrent rebuild
    // from the files, which may have read this file's old status, fails and reads again.
    if (await slice.write(current.rev, items)) return;
    await pause(attempt);
  }
  await slice.drop();
}

function eventSlice(eventId: ObjectId): Slice<Entry> {
  const events = collections.events;
  return {
    limit: MEDIA_PREVIEW_SIZE,
    async read() {
      const event = await (await events()).findOne({ _id: eventId }, { projection: { media_preview: 1, media_rev: 1 } });
      return event && { items: event.media_preview, rev: event.media_rev };
    },
    async write(rev, items) {
      const update: UpdateFilter<EventDoc> = { $inc: { media_rev: 1 }, ...(items ? { $set: { media_preview: items } } : {}) };
      return (await (await events()).updateOne({ _id: eventId, media_rev: revIs(rev) }, update)).matchedCount === 1;
    },
    entry: async (file) => (file.metadata.status === "approved" ? (await entriesOf([file]))[0]! : null),
    fromFiles: async () => entriesOf(await newestFiles(approvedFilter(eventId), MEDIA_PREVIEW_SIZE)),
    async drop() {
      await (await events()).updateOne({ _id: eventId }, { $unset: { media_preview: "" }, $inc: { media_rev: 1 } });
    },
  };
}

function ownSlice(eventId: ObjectId, uploaderId: ObjectId): Slice<OwnEntry> {
  const _id = uploaderKey(eventId, uploaderId);
  return {
    limit: OWN_SIZE,
    async read() {
      const records = await uploaderRecords();
      let doc = await records.findOne({ _id });
      if (!doc) {
        // Their first item here to wait or be refused (or they have older ones, from before these
        // records): start from the files. Whoever inserts first wins; the sync then goes on as usual.
        await records.insertOne({ _id, items: await ownFromFiles(eventId, uploaderId), rev: 0 }).catch(ignoreDuplicate);
        doc = await records.findOne({ _id });
      }
      return doc && { items: doc.items, rev: doc.rev };
    },
    async write(rev, items) {
      const update: UpdateFilter<UploaderMediaDoc> = { $inc: { rev: 1 }, ...(items ? { $set: { items } } : {}) };
      return (await (await uploaderRecords()).updateOne({ _id, rev: revIs(rev) }, update)).matchedCount === 1;
    },
    entry: async (file) => (file.metadata.status !== "approved" && file.metadata.uploader_id.equals(uploaderId) ? ownEntryOf((await entriesOf([file]))[0]!, file) : null),
    fromFiles: () => ownFromFiles(eventId, uploaderId),
    async drop() {
      await (await uploaderRecords()).updateOne({ _id }, { $unset: { items: "" }, $inc: { rev: 1 } });
    },
  };
}

function ignoreDuplicate(err: unknown) {
  if (!isDuplicateKey(err)) throw err;
}

// ---- changes ---------------------------------------------------------------------------------------------------

export type MediaRef = { _id: ObjectId; event_id: ObjectId; uploader_id: ObjectId };

/**
 * Brings the counts and slices in line with one item's change of status, after it is stored:
 * `from` null for a new item, `to` null for a deleted one. Only slices that held or may now hold
 * it are touched.
 */
export async function recordMediaChange(item: MediaRef, from: MediaStatus | null, to: MediaStatus | null): Promise<void> {
  if (from === to) return;
  const inc: Record<string, number> = {};
  if (from) inc[`media_counts.${from}`] = -1;
  if (to) inc[`media_counts.${to}`] = 1;
  // Events whose counts were never taken get them from the files when first shown.
  await (await collections.events()).updateOne({ _id: item.event_id, media_counts: { $exists: true } }, { $inc: inc });
  const statuses = [from, to];
  await Promise.all([
    statuses.includes("approved") ? syncSlice(eventSlice(item.event_id), item._id) : null,
    statuses.some((s) => s === "pending" || s === "rejected") ? syncSlice(ownSlice(item.event_id, item.uploader_id), item._id) : null,
  ]);
  // The approved preview is what a signed-out visitor sees: every process's cache of it lets go.
  if (statuses.includes("approved")) await noteCatalogChange(item.event_id);
}

// ---- what the event page shows --------------------------------------------------------------------------------

export type PreviewEntry = Entry & { status: MediaStatus };
export type EventMediaSlices = { entries: PreviewEntry[]; more: boolean; counts: MediaStatusCounts };

/**
 * The newest items the viewer sees on the event page: approved ones, and with `viewerId` also the
 * viewer's own waiting or refused ones; `more` when there are others. From the event document in
 * hand and, for a viewer, one point read; queries only the first time an event made before these
 * slices (or whose slice was dropped) is shown.
 */
export async function eventMediaSlices(event: EventDoc, viewerId: ObjectId | null): Promise<EventMediaSlices> {
  const shown = event.media_preview && event.media_counts ? { preview: event.media_preview, counts: event.media_counts } : await buildEventSlices(event);
  // Read after a first build, which may have written the viewer's record.
  const own = viewerId ? await ownEntries(event._id, viewerId) : [];
  const entries: PreviewEntry[] = [...shown.preview.map((e) => ({ ...e, status: "approved" as const })), ...own].sort(newestFirst).slice(0, MEDIA_PREVIEW_SIZE);
  return { entries, more: shown.counts.approved + own.length > MEDIA_PREVIEW_SIZE, counts: shown.counts };
}

/** The viewer's own waiting or refused items: none without a record (nothing uploaded since records began). */
async function ownEntries(eventId: ObjectId, uploaderId: ObjectId): Promise<OwnEntry[]> {
  const doc = await (await uploaderRecords()).findOne({ _id: uploaderKey(eventId, uploaderId) });
  if (!doc) return [];
  if (doc.items) return doc.items;
  const items = await ownFromFiles(eventId, uploaderId);
  await (await uploaderRecords()).updateOne({ _id: doc._id, rev: doc.rev }, { $set: { items }, $inc: { rev: 1 } });
  return items;
}

/**
 * An event shown for the first time since these slices exist (or whose preview was dropped): build
 * them from the files and store them if no approved item changed meanwhile (compare-and-set on
 * media_rev, which each such change bumps after writing the file). The counts are taken here once,
 * without such a guard: an upload landing in the milliseconds between the count and this write may
 * be counted twice or not at all (no transactions on FerretDB; events made since start at zero).
 */
async function buildEventSlices(event: EventDoc): Promise<{ preview: Entry[]; counts: MediaStatusCounts }> {
  const [files, counted] = await Promise.all([newestFiles(approvedFilter(event._id), MEDIA_PREVIEW_SIZE), event.media_counts ?? countByStatus(event._id)]);
  const preview = await entriesOf(files);
  const firstTime = !event.media_counts;
  const stored = await (await collections.events()).updateOne(
    { _id: event._id, media_rev: revIs(event.media_rev) },
    { $set: { media_preview: preview, ...(firstTime ? { media_counts: counted } : {}) }, $inc: { media_rev: 1 } },
  );
  if (stored.matchedCount === 1 && firstTime && counted.pending + counted.rejected > 0) await buildUploaderRecords(event._id);
  return { preview, counts: counted };
}

/** Records for uploaders whose waiting or refused items predate them (once per event). */
async function buildUploaderRecords(eventId: ObjectId): Promise<void> {
  const files = (await (await mediaFiles()).find(waitingFilter(eventId)).sort({ uploadDate: -1, _id: -1 }).toArray()).filter(isOriginal);
  const byUploader = new Map<string, OriginalDoc[]>();
  for (const file of files) {
    const key = uploaderKey(eventId, file.metadata.uploader_id);
    const list = byUploader.get(key) ?? [];
    if (list.length < OWN_SIZE) list.push(file);
    byUploader.set(key, list);
  }
  const records = await uploaderRecords();
  for (const [_id, list] of byUploader) {
    const entries = await entriesOf(list);
    // A record already there is newer than this read: keep it.
    await records.insertOne({ _id, items: entries.map((e, i) => ownEntryOf(e, list[i]!)), rev: 0 }).catch(ignoreDuplicate);
  }
}

/** Forgets the uploaders' records of a deleted event (a range of `_id`s: "<event>:…"). */
export async function deleteUploaderRecords(eventId: ObjectId): Promise<void> {
  const prefix = eventId.toHexString();
  await (await uploaderRecords()).deleteMany({ _id: { $gt: `${prefix}:`, $lt: `${prefix};` } });
}
