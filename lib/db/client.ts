import "server-only";
import { MongoClient, MongoNetworkError, MongoServerSelectionError, type Db } from "mongodb";
import { env } from "@/lib/env";
import { Unavailable } from "@/lib/errors";
import { noteOutage, noteRecovered } from "@/lib/outages";
import { INDEXES } from "./indexes";
import { runMigrations } from "./migrations";

// One MongoClient per process (kept on globalThis so dev hot reload does not open more), indexes
// and migrations once before first use.
// When the database is unreachable, an operation waits at most SERVER_SELECTION_TIMEOUT_MS for it
// and then fails with a driver error that dbUnavailable() turns into Unavailable (503 +
// Retry-After). The driver keeps probing the server and reconnects by itself when it is back:
// nothing here caches the failure.

/**
 * How long an operation waits for a reachable server: an outage answers 503 within ~2 s instead of
 * holding requests (and pool connections) for the driver's default 30 s. On a replica set this also
 * bounds the wait during an election (typically well under 2 s; a longer one answers 503 + retry).
 */
const SERVER_SELECTION_TIMEOUT_MS = 1_500;
/** What a client is told to wait when the database is unreachable. */
const DB_DOWN_RETRY_AFTER_SECONDS = 5;

type MongoState = { client: MongoClient; uri: string; ready?: Promise<void>; database?: Db };
const g = globalThis as typeof globalThis & { __invytaMongo?: MongoState };

export function mongoClient(): MongoClient {
  const uri = env().MONGODB_URI;
  if (g.__invytaMongo?.uri !== uri) {
    const client = new MongoClient(uri, {
      appName: "invyta",
      serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
      maxPoolSize: 20,
    });
    // The driver's own probes tell pages (lib/outages.ts) whether a failure is an outage.
    client.on("serverHeartbeatFailed", () => noteOutage("database"));
    client.on("serverHeartbeatSucceeded", () => noteRecovered("database"));
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
  const state = g.__invytaMongo!;
  // One Db per client: the driver resolves its options anew on every client.db() (a few % of a write's CPU).
  const database = (state.database ??= client.db(databaseName()));
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
    const ok = await Promise.race([ping, timeout]);
    if (ok) noteRecovered("database");
    else noteOutage("database");
    return ok;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Node's errors of a socket whose peer went away. The driver (6.22) lets one through unwrapped when
 * it writes a command to a pooled connection the server has just closed (EPIPE from the socket's
 * write); the rate limiter and mail wrap their own, so a bare one here is the database's.
 */
const SOCKET_GONE = new Set(["EPIPE", "ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"]);

/** True for the driver's errors that mean "no server reachable" (not a bad query or a rejected write). */
export function isDbUnreachable(err: unknown): boolean {
  // MongoNetworkError covers timeouts and a connection pool cleared by a network failure.
  if (err instanceof MongoServerSelectionError || err instanceof MongoNetworkError) return true;
  return err instanceof Error && SOCKET_GONE.has((err as NodeJS.ErrnoException).code ?? "");
}

/** `err` as Unavailable (503 + Retry-After) when it means the database is unreachable; else unchanged. */
export function dbUnavailable(err: unknown): unknown {
  if (!isDbUnreachable(err)) return err;
  noteOutage("database");
  return new Unavailable(DB_DOWN_RETRY_AFTER_SECONDS, "Invyta cannot reach its database just now. Please try again in a moment.");
}

/** For tests and scripts: close the shared client. */
export async function closeDb(): Promise<void> {
  const state = g.__invytaMongo;
  g.__invytaMongo = undefined;
  await state?.client.close();
}
