import "server-only";
import { MongoClient, type Db } from "mongodb";
import { env } from "@/lib/env";
import { INDEXES } from "./indexes";
import { runMigrations } from "./migrations";

// One MongoClient per process (kept on globalThis so dev hot reload does not open more), indexes
// and migrations once before first use.

type MongoState = { client: MongoClient; uri: string; ready?: Promise<void> };
const g = globalThis as typeof globalThis & { __invytaMongo?: MongoState };

export function mongoClient(): MongoClient {
  const uri = env().MONGODB_URI;
  if (g.__invytaMongo?.uri !== uri) {
    const client = new MongoClient(uri, {
      appName: "invyta",
      serverSelectionTimeoutMS: 5_000,
      maxPoolSize: 20,
    });
    g.__invytaMongo = { client, uri };
  }
  return g.__invytaMongo.client;
}

export function databaseName(): string {
  const { MONGODB_DB, MONGODB_URI } = env();
  if (MONGODB_DB) return MONGODB_DB;
  const path = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(MONGODB_URI)?.[1];
  return path ? decodeURIComponent(path) : "invyta";
}

/** The database, with indexes created once per process before first use. */
export async function db(): Promise<Db> {
  const client = mongoClient();
  const database = client.db(databaseName());
  const state = g.__invytaMongo!;
  state.ready ??= ensureIndexes(database)
    .then(() => runMigrations(database))
    .catch((err) => {
      state.ready = undefined; // retry on the next call rather than caching a failure
      throw err;
    });
  await state.ready;
  return database;
}

/**
 * Creates every index, one per command: FerretDB v1 drops the connection when a createIndexes
 * command names two or more indexes that already exist (every restart against the same data).
 */
export async function ensureIndexes(database: Db): Promise<void> {
  await Promise.all(
    Object.entries(INDEXES).map(async ([name, indexes]) => {
      for (const { key, ...options } of indexes) await database.collection(name).createIndex(key, options);
    }),
  );
}

/** A real round trip to the database, bounded in time: the health check. */
export async function pingDb(timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = mongoClient()
    .db(databaseName())
    .command({ ping: 1 })
    .then((r) => r.ok === 1)
    .catch(() => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** For tests and scripts: close the shared client. */
export async function closeDb(): Promise<void> {
  const state = g.__invytaMongo;
  g.__invytaMongo = undefined;
  await state?.client.close();
}
