import "server-only";
import { randomUUID } from "node:crypto";
import type { Collection } from "mongodb";
import { collections, db, isDuplicateKey, objectIdOrNull } from "@/lib/db";
import { CATALOG_PROJECTION, type CatalogSourceDoc } from "./catalog-snapshot";
import {
  CATALOG_COLLECTION,
  CATALOG_VERSION_ID,
  invalidateUpdate,
  noteUpdate,
  overfullFilter,
  type CatalogVersionDoc,
} from "./catalog-version";

// The catalog's database reads and writes. Each one is served by the `_id` index, on MongoDB and
// on our patched FerretDB alike, except `scanCatalog`, which the catalog bounds in how often it runs.

async function versions(): Promise<Collection<CatalogVersionDoc>> {
  return (await db()).collection<CatalogVersionDoc>(CATALOG_COLLECTION);
}

export async function readVersion(): Promise<CatalogVersionDoc | null> {
  return (await versions()).findOne({ _id: CATALOG_VERSION_ID });
}

/** Records a change of one event: `$inc` + `$push` in one atomic update, then the ring trimmed. */
export async function bumpVersion(eventId: string): Promise<void> {
  const coll = await versions();
  const update = noteUpdate(eventId, randomUUID());
  try {
    await coll.updateOne({ _id: CATALOG_VERSION_ID }, update, { upsert: true });
  } catch (err) {
    // Two first changes raced to create the document: the other one did; this one is an update now.
    if (!isDuplicateKey(err)) throw err;
    await coll.updateOne({ _id: CATALOG_VERSION_ID }, update, { upsert: true });
  }
  // Each writer pops at most what it can see over the bound; writers racing leave a few more.
  for (let i = 0; i < 4; i++) {
    const { modifiedCount } = await coll.updateOne(overfullFilter, { $pop: { recent: -1 } });
    if (modifiedCount === 0) break;
  }
}

export async function invalidateVersion(): Promise<void> {
  await (await versions()).updateOne({ _id: CATALOG_VERSION_ID }, invalidateUpdate(randomUUID()), { upsert: true });
}

/**
 * Every public event starting at `floor` or later, or null when there are more than `max` (the
 * catalog then stands aside and the database answers). A full scan on FerretDB (~0.25 ms per
 * event of the collection); an index scan of (is_private, starts_at) on MongoDB.
 */
export async function scanCatalog(floor: Date, max: number): Promise<CatalogSourceDoc[] | null> {
  const cursor = (await collections.events()).find({ is_private: false, starts_at: { $gte: floor } }, { projection: CATALOG_PROJECTION, batchSize: 5_000 });
  const docs: CatalogSourceDoc[] = [];
  try {
    for await (const doc of cursor) {
      if (docs.length >= max) return null;
      docs.push(doc as CatalogSourceDoc);
    }
  } finally {
    await cursor.close();
  }
  return docs;
}

/** The catalog's fields of these events (missing: deleted), by `_id`. */
export async function readCatalogDocs(ids: readonly string[]): Promise<Map<string, CatalogSourceDoc>> {
  const oids = ids.map(objectIdOrNull).filter((id) => id !== null);
  const out = new Map<string, CatalogSourceDoc>();
  // No ids, no query: FerretDB would answer `{_id: {$in: []}}` by reading every event.
  if (oids.length === 0) return out;
  const rows = await (await collections.events()).find({ _id: { $in: oids } }, { projection: CATALOG_PROJECTION }).toArray();
  for (const row of rows) out.set(row._id.toHexString(), row as CatalogSourceDoc);
  return out;
}
