import { afterAll, describe, expect, it } from "vitest";
import { closeDb, databaseName, db } from "@/lib/db/client";
import { collections, objectIdOrNull, onUserWrite } from "@/lib/db/collections";
import { INDEXES } from "@/lib/db/indexes";

describe("lib/db against the real local server", () => {
  afterAll(closeDb);

  it("uses the per-file database and creates every declared index", async () => {
    const database = await db();
    expect(database.databaseName).toBe(databaseName());
    expect(databaseName()).toMatch(/^test_/);
    for (const [collection, indexes] of Object.entries(INDEXES)) {
      const names = (await database.collection(collection).listIndexes().toArray()).map((i) => i.name);
      for (const index of indexes) expect(names, `${collection}.${index.name}`).toContain(index.name);
    }
  });

  it("creates the indexes again on a database that has them (every restart)", async () => {
    const { ensureIndexes } = await import("@/lib/db");
    const database = await db();
    await ensureIndexes(database);
    await ensureIndexes(database);
    const names = (await database.collection("users").listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(["email_unique", "username_unique"]));
  });

  it("enforces unique emails with a duplicate-key error", async () => {
    const users = await collections.users();
    const email = `dup-${Date.now()}@example.com`;
    await users.insertOne({ email, emailVerified: null } as never);
    await expect(users.insertOne({ email, emailVerified: null } as never)).rejects.toMatchObject({ code: 11000 });
  });

  it("lets many users have no username while usernames stay unique", async () => {
    const users = await collections.users();
    const stamp = Date.now();
    await users.insertMany([
      { email: `a-${stamp}@example.com`, emailVerified: null },
      { email: `b-${stamp}@example.com`, emailVerified: null },
    ] as never);
    await users.insertOne({ email: `c-${stamp}@example.com`, emailVerified: null, username_lower: `taken${stamp}` } as never);
    await expect(
      users.insertOne({ email: `d-${stamp}@example.com`, emailVerified: null, username_lower: `taken${stamp}` } as never),
    ).rejects.toMatchObject({ code: 11000 });
  });

  it("tells the caches that follow writes which documents a write changed, and 'all' only when it cannot tell", async () => {
    const users = await collections.users();
    const stamp = Date.now();
    const [a, b] = [`heard-a-${stamp}@example.com`, `heard-b-${stamp}@example.com`];
    const { insertedIds } = await users.insertMany([{ email: a, emailVerified: null }, { email: b, emailVerified: null }] as never);
    const [idA, idB] = [insertedIds[0]!.toHexString(), insertedIds[1]!.toHexString()];
    let heard: (string[] | "all")[] = [];
    let listening = true;
    onUserWrite((ids) => void (listening && heard.push(ids)));
    const hears = async (write: () => Promise<unknown>, expected: (string[] | "all")[]) => {
      heard = [];
      await write();
      expect(heard).toEqual(expected);
    };

    // By the ids the filter names.
    await hears(() => users.updateOne({ _id: insertedIds[0]! }, { $set: { name: "A" } }), [[idA]]);
    await hears(() => users.updateMany({ _id: { $in: [insertedIds[0]!, insertedIds[1]!] } }, { $set: { name: "AB" } }), [[idA, idB]]);
    // A findOneAnd… by another field: the document it returned, before or after, with or without the metadata.
    await hears(() => users.findOneAndUpdate({ email: a }, { $set: { name: "A2" } }, { returnDocument: "after" }), [[idA]]);
    await hears(() => users.findOneAndUpdate({ email: b }, { $set: { name: "B2" } }, { returnDocument: "before", includeResultMetadata: true }), [[idB]]);
    // …and nothing when it matched nothing.
    await hears(() => users.findOneAndUpdate({ email: `nobody-${stamp}@example.com` }, { $set: { name: "x" } }), []);
    // A filter naming no ids, on a write that returns no document: every cache empties.
    await hears(() => users.updateOne({ email: a }, { $set: { name: "A3" } }), ["all"]);
    await hears(() => users.findOneAndDelete({ email: b }), [[idB]]);
    // A write that failed changed nothing anyone can name.
    await hears(() => expect(users.findOneAndUpdate({ email: a }, { $set: { email: a.toUpperCase() }, $unset: { email: "" } })).rejects.toThrow(), ["all"]);
    listening = false;
  });

  it("turns only 24-hex strings into ObjectIds", () => {
    expect(objectIdOrNull("6566f0f0f0f0f0f0f0f0f0f0")?.toHexString()).toBe("6566f0f0f0f0f0f0f0f0f0f0");
    for (const bad of ["", "123", "zzzzzzzzzzzzzzzzzzzzzzzz", { $ne: null }, null, 42]) expect(objectIdOrNull(bad)).toBeNull();
  });
});
