import "server-only";
import { collections, findByIds, objectIdOrNull, type EventDoc } from "@/lib/db";

// The documents the catalog path shows (a page, the top recommendations), kept a few seconds: on
// FerretDB each costs ~0.35 ms of decoding per read even by `_id`, and the same first pages are
// asked for again and again. Bounded in count (least recently used goes) and in age (`ttlMs`, which
// bounds how stale attendance counts, which are not versioned, may be); the catalog drops an entry
// as soon as it learns the event changed (`forget`), and everything on a rebuild (`clear`).

type Entry = { doc: EventDoc; at: number };

/** By `_id: {$in}`: the primary key on MongoDB and on our patched FerretDB. */
async function readEvents(ids: readonly string[]): Promise<Map<string, EventDoc>> {
  const oids = ids.map(objectIdOrNull).filter((id) => id !== null);
  const rows = await findByIds(await collections.events(), oids);
  return new Map(rows.map((row) => [row._id.toHexString(), row]));
}

export class EventDocCache {
  private readonly docs = new Map<string, Entry>();
  /** When each recently changed event was forgotten: a read that started before must not be kept. */
  private readonly forgotten = new Map<string, number>();
  private clearedAt = -Infinity;

  constructor(
    private readonly clock: () => number,
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  /** Current documents of these events by id (gone: missing), from memory when young enough. */
  async read(ids: readonly string[]): Promise<Map<string, EventDoc>> {
    const startedAt = this.clock();
    const out = new Map<string, EventDoc>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = this.docs.get(id);
      if (hit && startedAt - hit.at < this.ttlMs) {
        out.set(id, hit.doc);
        this.docs.delete(id); // re-inserted: most recently used last
        this.docs.set(id, hit);
      } else missing.push(id);
    }
    if (missing.length === 0) return out;
    const fresh = await readEvents(missing);
    for (const [id, doc] of fresh) {
      out.set(id, doc);
      if (startedAt > this.clearedAt && startedAt > (this.forgotten.get(id) ?? -Infinity)) this.keep(id, { doc, at: startedAt });
    }
    return out;
  }

  forget(ids: readonly string[]): void {
    const now = this.clock();
    for (const id of ids) {
      this.docs.delete(id);
      this.forgotten.delete(id);
      this.forgotten.set(id, now);
    }
    // Only reads still under way can race a change: marks older than any of them can go.
    for (const [id, at] of this.forgotten) {
      if (now - at <= this.ttlMs) break;
      this.forgotten.delete(id);
    }
  }

  clear(): void {
    this.docs.clear();
    this.forgotten.clear();
    this.clearedAt = this.clock();
  }

  private keep(id: string, entry: Entry): void {
    this.docs.delete(id);
    this.docs.set(id, entry);
    if (this.docs.size > this.max) this.docs.delete(this.docs.keys().next().value!);
  }
}
