import type { CursorPosition } from "./cursor";
import type { DiscoverSort } from "./schema";

// The in-memory snapshot of upcoming public events: only what discover's filters and the ranking
// read, held in both discover orders so a page is a binary search plus a walk that compares small
// integers (about 30 ns an entry). Pure: the catalog (catalog.ts) feeds it documents; nothing here
// reads the database or the clock.

/** What the catalog reads of an event (CATALOG_PROJECTION). */
export type CatalogSourceDoc = {
  _id: { toHexString(): string };
  owner_id: { toHexString(): string };
  starts_at: Date;
  created_at?: Date;
  is_private: boolean;
  tags?: string[];
  search_terms?: string[];
  seats_left?: number | null;
  counts?: { attending?: number };
};

export const CATALOG_PROJECTION = {
  _id: 1,
  owner_id: 1,
  starts_at: 1,
  created_at: 1,
  is_private: 1,
  tags: 1,
  search_terms: 1,
  seats_left: 1,
  "counts.attending": 1,
} as const;

/**
 * A snapshot entry: a RankableEvent (ranking.ts) with string ids, plus what discover filters on as
 * small integers (ids in the snapshot's vocabulary): a walk over 100k entries compares numbers.
 */
export type CatalogEvent = {
  _id: string;
  owner_id: string;
  starts_at: Date;
  created_at: Date;
  is_private: false;
  tags: string[];
  tagIds: number[];
  termIds: number[];
  seats_left: number | null;
  counts: { attending: number };
};

/** What a walk keeps: any of `tags` (none: every tag) and all of `terms`. */
export type CatalogFilter = { tags?: Iterable<string>; terms?: readonly string[] };
export type CatalogMatcher = (e: CatalogEvent) => boolean;

// Ids compare as hex strings, which orders them as MongoDB orders ObjectIds (byte by byte).
const cmpId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const soonestOrder = (a: CatalogEvent, b: CatalogEvent) => a.starts_at.getTime() - b.starts_at.getTime() || cmpId(a._id, b._id);
const newestOrder = (a: CatalogEvent, b: CatalogEvent) => b.created_at.getTime() - a.created_at.getTime() || cmpId(b._id, a._id);

