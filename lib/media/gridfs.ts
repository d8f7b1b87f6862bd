import "server-only";
import { Readable } from "node:stream";
import { Binary, ObjectId, type Collection, type Document } from "mongodb";
import { db } from "@/lib/db/client";

// Event media in the GridFS layout (bucket `media`: `media.files` + `media.chunks`, GridFS spec field
// names), written and read here rather than through the driver's GridFSBucket, for one reason: the
// driver reads chunks with `{files_id, n}` queries, and FerretDB v1 (our development and test
// database) serves no query through an index, so each such read decodes every stored chunk in Go.
// A lone `{_id}` filter is the one it hands to SQLite (still a table scan there, but ~6× faster on 75 MB
// stored, and stopped at the first match). So chunks get deterministic ids, `<files_id hex>:<n>`, and
// are read one by one by `_id` — on MongoDB a point read on the `_id` index. The documents stay
// GridFS documents: the driver's GridFSBucket (mongofiles, a migration script) reads what this writes, and this
// reads what the driver wrote (the original system's files, whose chunks have ObjectId ids) through
// the `{files_id, n}` fallback. Chunks shard on files_id (DESIGN.md, "Scale-out").

export const MEDIA_BUCKET = "media";

/** 1 MiB: four times GridFS's default, so a download needs a quarter of the lookups; a stream holds the chunk being sent, the next one and READ_AHEAD more. */
export const CHUNK_SIZE = 1024 * 1024;

/** Full chunks sent to the database per insert. */
const CHUNKS_PER_INSERT = 2;

export type StoredFile<M extends Document = Document> = {
  _id: ObjectId;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata?: M;
};

type ChunkDoc = { _id: string | ObjectId; files_id: ObjectId; n: number; data: Binary };

export async function filesCollection<M extends Document = Document>(): Promise<Collection<StoredFile<M>>> {
  return (await db()).collection<StoredFile<M>>(`${MEDIA_BUCKET}.files`);
}

async function chunksCollection(): Promise<Collection<ChunkDoc>> {
  return (await db()).collection<ChunkDoc>(`${MEDIA_BUCKET}.chunks`);
}

export function chunkId(fileId: ObjectId, n: number): string {
  return `${fileId.toHexString()}:${n}`;
}

/**
 * Writes one file: `write()` its bytes in order (one call at a time, each resolving when its full
 * chunks are stored), then `end()` stores the last chunk and, last of all, the files document — so
 * a file is visible only once all its bytes are. `abort()` removes whatever was stored.
 */
export class FileWriter<M extends Document = Document> {
  private pending: Buffer[] = [];
  private pendingSize = 0;
  private n = 0;
  private length = 0;

  constructor(
    readonly id: ObjectId,
    private readonly filename: string,
    private readonly metadata: M,
    private readonly chunkSize = CHUNK_SIZE,
  ) {}

  async write(data: Buffer): Promise<void> {
    this.pending.push(data);
    this.pendingSize += data.length;
    this.length += data.length;
    if (this.pendingSize < this.chunkSize) return;
    const all = Buffer.concat(this.pending);
    const full = all.length - (all.length % this.chunkSize);
    const rest = all.subarray(full);
    this.pending = rest.length ? [Buffer.from(rest)] : [];
    this.pendingSize = rest.length;
    const docs: ChunkDoc[] = [];
    for (let at = 0; at < full; at += this.chunkSize) docs.push(this.chunk(all.subarray(at, at + this.chunkSize)));
    const chunks = await chunksCollection();
    for (let i = 0; i < docs.length; i += CHUNKS_PER_INSERT) await chunks.insertMany(docs.slice(i, i + CHUNKS_PER_INSERT), { ordered: true });
  }

