import type { IndexDescription } from "mongodb";

// Every index, in one list, created at start (lib/db/client.ts). Only what MongoDB and FerretDB v1
// both support: no TTL or partial indexes (expiry lives in queries). On FerretDB only the `_id`
// index serves queries (our patches 01 and 02); the rest are for MongoDB.

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
    // A changed avatar finds the faces that show it (lib/profiles/avatar.ts).
    { key: { "faces.user_id": 1 }, name: "faces_user" },
  ],
  attendances: [
    { key: { user_id: 1, status: 1 }, name: "user_status" },
    // The dashboard's joined list pages by (created_at, _id) newest first.
    { key: { user_id: 1, created_at: -1, _id: -1 }, name: "user_created_id" },
    // Guest lists and requests page by (created_at, _id) within (event, status).
    { key: { event_id: 1, status: 1, created_at: 1, _id: 1 }, name: "event_status_created_id" },
    { key: { event_id: 1, status: 1, waitlisted_at: 1 }, name: "event_status_waitlisted" },
  ],
  // An event's announcements, newest first (the event page, GET /api/v1/events/{id}/announcements).
  announcements: [{ key: { event_id: 1, created_at: -1, _id: -1 }, name: "event_created" }],
  // An event's comments, newest first (the event page, GET /api/v1/events/{id}/comments).
  comments: [{ key: { event_id: 1, created_at: -1, _id: -1 }, name: "event_created" }],
  "media.files": [{ key: { "metadata.event_id": 1, "metadata.status": 1, uploadDate: -1 }, name: "event_status_date" }],
  // GridFS's own chunk index (the driver's name and options, so either may create it): deleting a
  // file's chunks, and reading chunks the driver wrote, go through it (lib/media/gridfs.ts).
  "media.chunks": [{ key: { files_id: 1, n: 1 }, name: "files_id_1_n_1", unique: true }],
  // Development only (lib/mail/service.ts): newest first, _id breaking ties within a millisecond.
  dev_outbox: [{ key: { created_at: -1, _id: -1 }, name: "created_desc" }],
};
