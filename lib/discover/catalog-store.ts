import "server-only";
import { collections, objectIdOrNull } from "@/lib/db";
import { CATALOG_PROJECTION, type CatalogSourceDoc } from "./catalog-snapshot";

// The catalog's database reads (its version document: lib/db/version-store.ts). Each one is served
// by the `_id` index, on MongoDB and on our patched FerretDB alike, except `scanCatalog`, which the
// catalog bounds in how often it runs.

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
