// Version documents: what changed, for the read caches of every process. Collection `catalog`, one
// document per kind of thing followed: `{_id: "events", epoch, seq, recent}` (discover's catalog and
// the signed-out event views) and `{_id: "users", …}` (who a session or token names). Every noted
// change adds 1 to `seq` and pushes the changed id onto `recent` in the SAME update, so
// `recent[recent.length - 1 - k]` is change number `seq - k`, and a process that last saw `seq = s`
// learns what changed since with one point read. Pure: no database here (tests/unit/discover-catalog;
// the reads and writes are ./version-store.ts).
//
// FerretDB v1 has no `$push` with `$slice`, so a second update pops the oldest id while the array
// is longer than RING_SIZE: it always holds at least the last RING_SIZE changes (a few more while
// writers race), one atomic `$inc` + `$push` per change and no compare-and-set retries under
// contention (a `recent.<seq % n>` ring would need the new seq before writing, hence a CAS loop).
// A new `epoch` means "forget everything" (invalidateCatalog, a recreated document): every process
// rebuilds.

export const CATALOG_COLLECTION = "catalog";
export const CATALOG_VERSION_ID = "events";
export const USERS_VERSION_ID = "users";
export const RING_SIZE = 256;

export type VersionDoc = { _id: string; epoch?: string; seq?: number; recent?: string[] };

/** What a snapshot has applied: changes up to `seq` of `epoch` (null: the document did not exist yet). */
export type KnownVersion = { epoch: string | null; seq: number };

export type VersionChanges = { kind: "none" } | { kind: "some"; ids: string[] } | { kind: "unknown" };

export function versionOf(doc: VersionDoc | null): KnownVersion {
  return { epoch: doc?.epoch ?? null, seq: doc?.seq ?? 0 };
}

/** The ids changed since `known`, or "unknown" when the ring no longer reaches back that far (rebuild). */
export function changesSince(doc: VersionDoc | null, known: KnownVersion): VersionChanges {
  const current = versionOf(doc);
  // A snapshot taken before the document existed has seen change 0 of whatever epoch comes.
  if (known.epoch !== null && current.epoch !== known.epoch) return { kind: "unknown" };
  const delta = current.seq - known.seq;
  if (delta === 0) return { kind: "none" };
  const recent = doc?.recent ?? [];
  if (delta < 0 || delta > recent.length) return { kind: "unknown" };
  return { kind: "some", ids: [...new Set(recent.slice(recent.length - delta))] };
}

/** The update that records a change of `id` (with upsert: the first change creates the document). */
export function noteUpdate(id: string, newEpoch: string) {
  return { $inc: { seq: 1 }, $push: { recent: id }, $setOnInsert: { epoch: newEpoch } };
}

/** Matches version document `docId` while `recent` holds more than RING_SIZE ids; with `{$pop: {recent: -1}}` it drops the oldest. */
export function overfullFilter(docId: string) {
  return { _id: docId, [`recent.${RING_SIZE}`]: { $exists: true } };
}

/** A new epoch and an empty ring: every process's next check says "unknown" and rebuilds. */
export function invalidateUpdate(newEpoch: string) {
  return { $set: { epoch: newEpoch, recent: [] as string[] }, $inc: { seq: 1 } };
}

/** What a follower does with the changes it learns of: forget these ids, or everything. */
export type ForgetChanged = (ids: string[] | "all") => void;

/**
 * Keeps a read cache in step with a version document, for any process: every change other processes
 * must see soon is noted there (noteCatalogChange in lib/discover/catalog.ts, noteUserChange in
 * lib/auth/service.ts). `fresh()` reads the document (`read`, a point read) at most once per
 * `checkEveryMs` and waits for that read, so a cache that calls it before each read serves nothing a
 * noted change replaced for much longer than `checkEveryMs`: the documents that changed are
 * forgotten, or everything when the ring no longer reaches back that far (and at the first check).
 * Changes nobody notes (attendance counts, say) stay bounded by the cache's own TTL. A failed read
 * throws to the caller, and the next call reads again.
 */
export class VersionFollower {
  private known: KnownVersion | null = null;
  private checkedAt = -Infinity;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly clock: () => number,
    private readonly checkEveryMs: number,
    private readonly read: () => Promise<VersionDoc | null>,
    private readonly forget: ForgetChanged,
  ) {}

  async fresh(): Promise<void> {
    if (this.clock() - this.checkedAt < this.checkEveryMs) return;
    this.checking ??= this.check().finally(() => {
      this.checking = null;
    });
    await this.checking;
  }

  private async check(): Promise<void> {
    const at = this.clock();
    const doc = await this.read();
    const changes: VersionChanges = this.known ? changesSince(doc, this.known) : { kind: "unknown" };
    if (changes.kind === "unknown") this.forget("all");
    else if (changes.kind === "some") this.forget(changes.ids);
    this.known = versionOf(doc);
    this.checkedAt = at;
  }
}
