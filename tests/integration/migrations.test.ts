import { randomBytes } from "node:crypto";
import { MongoClient, ObjectId, type Db } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runMigrations } from "@/lib/db/migrations";

// The data changes lib/db/migrations.ts ships, each against a database of its own that holds data
// from before the change.

const client = new MongoClient(inject("mongoUri"));
const databases: Db[] = [];

function freshDb(): Db {
  const db = client.db(`migrations_${randomBytes(6).toString("hex")}`);
  databases.push(db);
  return db;
}

beforeAll(async () => {
  await client.connect();
});

afterAll(async () => {
  for (const db of databases) await db.dropDatabase().catch(() => {});
  await client.close();
});

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));

describe("membership-ids", () => {
  it("re-keys memberships as <event>:<user>, keeping their fields, once", async () => {
    const db = freshDb();
    const [event, user] = [new ObjectId(), new ObjectId()];
    await db.collection("attendances").insertOne({ _id: new ObjectId(), event_id: event, user_id: user, status: "maybe", created_at: at(1) });
    await runMigrations(db);
    const rows = await db.collection("attendances").find().toArray();
    expect(rows).toEqual([{ _id: `${event.toHexString()}:${user.toHexString()}`, event_id: event, user_id: user, status: "maybe", created_at: at(1) }]);
    expect(await db.collection("migrations").findOne({ _id: "membership-ids" as never })).not.toBeNull();
  });
});

describe("attended-events", () => {
  it("gives every user the events they attend (oldest first), [] to the rest, and leaves a kept list alone", async () => {
    const db = freshDb();
    const [ana, ben, cleo] = [new ObjectId(), new ObjectId(), new ObjectId()];
    const [e1, e2, e3] = [new ObjectId(), new ObjectId(), new ObjectId()];
    const kept = [new ObjectId()];
    await db.collection("users").insertMany([
      { _id: ana, email: "ana@example.test" },
      { _id: ben, email: "ben@example.test" },
      { _id: cleo, email: "cleo@example.test", attended_events: kept },
    ]);
    const member = (event: ObjectId, user: ObjectId, status: string, minute: number) => ({
      _id: `${event.toHexString()}:${user.toHexString()}`,
      event_id: event,
      user_id: user,
      status,
      created_at: at(minute),
    });
    await db.collection("attendances").insertMany([
      member(e2, ana, "attending", 5),
      member(e1, ana, "attending", 2),
      member(e3, ana, "maybe", 9), // not attending: not an attended event
      member(e1, ben, "waitlisted", 3),
      member(e1, cleo, "attending", 4),
    ] as never);

    await runMigrations(db);
    const listOf = async (_id: ObjectId) => (await db.collection("users").findOne({ _id }))?.attended_events;
    expect(await listOf(ana)).toEqual([e1, e2]);
    expect(await listOf(ben)).toEqual([]);
    expect(await listOf(cleo)).toEqual(kept);

    // Once per database: a membership added later is the events service's to note, not a re-run's.
    await db.collection("attendances").insertOne(member(e3, ben, "attending", 10) as never);
    await runMigrations(db);
    expect(await listOf(ben)).toEqual([]);
  });
});
