import "server-only";
import { MongoClient, ObjectId, type Collection, type Db, type Document, type Filter, type IndexDescription, type WithId } from "mongodb";
import { env } from "@/lib/env";
import { Conflict } from "@/lib/errors";

// One MongoClient per process (kept on globalThis so dev hot reload does not open more), typed
// collections, and every index in one list. Only what MongoDB and FerretDB v1 both support:
// no transactions, $lookup, $expr, TTL or partial indexes — expiry lives in queries.

export type UserDoc = {
  _id: ObjectId;
  email: string;
  emailVerified: Date | null;
  name?: string | null;
  image?: string | null;
  password_hash?: string;
  /** Bumped on password change: sessions and API tokens issued before it are refused. */
  password_changed_at?: Date;
  username?: string;
  /** username in lower case: the unique (sparse) index makes usernames case-insensitive. */
  username_lower?: string;
  bio?: string;
  favorites?: string[];
  created_at?: Date;
};

export type OtpPurpose = "verify_email" | "reset_password";
export type OtpDoc = {
  _id: ObjectId;
  email: string;
  purpose: OtpPurpose;
  code_hash: string;
  expires_at: Date;
  attempts: number;
  last_sent_at: Date;
};

export type AttendanceStatus = "pending" | "waitlisted" | "attending" | "maybe" | "not_attending";
export type EventCounts = Record<AttendanceStatus, number>;

export type EventDoc = {
  _id: ObjectId;
  owner_id: ObjectId;
  title: string;
  description: string;
  starts_at: Date;
  ends_at?: Date | null;
  timezone: string;
  location: string;
  max_people?: number | null;
  /** max_people minus attending; null when unlimited. Taken with `seats_left: {$gt: 0}` guards, never below 0. */
  seats_left: number | null;
  is_private: boolean;
  tags: string[];
  /** Lower-cased words of title, description, location and tags, for index-backed search. */
  search_terms: string[];
  invite_token: string;
  invite_expires_at?: Date | null;
  invite_max_uses?: number | null;
  /** Joins the current link still allows; null when unlimited. Guarded like seats_left. */
  invite_uses_left: number | null;
  invite_uses: number;
  /** Kept by conditional single-document updates; attending never exceeds max_people. */
  counts: EventCounts;
  created_at: Date;
  updated_at: Date;
};

export type AttendanceDoc = {
  _id: ObjectId;
  event_id: ObjectId;
  user_id: ObjectId;
  status: AttendanceStatus;
  /** Set when the guest joins the waitlist: promotion goes oldest first. */
  waitlisted_at?: Date | null;
  created_at: Date;
  updated_at: Date;
};

export type MediaStatus = "pending" | "approved" | "rejected";
export type MediaMetadata = {
  event_id: ObjectId;
  uploader_id: ObjectId;
  status: MediaStatus;
  content_type: string;
  kind: "image" | "video";
  original_name: string;
  moderated_by?: ObjectId | null;
  moderated_at?: Date | null;
};