  /** Stores the rest and the files document; returns the file's length. */
  async end(): Promise<number> {
    if (this.pendingSize > 0) {
      await (await chunksCollection()).insertOne(this.chunk(Buffer.concat(this.pending)));
      this.pending = [];
      this.pendingSize = 0;
    }
    const file: StoredFile<M> = {
      _id: this.id,
      length: this.length,
      chunkSize: this.chunkSize,
      uploadDate: new Date(),
      filename: this.filename,
      metadata: this.metadata,
    };
    await (await filesCollection<M>()).insertOne(file as never);
    return this.length;
  }

  /** Call only when no write() is running: one could otherwise land after the delete. */
  async abort(): Promise<void> {
    await deleteFile(this.id);
  }

  private chunk(data: Buffer): ChunkDoc {
    const n = this.n++;
    // Binary copies nothing: the chunk's bytes are a view of the batch buffer until insert serializes them.
    return { _id: chunkId(this.id, n), files_id: this.id, n, data: new Binary(data) };
  }
}

/** Stores a buffer as one file. */
export async function writeFile<M extends Document>(id: ObjectId, filename: string, metadata: M, data: Buffer): Promise<number> {
  const writer = new FileWriter(id, filename, metadata);
  try {
    await writer.write(data);
    return await writer.end();
  } catch (err) {
    await writer.abort().catch(() => {});
    throw err;
  }
}

async function readChunk(chunks: Collection<ChunkDoc>, file: Pick<StoredFile, "_id" | "length" | "chunkSize">, n: number): Promise<Buffer> {
  const doc = (await chunks.findOne({ _id: chunkId(file._id, n) })) ?? (await chunks.findOne({ files_id: file._id, n }));
  const expected = Math.min(file.chunkSize, file.length - n * file.chunkSize);
  const bytes = doc?.data.buffer;
  if (!bytes) throw new Error(`Chunk ${n} of file ${file._id.toHexString()} is missing`);
  if (bytes.length !== expected) throw new Error(`Chunk ${n} of file ${file._id.toHexString()} holds ${bytes.length} bytes, not ${expected}`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Chunks read ahead of the one being sent. On FerretDB each read is a scan; overlapping two made downloads ~25 % faster in bench/media-load.mjs. */
const READ_AHEAD = 2;

/**
 * The bytes `start` to `end` (exclusive) of a stored file, a chunk at a time, the next READ_AHEAD
 * chunks read while this one is consumed. A missing or short chunk fails the stream (never silently
 * short data).
 */
export async function* readFile(file: Pick<StoredFile, "_id" | "length" | "chunkSize">, start = 0, end = file.length): AsyncGenerator<Buffer> {
  if (start >= end) return;
  const chunks = await chunksCollection();
  const first = Math.floor(start / file.chunkSize);
  const last = Math.floor((end - 1) / file.chunkSize);
  const reads: Promise<Buffer>[] = [];
  let requested = first;
  const fill = () => {
    while (requested <= last && reads.length <= READ_AHEAD) {
      const p = readChunk(chunks, file, requested++);
      p.catch(() => {}); // observed when awaited; a stream closed early never awaits its read-ahead
      reads.push(p);
    }
  };
  for (let n = first; n <= last; n++) {
    fill();
    const bytes = await reads.shift()!;
    const from = n === first ? start - n * file.chunkSize : 0;
    const to = n === last ? end - n * file.chunkSize : bytes.length;
    yield bytes.subarray(from, to);
  }
}

/** readFile as a Node stream (for Response bodies). `end` is exclusive. */
export function openFileStream(file: Pick<StoredFile, "_id" | "length" | "chunkSize">, range?: { start: number; end: number }): Readable {
  return Readable.from(readFile(file, range?.start ?? 0, range?.end ?? file.length), { objectMode: false });
}

/**
 * Removes a file: its files document first (it disappears from every list at once), then its chunks.
 * A reader already streaming it fails on the next chunk, never gets wrong bytes. True when this
 * call removed the files document (of concurrent deletes, one does).
 */
export async function deleteFile(id: ObjectId): Promise<boolean> {
  const { deletedCount } = await (await filesCollection()).deleteOne({ _id: id });
  await (await chunksCollection()).deleteMany({ files_id: id });
  return deletedCount === 1;
}
