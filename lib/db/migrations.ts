import "server-only";
import type { Db, Document, ObjectId } from "mongodb";
import { ATTENDED_KEEP } from "./types";

// Data changes that ship with the code, each run once per database (a marker in `migrations`),
// idempotent so a run cut short is simply run again.

type Marker = { _id: string; done_at: Date };

const MIGRATIONS: { id: string; run: (db: Db) => Promise<void> }[] = [
  {
    // Memberships are keyed "<event hex>:<user hex>" so "am I in this event" is a point read. The
    // old unique (event_id, user_id) index goes first: the _id now guarantees one per pair, and the
    // new document must exist before the old one is removed, so nothing is lost if this stops.
    id: "membership-ids",
    run: async (db) => {
      const attendances = db.collection<{ _id: ObjectId | string } & Document>("attendances");
      await attendances.dropIndex("event_user_unique").catch(() => {});
      for await (const old of attendances.find({ _id: { $type: "objectId" } })) {
        const { _id, event_id, user_id, ...rest } = old as { _id: ObjectId; event_id: ObjectId; user_id: ObjectId };
        await attendances.insertOne({ ...rest, _id: `${event_id.toHexString()}:${user_id.toHexString()}`, event_id, user_id }).catch((err: { code?: number }) => {
          if (err.code !== 11000) throw err;
        });
        await attendances.deleteOne({ _id });
      }
    },
  },
  {
    // Recommendations take a user's attended events from the user document (kept up to date by
    // lib/events/attending.ts once the list exists). Every user gets the list here, from one pass
    // over the memberships, instead of on their first recommendations request, which read every
    // membership of the database. The newest ATTENDED_KEEP are kept.
    id: "attended-events",
    run: async (db) => {
      const attended = new Map<string, { user: ObjectId; events: { id: ObjectId; at: number }[] }>();
      const rows = db.collection("attendances").find({ status: "attending" }, { projection: { user_id: 1, event_id: 1, created_at: 1 } });
      for await (const row of rows) {
        const user = row.user_id as ObjectId;
        const entry = attended.get(user.toHexString()) ?? { user, events: [] };
        entry.events.push({ id: row.event_id as ObjectId, at: (row.created_at as Date | undefined)?.getTime() ?? 0 });
        attended.set(user.toHexString(), entry);
      }
      const users = db.collection("users");
      for (const { user, events } of attended.values()) {
        const newest = events.sort((a, b) => a.at - b.at).slice(-ATTENDED_KEEP).map((e) => e.id);
        await users.updateOne({ _id: user, attended_events: { $exists: false } }, { $set: { attended_events: newest } });
      }
      await users.updateMany({ attended_events: { $exists: false } }, { $set: { attended_events: [] } });
    },
  },
  {
    // The inbox counts what waits on a host from the counters of the events they host, read by
    // `_id` from the list on their user document (kept by lib/events/details.ts from now on).
    // $addToSet: events created while this runs are added by both, once.
    id: "hosted-events",
    run: async (db) => {
      const hosted = new Map<string, { owner: ObjectId; events: ObjectId[] }>();
      for await (const event of db.collection("events").find({}, { projection: { owner_id: 1 } })) {
        const owner = event.owner_id as ObjectId;
        const entry = hosted.get(owner.toHexString()) ?? { owner, events: [] };
        entry.events.push(event._id as ObjectId);
        hosted.set(owner.toHexString(), entry);
      }
      const users = db.collection("users");
      for (const { owner, events } of hosted.values()) await users.updateOne({ _id: owner }, { $addToSet: { hosted_events: { $each: events } } });
    },
  },
];

export async function runMigrations(db: Db): Promise<void> {
  const markers = db.collection<Marker>("migrations");
  for (const { id, run } of MIGRATIONS) {
    if (await markers.findOne({ _id: id })) continue;
    await run(db);
    await markers.updateOne({ _id: id }, { $set: { done_at: new Date() } }, { upsert: true });
  }
}