export const INDEXES: Record<string, IndexDescription[]> = {
  // Auth.js adapter collections: the adapter relies on these but does not create them.
  users: [
    { key: { email: 1 }, name: "email_unique", unique: true },
    { key: { username_lower: 1 }, name: "username_unique", unique: true, sparse: true },
  ],
  accounts: [
    { key: { provider: 1, providerAccountId: 1 }, name: "provider_account_unique", unique: true },
    { key: { userId: 1 }, name: "user" },
  ],
  sessions: [
    { key: { sessionToken: 1 }, name: "session_token_unique", unique: true },
    { key: { userId: 1 }, name: "user" },
  ],
  verification_tokens: [{ key: { identifier: 1, token: 1 }, name: "identifier_token_unique", unique: true }],
  otps: [{ key: { email: 1, purpose: 1 }, name: "email_purpose_unique", unique: true }],
  // Lists page by (starts_at, _id) or (created_at, _id): ending each index in _id lets MongoDB
  // walk the index in order instead of sorting matches in memory.
  events: [
    { key: { owner_id: 1, starts_at: 1, _id: 1 }, name: "owner_starts_id" },
    { key: { tags: 1, starts_at: 1, _id: 1 }, name: "tags_starts_id" },
    { key: { is_private: 1, starts_at: 1, _id: 1 }, name: "private_starts_id" },
    { key: { search_terms: 1, starts_at: 1, _id: 1 }, name: "terms_starts_id" },
    { key: { tags: 1, created_at: -1, _id: -1 }, name: "tags_created" },
    { key: { is_private: 1, created_at: -1, _id: -1 }, name: "private_created" },
  ],
  attendances: [
    { key: { event_id: 1, user_id: 1 }, name: "event_user_unique", unique: true },
    { key: { user_id: 1, status: 1 }, name: "user_status" },
    // The dashboard's joined list pages by (created_at, _id) newest first.
    { key: { user_id: 1, created_at: -1, _id: -1 }, name: "user_created_id" },
    // Guest lists and requests page by (created_at, _id) within (event, status).
    { key: { event_id: 1, status: 1, created_at: 1, _id: 1 }, name: "event_status_created_id" },
    { key: { event_id: 1, status: 1, waitlisted_at: 1 }, name: "event_status_waitlisted" },
  ],
  "media.files": [{ key: { "metadata.event_id": 1, "metadata.status": 1, uploadDate: -1 }, name: "event_status_date" }],
  // GridFS's own chunk index (the driver's name and options, so either may create it): deleting a
  // file's chunks, and reading chunks the driver wrote, go through it (lib/media/gridfs.ts).
  "media.chunks": [{ key: { files_id: 1, n: 1 }, name: "files_id_1_n_1", unique: true }],
  // Development only (lib/mail/service.ts): newest first, _id breaking ties within a millisecond.
  dev_outbox: [{ key: { created_at: -1, _id: -1 }, name: "created_desc" }],
};

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
  state.ready ??= ensureIndexes(database).catch((err) => {
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

export const collections = {
  users: async (): Promise<Collection<UserDoc>> => (await db()).collection<UserDoc>("users"),
  otps: async (): Promise<Collection<OtpDoc>> => (await db()).collection<OtpDoc>("otps"),
  events: async (): Promise<Collection<EventDoc>> => (await db()).collection<EventDoc>("events"),
  attendances: async (): Promise<Collection<AttendanceDoc>> => (await db()).collection<AttendanceDoc>("attendances"),
};

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

/**
 * The documents with these ids, in no particular order. No ids, no query: FerretDB would answer
 * `{_id: {$in: []}}` by reading the whole collection.
 */
export async function findByIds<T extends Document & { _id: ObjectId }>(collection: Collection<T>, ids: ObjectId[], projection?: Document): Promise<WithId<T>[]> {
  if (ids.length === 0) return [];
  return collection.find({ _id: { $in: ids } } as Filter<T>, projection ? { projection } : {}).toArray();
}

/** A string id from outside → ObjectId, or null when it is not one (callers answer 404, not 500). */
export function objectIdOrNull(id: unknown): ObjectId | null {
  return typeof id === "string" && /^[0-9a-f]{24}$/i.test(id) ? new ObjectId(id) : null;
}

/**
 * A unique-index violation. MongoDB answers 11000; FerretDB v1 (SQLite) answers 11000 on insert but
 * code 1 "UNIQUE constraint failed: index '…_<name>'" on update, so both count. With `index`, only
 * a violation of that index does.
 */
export function isDuplicateKey(err: unknown, index?: string): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === "string" ? message : "";
  if (code === 11000) return true;
  return code === 1 && new RegExp(`UNIQUE constraint failed: index '[^']*_${index ?? ""}`).test(text);
}

type LockDoc = { _id: string; holder: string; expires_at: Date };
type TicketDoc = { _id: string; expires_at: Date };

/** A waiting ticket not refreshed for this long belongs to a waiter that is gone; those behind it pass it. */
const TICKET_TTL_MS = 5_000;
/** How many tickets ahead a waiter reads: enough to know how long to sleep, bounded however long the queue. */
const QUEUE_WINDOW = 64;
const ticketCounter = { n: 0 };

/**
 * A mutex shared by every app instance, for read-check-write sequences that must not interleave.
 * FerretDB v1 applies a conditional update as a separate read and write, so concurrent guarded
 * updates (`{seats_left: {$gt: 0}}` + `$inc`) lose updates there; an insert into a unique `_id` is
 * atomic on both FerretDB and MongoDB, so that is the lock (`locks`, `_id` = key). A holder that
 * crashed is replaced once its lease has expired.
 *
 * Waiters queue first-come, first-served: each takes a ticket in `lock_queue` (`_id` = key, time,
 * a process counter and a random part, so tickets sort by arrival and a queue is one `_id` range)
 * and tries the lock only when no live ticket is ahead of its own; the others sleep in proportion
 * to how many are ahead. Without the queue, whoever polled at the right moment won, and under load
 * some requests lost every round until they timed out. The ticket only orders waiters: if clocks
 * of two servers disagree, order suffers, never exclusion, which the lock alone guarantees.
 */
export async function withLock<T>(key: string, run: () => Promise<T>, { leaseMs = 15_000, waitMs = 15_000 } = {}): Promise<T> {
  if (key.includes("|")) throw new Error(`Lock keys may not contain "|": ${key}`);
  const database = await db();
  const locks = database.collection<LockDoc>("locks");
  const queue = database.collection<TicketDoc>("lock_queue");
  const holder = new ObjectId().toHexString();
  const deadline = Date.now() + waitMs;
  const counter = (ticketCounter.n = (ticketCounter.n + 1) % 1_000_000);
  const ticket = `${key}|${String(Date.now()).padStart(15, "0")}|${String(counter).padStart(6, "0")}|${holder}`;
  let ticketExpires = Date.now() + TICKET_TTL_MS;
  await queue.insertOne({ _id: ticket, expires_at: new Date(ticketExpires) });
  let queued = true;
  const leave = async () => {
    if (!queued) return;
    queued = false;
    await queue.deleteOne({ _id: ticket }).catch(() => {});
  };
  try {
    for (let attempt = 0; ; attempt++) {
      const now = Date.now();
      const ahead = await queue
        .find({ _id: { $gt: `${key}|`, $lt: ticket } })
        .sort({ _id: 1 })
        .limit(QUEUE_WINDOW)
        .toArray();
      const gone = ahead.filter((t) => t.expires_at.getTime() < now).map((t) => t._id);
      if (gone.length) await queue.deleteMany({ _id: { $in: gone }, expires_at: { $lt: new Date(now) } });
      const waiting = ahead.length - gone.length;
      if (waiting === 0) {
        try {
          await locks.insertOne({ _id: key, holder, expires_at: new Date(Date.now() + leaseMs) });
          break;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
        const stale = await locks.findOne({ _id: key });
        if (stale && stale.expires_at.getTime() < Date.now()) await locks.deleteOne({ _id: key, holder: stale.holder });
      }
      if (Date.now() > deadline) throw new LockTimeout(key);
      if (ticketExpires - Date.now() < TICKET_TTL_MS / 2) {
        ticketExpires = Date.now() + TICKET_TTL_MS;
        // Re-taken with the same id (the same place) if someone thought this waiter gone.
        const kept = await queue.updateOne({ _id: ticket }, { $set: { expires_at: new Date(ticketExpires) } });
        if (kept.matchedCount === 0) await queue.insertOne({ _id: ticket, expires_at: new Date(ticketExpires) }).catch(() => {});
      }
      // First in line: poll the lock closely. Further back: sleep longer, so waiters do not load the database.
      const pause = waiting === 0 ? Math.min(25, 2 + attempt * 2) : Math.min(250, 10 + waiting * 10);
      await new Promise((r) => setTimeout(r, pause + Math.random() * 5));
    }
  } finally {
    // Holding the lock, or given up: either way this ticket no longer waits.
    await leave();
  }
  try {
    return await run();
  } finally {
    await locks.deleteOne({ _id: key, holder });
  }
}

/** Answered 409: the caller may simply try again. */
export class LockTimeout extends Conflict {
  constructor(readonly key: string) {
    super("Too many changes at once. Please try again in a moment.");
  }
}
