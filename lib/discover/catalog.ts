import "server-only";
import type { ObjectId } from "mongodb";
import { databaseName, isDbUnreachable, type EventDoc } from "@/lib/db";
import { CATALOG_VERSION_ID, changesSince, versionOf, type KnownVersion } from "@/lib/db/version-ring";
import { bumpVersion, invalidateVersion, readVersion } from "@/lib/db/version-store";
import { EventDocCache } from "@/lib/events/doc-cache";
import { CatalogSnapshot } from "./catalog-snapshot";
import { readCatalogDocs, scanCatalog } from "./catalog-store";

// An in-process read cache of upcoming public events for discover and recommendations. FerretDB
// answers every filter but `_id` by decoding the whole collection (~2.5 s of CPU at 10k events),
// so these reads come from a snapshot checked against the version document (lib/db/version-ring.ts):
//  - a request reads the version document by `_id` at most once per `checkEveryMs` per process and
//    waits for that read, so a change noted anywhere is seen within about a second; the events that
//    changed (at most RING_SIZE) are re-read by `_id: {$in}` and patched in. When that read finds no
//    database, the request fails like any other read (503): the snapshot is never served unchecked
//    for longer than `checkEveryMs`;
//  - one scan rebuilds it: at first use, when the ring no longer reaches back (too many changes, a
//    new epoch), and every `rebuildEveryMs` as the safety net for a change nobody noted. Single-flight
//    per process; the previous snapshot is served meanwhile while it was last known complete less
//    than `maxStaleMs` ago, after that requests wait for the rebuild;
//  - bounded: above `maxEvents` upcoming public events the catalog stands aside and the database
//    answers (index-served on MongoDB) until the next rebuild time.
// The documents shown are read by `_id` and kept `docTtlMs` (lib/events/doc-cache.ts), dropped as soon as the
// catalog learns of a change. Attendance counts are not versioned (every join would churn the
// ring): shown, they are at most `docTtlMs` old; the popular fallback refreshes the counts it ranks
// on through freshenCounts, at most `countsEveryMs` old and never more than `maxStaleMs`.

export type CatalogTiming = {
  checkEveryMs: number;
  maxStaleMs: number;
  rebuildEveryMs: number;
  countsEveryMs: number;
  maxEvents: number;
  docTtlMs: number;
  docCacheMax: number;
  /** The snapshot also holds events that started this long before the scan: requests already under way still find theirs. */
  floorMarginMs: number;
};

export const CATALOG_TIMING: CatalogTiming = {
  checkEveryMs: 1_000,
  maxStaleMs: 30_000,
  rebuildEveryMs: 10 * 60_000,
  countsEveryMs: 15_000,
  maxEvents: 200_000,
  docTtlMs: 10_000,
  docCacheMax: 2_000,
  floorMarginMs: 5 * 60_000,
};

type State = {
  snapshot: CatalogSnapshot;
  version: KnownVersion;
  builtAt: number;
  checkedAt: number;
  /** When a check last found the snapshot complete: its staleness is measured from here. */
  freshAt: number;
  /** The ring no longer reaches back to `version`: only a rebuild brings this snapshot up to date. */
  behind: boolean;
  countsAt: number;
  checking: Promise<void> | null;
  counting: Promise<void> | null;
};

function report(what: string, err: unknown) {
  console.error(`[invyta] discover catalog ${what} failed:`, err);
}

