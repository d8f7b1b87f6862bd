import "server-only";
import type { Collection, Document, ObjectId, WithId } from "mongodb";
import { findByIds, objectIdOrNull } from "./collections";

// Documents kept a short while in this process, for reads that may lag a write by a bounded time:
// on FerretDB each read costs ~0.3 ms of decoding even by `_id`, and the same documents are asked for
// again and again (the event a shared link opens, its host's profile, the cards discover shows).
// Bounded in count (least recently used goes) and in age (`ttlMs`): an entry older than that is read
// again from the database. `forget` drops an entry as soon as this process learns the document
// changed, `clear` drops everything; a read that started before either is not kept. Concurrent
// misses for one id share one read.

type Entry<T> = { doc: T; at: number };

/** Reads documents by id (gone: missing). */
export type ReadDocs<T> = (ids: readonly string[]) => Promise<Map<string, T>>;

/** A ReadDocs by `_id: {$in}` (the primary key on MongoDB and on our patched FerretDB); malformed ids are missing. */
export function readByIds<T extends Document & { _id: ObjectId }>(collection: () => Promise<Collection<T>>, projection?: Document): ReadDocs<WithId<T>> {
  return async (ids) => {
    const rows = await findByIds(await collection(), ids.map(objectIdOrNull).filter((id) => id !== null), projection);
    return new Map(rows.map((row) => [row._id.toHexString(), row]));
  };
}

export class DocCache<T> {
  private readonly docs = new Map<string, Entry<T>>();
  /** When each recently changed event was forgotten: a read that started before must not be kept. */
  private readonly forgotten = new Map<string, number>();
  private clearedAt = -Infinity;
  /** Reads under way, by id, with when they started: a second miss waits for the first. */
  private readonly inFlight = new Map<string, { startedAt: number; read: Promise<Map<string, T>> }>();

  constructor(
    private readonly clock: () => number,
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly reader: ReadDocs<T>,
  ) {}

  /** Current documents by id (gone: missing), from memory when young enough. */
  async read(ids: readonly string[]): Promise<Map<string, T>> {
    const startedAt = this.clock();
    const out = new Map<string, T>();
    const missing: string[] = [];
    const joined: { id: string; read: Promise<Map<string, T>> }[] = [];
    for (const id of ids) {
      const hit = this.docs.get(id);
      const pending = this.inFlight.get(id);
      if (hit && startedAt - hit.at < this.ttlMs) {
        out.set(id, hit.doc);
        this.docs.delete(id); // re-inserted: most recently used last
        this.docs.set(id, hit);
      } else if (pending && this.usable(id, pending.startedAt)) joined.push({ id, read: pending.read });
      else missing.push(id);
    }
    if (missing.length > 0) {
      const read = this.reader(missing);
      for (const id of missing) this.inFlight.set(id, { startedAt, read });
      try {
        const fresh = await read;
        for (const [id, doc] of fresh) {
          out.set(id, doc);
          if (this.usable(id, startedAt)) this.keep(id, { doc, at: startedAt });
        }
      } finally {
        for (const id of missing) if (this.inFlight.get(id)?.read === read) this.inFlight.delete(id);
      }
    }
    for (const { id, read } of joined) {
      const doc = (await read).get(id);
      if (doc) out.set(id, doc);
    }
    return out;
  }

  /** When the document kept for `id` was read (null: none kept, or too old to serve). */
  keptAt(id: string): number | null {
    const hit = this.docs.get(id);
    return hit && this.clock() - hit.at < this.ttlMs ? hit.at : null;
  }

  forget(ids: readonly string[]): void {
    const now = this.clock();
    for (const id of ids) {
      this.docs.delete(id);
      this.inFlight.delete(id);
      this.forgotten.delete(id);
      this.forgotten.set(id, now);
    }
    // Only reads still under way can race a change: marks older than any of them can go.
    for (const [id, at] of this.forgotten) {
      if (now - at <= this.ttlMs) break;
      this.forgotten.delete(id);
    }
  }

  /** Drops what each write a collection reports changed (onEventWrite, onUserWrite in lib/db/collections.ts). */
  followWrites(onWrite: (listener: (ids: string[] | "all") => void) => void): this {
    onWrite((ids) => this.drop(ids));
    return this;
  }

  /** Forgets these entries, or ("all") everything. */
  drop(ids: readonly string[] | "all"): void {
    if (ids === "all") this.clear();
    else this.forget(ids);
  }

  clear(): void {
    this.docs.clear();
    this.inFlight.clear();
    this.forgotten.clear();
    this.clearedAt = this.clock();
  }

  /** A read that started at `startedAt` saw no change this process has since learned of. */
  private usable(id: string, startedAt: number): boolean {
    return startedAt > this.clearedAt && startedAt > (this.forgotten.get(id) ?? -Infinity);
  }

  private keep(id: string, entry: Entry<T>): void {
    this.docs.delete(id);
    this.docs.set(id, entry);
    if (this.docs.size > this.max) this.docs.delete(this.docs.keys().next().value!);
  }
}
