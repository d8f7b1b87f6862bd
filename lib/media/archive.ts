import "server-only";
import type { Readable } from "node:stream";
import { ZipArchive, type ZipEntryData } from "archiver";
import type { ObjectId } from "mongodb";
import { afterKey, type PageKey } from "@/lib/db/paging";
import { Forbidden } from "@/lib/errors";
import type { Viewer } from "@/lib/events/access";
import { zonedWallClock } from "@/lib/events/time";
import { isOriginal, mediaFiles, type MediaFileDoc, type OriginalDoc } from "./files";
import { openFileStream } from "./gridfs";
import { mediaAccess, type MediaAccess } from "./service";
import { approvedFilter } from "./slices";
import { cleanFileName, mediaTypeOfMime } from "./sniff";

// "Download all": an event's approved photos and videos as one zip, written while it is sent. Files
// are read from GridFS one after another, each as a stream, at the pace the client takes the bytes
// (archiver pipes each source with backpressure), and the list of files a page at a time: memory
// stays a few chunks whatever the album's size. Entries are stored, not compressed: photos and
// videos are compressed already, so the server spends no CPU on them. Pending and rejected items
// are never read: the query asks for approved ones only.

/** Files read per query (on FerretDB each query scans the media collection). */
const PAGE_SIZE = 100;

export type MediaArchive = {
  /** From the event's title: "Summer party.zip". */
  filename: string;
  /** The zip as a Node stream; destroying it stops reading GridFS. */
  open: () => Readable;
};

/**
 * The approved photos and videos of an event, oldest first, for whoever may see them (404 for who
 * may not see the event, 403 for who sees it but not its media, like the list). The first page of
 * files is read here, so a database failure is an error answer rather than a broken download. An
 * event without approved items gives an empty (valid) zip.
 */
export async function getMediaArchive(viewer: Viewer, eventId: string): Promise<MediaArchive> {
  const access = await mediaAccess(eventId, viewer);
  if (!access.canSeeApproved) throw new Forbidden("Only the host and guests who are going can see this event's photos and videos.");
  const { _id, title, timezone } = access.event;
  const first = await approvedPage(_id, null);
  return {
    filename: archiveName(title),
    open: () => zipOf(approvedFiles(_id, first), timezone),
  };
}

/** Whether the event has an approved item (the gallery shows "Download all" then). */
export async function hasApprovedMedia(access: MediaAccess): Promise<boolean> {
  if (!access.canSeeApproved) return false;
  return !!(await (await mediaFiles()).findOne(approvedFilter(access.event._id), { projection: { _id: 1 } }));
}

export function mediaArchivePath(eventId: string): string {
  return `/api/v1/events/${encodeURIComponent(eventId)}/media/archive`;
}

// ---- the files -------------------------------------------------------------------------------------------------

async function approvedPage(eventId: ObjectId, after: PageKey<ObjectId> | null): Promise<MediaFileDoc[]> {
  const filter = { ...approvedFilter(eventId), ...(after ? afterKey<MediaFileDoc>("uploadDate", after, 1) : {}) };
  return (await mediaFiles()).find(filter).sort({ uploadDate: 1, _id: 1 }).limit(PAGE_SIZE).toArray();
}

/** Keyset pages after `first`, read only as the archive gets to them. */
async function* approvedFiles(eventId: ObjectId, first: MediaFileDoc[]): AsyncGenerator<OriginalDoc> {
  let page = first;
  for (;;) {
    for (const doc of page) if (isOriginal(doc)) yield doc;
    const last = page[page.length - 1];
    if (page.length < PAGE_SIZE || !last) return;
    page = await approvedPage(eventId, { at: last.uploadDate, id: last._id });
  }
}

// ---- the zip ----------------------------------------------------------------------------------------------------

/**
 * One entry at a time: the next file is opened once the previous one is in the archive, so only one
 * GridFS stream is open. When the archive closes early (the client left, or a read failed), the
 * file being read is destroyed and no further file or page is read.
 */
function zipOf(files: AsyncGenerator<OriginalDoc>, timeZone: string): Readable {
  const zip = new ZipArchive({ store: true });
  // Errors reach the reader through the stream itself (webStreamOf); never an uncaught "error" event.
  zip.on("error", () => {});
  const names = new EntryNames();
  let current: Readable | null = null;
  void (async () => {
    try {
      for await (const file of files) {
        current = openFileStream(file);
        // A zip's date is a wall-clock time without a zone: the event's, as the event page shows times.
        await appendEntry(zip, current, { name: names.take(entryName(file)), date: zonedWallClock(file.uploadDate, timeZone) });
        current = null;
      }
      zip.finalize().catch(() => {});
    } catch (err) {
      current?.destroy();
      zip.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  })();
  return zip;
}

/** Resolves once the entry's bytes are in the archive; rejects when its source fails or the archive closes first. */
function appendEntry(zip: ZipArchive, source: Readable, entry: ZipEntryData): Promise<void> {
  return new Promise((resolve, reject) => {
    if (zip.destroyed) {
      reject(new Error("The archive was closed before its last entry."));
      return;
    }
    const settle = (err?: Error) => {
      zip.off("entry", onEntry);
      zip.off("close", onClose);
      source.off("error", settle);
      if (err) reject(err);
      else resolve();
    };
    const onEntry = () => settle();
    const onClose = () => settle(new Error("The archive was closed before its last entry."));
    zip.on("entry", onEntry);
    zip.on("close", onClose);
    // archiver pipes the source through a PassThrough, and a pipe does not carry errors: a missing chunk would stall the archive.
    source.on("error", settle);
    zip.append(source, entry);
  });
}

/** The stored name, cleaned like an upload's (no path, control or invisible characters, the type's extension). */
function entryName(file: OriginalDoc): string {
  const raw = file.metadata.original_name || file.filename;
  const own = /\.([a-z0-9]{1,5})$/i.exec(raw)?.[1]?.toLowerCase();
  return cleanFileName(raw, mediaTypeOfMime(file.metadata.content_type) ?? { ext: own ?? "bin", exts: own ? [own] : [] });
}

/** "Summer party.zip": the title as a file name (a slash is a dash, not a folder). */
function archiveName(title: string): string {
  return cleanFileName(`${title.replace(/[/\\]/g, "-")}.zip`, { ext: "zip", exts: ["zip"] });
}

/**
 * Names unique in the archive, compared without case (Windows and macOS extract "Photo.jpg" over
 * "photo.jpg"): the second "photo.jpg" is "photo (2).jpg", the third "photo (3).jpg".
 */
class EntryNames {
  private readonly taken = new Set<string>();
  /** The next number to try for a name, so many copies of one name cost no rescans. */
  private readonly next = new Map<string, number>();

  take(name: string): string {
    const key = name.toLowerCase();
    let candidate = name;
    if (this.taken.has(key)) {
      const dot = name.lastIndexOf(".");
      const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
      let n = this.next.get(key) ?? 2;
      while (this.taken.has(`${stem} (${n})${ext}`.toLowerCase())) n++;
      candidate = `${stem} (${n})${ext}`;
      this.next.set(key, n + 1);
    }
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}
