import "server-only";
import type { Db, Document, ObjectId } from "mongodb";

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
];

export async function runMigrations(db: Db): Promise<void> {
  const markers = db.collection<Marker>("migrations");
  for (const { id, run } of MIGRATIONS) {
    if (await markers.findOne({ _id: id })) continue;
    await run(db);
    await markers.updateOne({ _id: id }, { $set: { done_at: new Date() } }, { upsert: true });
  }
}