export class EventCatalog {
  private state: State | null = null;
  private building: Promise<void> | null = null;
  /** Patches run one after another, so an older read never overwrites a newer one. */
  private patching: Promise<void> = Promise.resolve();
  private asideUntil = 0;
  private readonly docs: EventDocCache;

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly timing: CatalogTiming = CATALOG_TIMING,
  ) {
    this.docs = new EventDocCache(clock, timing.docTtlMs, timing.docCacheMax);
  }

  /** The snapshot to answer from, checked as the header says; null: too many events, ask the database. */
  async current(): Promise<CatalogSnapshot | null> {
    if (this.clock() < this.asideUntil) return null;
    const state = this.state;
    if (!state) {
      await this.rebuild();
      return this.state?.snapshot ?? null;
    }
    if (!state.behind && this.clock() - state.checkedAt >= this.timing.checkEveryMs) {
      await this.check(state).catch((err) => {
        // No database: answer as every other read does (503), not from a snapshot nobody can check.
        if (isDbUnreachable(err)) throw err;
        report("check", err);
      });
    }
    if (state.behind || this.clock() - state.builtAt >= this.timing.rebuildEveryMs) void this.rebuild().catch((err) => report("rebuild", err));
    if (this.clock() - state.freshAt > this.timing.maxStaleMs) await this.rebuild();
    return this.state?.snapshot ?? null;
  }

  /** After an event was written: tell every process (the version document), and patch this one now. */
  async noteChange(eventId: string): Promise<void> {
    try {
      await bumpVersion(CATALOG_VERSION_ID, eventId);
    } finally {
      const state = this.state;
      if (state) await this.patch(state, [eventId]);
    }
  }

  /** Every process rebuilds at its next check (after a bulk import, a restore, a migration). */
  async invalidate(): Promise<void> {
    await invalidateVersion(CATALOG_VERSION_ID);
    if (this.state) this.state.behind = true;
  }

  /** The current documents of these events (gone: missing), for showing them. */
  readDocs(ids: readonly string[]): Promise<Map<string, EventDoc>> {
    return this.docs.read(ids);
  }

  /**
   * How old what a listing of these events shows is: when the snapshot was last known complete or
   * the oldest of their documents was read, whichever is earlier. Null: the catalog is not
   * answering, or a document is no longer kept (it changed).
   */
  readAt(ids: readonly string[]): number | null {
    const state = this.state;
    if (!state || this.clock() < this.asideUntil) return null;
    let at = state.freshAt;
    for (const id of ids) {
      const kept = this.docs.keptAt(id);
      if (kept === null) return null;
      at = Math.min(at, kept);
    }
    return at;
  }

  /** Re-reads these events when the counts last read are `countsEveryMs` old; waits only when they are `maxStaleMs` old. */
  async freshenCounts(ids: readonly string[]): Promise<void> {
    const state = this.state;
    if (!state || ids.length === 0) return;
    const started = this.clock();
    const age = started - state.countsAt;
    if (age < this.timing.countsEveryMs) return;
    state.counting ??= this.patch(state, ids)
      .then(() => {
        state.countsAt = started;
      })
      .finally(() => {
        state.counting = null;
      });
    if (age > this.timing.maxStaleMs) await state.counting;
    else state.counting.catch((err) => report("counts refresh", err));
  }

  private rebuild(): Promise<void> {
    this.building ??= this.build().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async build(): Promise<void> {
    const started = this.clock();
    const t0 = performance.now();
    const heapBefore = heapMb();
    const version = versionOf(await readVersion(CATALOG_VERSION_ID));
    const floor = new Date(started - this.timing.floorMarginMs);
    const snapshot = await scanSnapshot(floor, this.timing.maxEvents);
    if (!snapshot) {
      this.state = null;
      this.asideUntil = started + this.timing.rebuildEveryMs;
      console.warn(`[invyta] discover catalog: more than ${this.timing.maxEvents} upcoming public events; the database answers discover and recommendations`);
      return;
    }
    const state: State = {
      snapshot,
      version,
      builtAt: started,
      checkedAt: started,
      freshAt: started,
      behind: false,
      countsAt: started,
      checking: null,
      counting: null,
    };
    // Changes noted while the scan ran (it may have read an event before it changed), then those
    // noted between that check and the swap, whose local patches went to the previous snapshot.
    await this.check(state);
    this.state = state;
    this.docs.clear();
    tellChange();
    await this.check(state);
    const ms = performance.now() - t0;
    console.info(`[invyta] discover catalog: ${state.snapshot.size} upcoming public events in ${Math.round(ms)} ms (heap ${heapBefore} → ${heapMb()} MB)`);
  }

  private check(state: State): Promise<void> {
    state.checking ??= this.runCheck(state).finally(() => {
      state.checking = null;
    });
    return state.checking;
  }

  private async runCheck(state: State): Promise<void> {
    const at = this.clock();
    const doc = await readVersion(CATALOG_VERSION_ID);
    const changes = changesSince(doc, state.version);
    state.checkedAt = at;
    if (changes.kind === "unknown") {
      state.behind = true;
      return;
    }
    if (changes.kind === "some") await this.patch(state, changes.ids);
    state.version = versionOf(doc);
    state.freshAt = at;
  }

  private patch(state: State, ids: readonly string[]): Promise<void> {
    const run = this.patching.then(async () => {
      const docs = await readCatalogDocs(ids);
      state.snapshot.apply(ids.map((id) => [id, docs.get(id) ?? null]));
      this.docs.forget(ids);
      tellChange();
      if (state.snapshot.size > this.timing.maxEvents && this.state === state) {
        this.state = null;
        this.asideUntil = this.clock() + this.timing.rebuildEveryMs;
      }
    });
    this.patching = run.catch(() => undefined);
    return run;
  }
}

