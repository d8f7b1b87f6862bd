import { afterAll, describe, expect, it } from "vitest";
import { closeDb, databaseName, db } from "@/lib/db/client";
import { collections, objectIdOrNull } from "@/lib/db/collections";
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

  it("turns only 24-hex strings into ObjectIds", () => {
    expect(objectIdOrNull("6566f0f0f0f0f0f0f0f0f0f0")?.toHexString()).toBe("6566f0f0f0f0f0f0f0f0f0f0");
    for (const bad of ["", "123", "zzzzzzzzzzzzzzzzzzzzzzzz", { $ne: null }, null, 42]) expect(objectIdOrNull(bad)).toBeNull();
  });
});
