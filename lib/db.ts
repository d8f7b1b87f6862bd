import "server-only";
import { MongoClient, ObjectId, type Collection, type Db, type Document, type Filter, type IndexDescription, type WithId } from "mongodb";
import { env } from "@/lib/env";
import { runMigrations } from "@/lib/db/migrations";

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
  /** `<purpose>:<email>` (lib/auth/service.ts), so each step is a point read; ObjectId in documents written before. */
  _id: string | ObjectId;
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
  /** The first people going (subset pattern: the event page is a point read); the full list is paginated. */
  faces?: FaceDoc[];
  /** The newest approved photos and videos, newest first, kept like `faces`. */
  media_preview?: MediaPreviewDoc[];
  media_rev?: number;
  /** Media per moderation status, kept by $inc on upload, moderation and delete. */
  media_counts?: Record<MediaStatus, number>;
  created_at: Date;
  updated_at: Date;
};

export type FaceDoc = { user_id: ObjectId; name: string | null; image: string | null };

export type MediaPreviewDoc = {
  file_id: ObjectId;
  uploader_id: ObjectId;
  uploader_name: string | null;
  kind: "image" | "video";
  content_type: string;
  filename: string;
  size: number;
  width: number | null;
  height: number | null;
  uploaded_at: Date;
  has_preview: boolean;
};

export type AttendanceDoc = {
  /** "<event hex>:<user hex>": one membership per (event, user), read by _id. */
  _id: string;
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
  // Codes are read by `_id`; this index still keeps one code per (email, purpose) across old and new `_id`s.
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
