import { randomBytes } from "node:crypto";
import { MongoClient } from "mongodb";
import { afterAll, inject } from "vitest";

// Each test file gets its own database on the shared server, dropped when the file is done.
const uri = inject("mongoUri");
const dbName = `test_${randomBytes(6).toString("hex")}`;
process.env.MONGODB_URI = uri;
process.env.MONGODB_DB = dbName;
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.APP_URL ??= "http://localhost:3000";
// Each test file's jobs in a queue of its own (keys under this prefix in the local Redis), removed when it is done.
process.env.JOBS_PREFIX = `test_${randomBytes(6).toString("hex")}`;

afterAll(async () => {
  const jobs = (globalThis as { __invytaQueue?: { obliterate(o: { force: boolean }): Promise<void>; close(): Promise<void> } }).__invytaQueue;
  if (jobs) {
    await jobs.obliterate({ force: true }).catch(() => {});
    await jobs.close();
  }
  const { closeDb } = await import("@/lib/db");
  await closeDb();
  const client = new MongoClient(uri);
  try {
    await client.db(dbName).dropDatabase();
  } finally {
    await client.close();
  }
});
