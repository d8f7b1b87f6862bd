import "server-only";
import { randomUUID } from "node:crypto";
import type { Collection } from "mongodb";
import { db } from "./client";
import { isDuplicateKey } from "./errors";
import { CATALOG_COLLECTION, invalidateUpdate, noteUpdate, overfullFilter, type VersionDoc } from "./version-ring";

// The version documents' reads and writes (./version-ring.ts), each served by the `_id` index.

async function versions(): Promise<Collection<VersionDoc>> {
  return (await db()).collection<VersionDoc>(CATALOG_COLLECTION);
}

export async function readVersion(docId: string): Promise<VersionDoc | null> {
  return (await versions()).findOne({ _id: docId });
}

/** Records a change of `id` on version document `docId`: `$inc` + `$push` in one atomic update, then the ring trimmed. */
export async function bumpVersion(docId: string, id: string): Promise<void> {
  const coll = await versions();
  const update = noteUpdate(id, randomUUID());
  try {
    await coll.updateOne({ _id: docId }, update, { upsert: true });
  } catch (err) {
    // Two first changes raced to create the document: the other one did; this one is an update now.
    if (!isDuplicateKey(err)) throw err;
    await coll.updateOne({ _id: docId }, update, { upsert: true });
  }
  // Each writer pops at most what it can see over the bound; writers racing leave a few more.
  for (let i = 0; i < 4; i++) {
    const { modifiedCount } = await coll.updateOne(overfullFilter(docId), { $pop: { recent: -1 } });
    if (modifiedCount === 0) break;
  }
}

/** A new epoch on version document `docId`: every process following it forgets everything at its next check. */
export async function invalidateVersion(docId: string): Promise<void> {
  await (await versions()).updateOne({ _id: docId }, invalidateUpdate(randomUUID()), { upsert: true });
}