/** A function of its own, so the scanned documents are garbage by the time the heap is measured. */
async function scanSnapshot(floor: Date, max: number): Promise<CatalogSnapshot | null> {
  const docs = await scanCatalog(floor, max);
  return docs && CatalogSnapshot.build(docs, floor);
}

/** Heap in use, in MB. Under `--expose-gc` (the bench) garbage is collected first, so the figure is what is live. */
function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().heapUsed / 2 ** 20);
}

// One catalog per process and database, kept on globalThis like the MongoClient (lib/db/client.ts): route
// handlers and pages are bundled apart and must share it, and dev hot reload must not multiply it.
// So are the listeners to its changes: a change made through a route handler must reach a page's.
const g = globalThis as typeof globalThis & {
  __invytaCatalog?: { database: string; catalog: EventCatalog };
  __invytaCatalogListeners?: Set<() => void>;
};
const changeListeners = (g.__invytaCatalogListeners ??= new Set());

/** Hears every change to what the catalogs of this process hold (a patch, a rebuild): what it shows may have changed. */
export function onCatalogChange(listener: () => void): void {
  changeListeners.add(listener);
}

function tellChange(): void {
  for (const listener of changeListeners) listener();
}

export function eventCatalog(): EventCatalog {
  const database = databaseName();
  if (g.__invytaCatalog?.database !== database) g.__invytaCatalog = { database, catalog: new EventCatalog() };
  return g.__invytaCatalog.catalog;
}

/**
 * Call after every event create, update and delete, and any write to the fields discover shows or
 * filters on or a signed-out visitor sees (the invite link, the cover, the media preview: the
 * anonymous views in lib/events/access.ts follow these notes too): other processes see the change
 * within about a second, this one at once. Never throws: the write it follows has happened. A lost
 * note is caught by the periodic rebuild, and pages re-read what they show by `_id` at most
 * `docTtlMs` later, so an event that turned private or was deleted still goes within seconds.
 */
export async function noteCatalogChange(eventId: ObjectId | string): Promise<void> {
  const id = typeof eventId === "string" ? eventId.toLowerCase() : eventId.toHexString();
  try {
    await eventCatalog().noteChange(id);
  } catch (err) {
    report(`note of ${id}`, err);
  }
}

/** After a bulk import or a restore that bypassed noteCatalogChange: every process rebuilds. */
export async function invalidateCatalog(): Promise<void> {
  await eventCatalog().invalidate();
}
