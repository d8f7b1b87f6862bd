import "server-only";
import { collections, type EventDoc } from "@/lib/db";
import { DocCache, readByIds, type ReadDocs } from "@/lib/db/doc-cache";

// Event documents kept a short while in this process (lib/db/doc-cache.ts): the cards discover
// shows (the catalog), and what signed-out visitors see of an event (lib/events/access.ts).

export type ReadEvents = ReadDocs<EventDoc>;

const readEvents: ReadEvents = readByIds(collections.events);


export class EventDocCache extends DocCache<EventDoc> {
  constructor(clock: () => number, ttlMs: number, max: number, reader: ReadEvents = readEvents) {
    super(clock, ttlMs, max, reader);
  }
}
