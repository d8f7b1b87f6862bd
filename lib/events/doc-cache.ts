import "server-only";
import { collections, findByIds, objectIdOrNull, type EventDoc } from "@/lib/db";
import { DocCache, type ReadDocs } from "@/lib/db/doc-cache";

// Event documents kept a short while in this process (lib/db/doc-cache.ts): the cards discover
// shows (the catalog), and what signed-out visitors see of an event (lib/events/access.ts).

export type ReadEvents = ReadDocs<EventDoc>;

/** By `_id: {$in}`: the primary key on MongoDB and on our patched FerretDB. */
async function readEvents(ids: readonly string[]): Promise<Map<string, EventDoc>> {
  const oids = ids.map(objectIdOrNull).filter((id) => id !== null);
  const rows = await findByIds(await collections.events(), oids);
  return new Map(rows.map((row) => [row._id.toHexString(), row]));
}

export class EventDocCache extends DocCache<EventDoc> {
  constructor(clock: () => number, ttlMs: number, max: number, reader: ReadEvents = readEvents) {
    super(clock, ttlMs, max, reader);
  }
}