/** The first index for which `isBefore` is false (it must hold for a prefix of the list). */
function lowerBound<T>(list: readonly T[], isBefore: (item: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isBefore(list[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Words (tags or search terms) ↔ small integers, and one copy of each tag's string. */
class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly words: string[] = [];

  idOf(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.push(word) - 1;
      this.ids.set(word, id);
    }
    return id;
  }

  /** The id of a word some entry has had, or undefined: then no entry has it. */
  find(word: string): number | undefined {
    return this.ids.get(word);
  }
}

export class CatalogSnapshot {
  private readonly byId = new Map<string, CatalogEvent>();
  private soonest: CatalogEvent[] = [];
  private newest: CatalogEvent[] = [];
  private readonly tagWords = new Vocabulary();
  private readonly termWords = new Vocabulary();

  /** @param floor events starting before it are not held: a request for an earlier `now` goes to the database. */
  constructor(readonly floor: Date) {}

  static build(docs: Iterable<CatalogSourceDoc>, floor: Date): CatalogSnapshot {
    const snapshot = new CatalogSnapshot(floor);
    for (const doc of docs) {
      const entry = snapshot.entryOf(doc);
      if (entry) snapshot.byId.set(entry._id, entry);
    }
    snapshot.soonest = [...snapshot.byId.values()].sort(soonestOrder);
    snapshot.newest = [...snapshot.soonest].sort(newestOrder);
    return snapshot;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): CatalogEvent | undefined {
    return this.byId.get(id);
  }

  /** Events' current documents (null: gone): each is held while public and not started before the floor. */
  apply(changes: Iterable<[id: string, doc: CatalogSourceDoc | null]>): void {
    for (const [id, doc] of changes) {
      const old = this.byId.get(id);
      if (old) {
        this.soonest.splice(this.indexOf(this.soonest, old, soonestOrder), 1);
        this.newest.splice(this.indexOf(this.newest, old, newestOrder), 1);
        this.byId.delete(id);
      }
      const entry = doc && doc._id.toHexString() === id ? this.entryOf(doc) : null;
      if (!entry) continue;
      this.byId.set(id, entry);
      this.soonest.splice(lowerBound(this.soonest, (e) => soonestOrder(e, entry) < 0), 0, entry);
      this.newest.splice(lowerBound(this.newest, (e) => newestOrder(e, entry) < 0), 0, entry);
    }
  }

  /** A test for `filter`, or null when no entry can pass it (a tag or word nobody has). */
  matcher(filter: CatalogFilter): CatalogMatcher | null {
    const tagNames = [...(filter.tags ?? [])];
    const tags = tagNames.map((t) => this.tagWords.find(t)).filter((id) => id !== undefined);
    const terms = (filter.terms ?? []).map((t) => this.termWords.find(t));
    if ((tagNames.length > 0 && tags.length === 0) || terms.includes(undefined)) return null;
    const wanted = terms as number[];
    // Plain loops: this runs for every entry a walk passes.
    return (e) => {
      if (tags.length > 0) {
        let any = false;
        for (const id of tags) if (e.tagIds.includes(id)) any = true;
        if (!any) return false;
      }
      for (const id of wanted) if (!e.termIds.includes(id)) return false;
      return true;
    };
  }

  /**
   * The first `limit` entries that `match` takes, in `sort` order, strictly after `after` (a cursor
   * position) and starting at or after `now`, as the database path's query asks.
   */
  find(sort: DiscoverSort, now: Date, after: CursorPosition | null, match: CatalogMatcher | null, limit: number): CatalogEvent[] {
    const out: CatalogEvent[] = [];
    if (!match || limit <= 0) return out;
    const list = sort === "newest" ? this.newest : this.soonest;
    // Soonest starts at `now`; newest tests each entry's start as the database's filter does.
    const t = sort === "newest" ? now.getTime() : -Infinity;
    for (let i = this.startOf(sort, now, after); i < list.length; i++) {
      const e = list[i]!;
      if ((t > -Infinity && e.starts_at.getTime() < t) || !match(e)) continue;
      out.push(e);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** The first `limit` entries starting at or after `now`, soonest first, that `match` takes (default: all). */
  upcoming(now: Date, limit: number, match: CatalogMatcher | null = () => true): CatalogEvent[] {
    return this.find("soonest", now, null, match, limit);
  }

  private startOf(sort: DiscoverSort, now: Date, after: CursorPosition | null): number {
    if (sort === "newest") {
      if (!after) return 0;
      const at = after.at.getTime();
      return lowerBound(this.newest, (e) => e.created_at.getTime() > at || (e.created_at.getTime() === at && e._id >= after.id));
    }
    const start = lowerBound(this.soonest, (e) => e.starts_at.getTime() < now.getTime());
    if (!after) return start;
    const at = after.at.getTime();
    return Math.max(start, lowerBound(this.soonest, (e) => e.starts_at.getTime() < at || (e.starts_at.getTime() === at && e._id <= after.id)));
  }

  private indexOf(list: CatalogEvent[], entry: CatalogEvent, order: (a: CatalogEvent, b: CatalogEvent) => number): number {
    const i = lowerBound(list, (e) => order(e, entry) < 0);
    if (list[i] !== entry) throw new Error(`catalog snapshot out of order at ${entry._id}`);
    return i;
  }

  private entryOf(doc: CatalogSourceDoc): CatalogEvent | null {
    if (doc.is_private !== false || !(doc.starts_at instanceof Date) || doc.starts_at.getTime() < this.floor.getTime()) return null;
    const tagIds = (doc.tags ?? []).map((t) => this.tagWords.idOf(t));
    return {
      _id: doc._id.toHexString(),
      owner_id: doc.owner_id.toHexString(),
      starts_at: doc.starts_at,
      created_at: doc.created_at ?? new Date(0),
      is_private: false,
      tags: tagIds.map((id) => this.tagWords.words[id]!),
      tagIds,
      termIds: (doc.search_terms ?? []).map((t) => this.termWords.idOf(t)),
      seats_left: doc.seats_left ?? null,
      counts: { attending: doc.counts?.attending ?? 0 },
    };
  }
}
