import type { EventTheme } from "@/lib/events/themes";
import type { ObjectId } from "mongodb";

// The documents as stored. These types stay inside lib/: pages and components get view objects.

/** At most how many attended events a user document keeps (recommendations' implicit tags). */
export const ATTENDED_KEEP = 200;

export type UserDoc = {
  _id: ObjectId;
  email: string;
  emailVerified: Date | null;
  name?: string | null;
  /** The avatar's URL path (/avatars/<user id>?v=<file id>), set with avatar_id; null without one. */
  image?: string | null;
  /** The avatar's stored file (lib/media/pictures.ts AVATAR_SIZES.square). */
  avatar_id?: ObjectId | null;
  password_hash?: string;
  /** Bumped on password change: sessions and API tokens issued before it are refused. */
  password_changed_at?: Date;
  username?: string;
  /** username in lower case: the unique (sparse) index makes usernames case-insensitive. */
  username_lower?: string;
  bio?: string;
  favorites?: string[];
  /** Events the user attends, oldest first, at most ATTENDED_KEEP (recommendations' implicit tags); absent until first built. */
  attended_events?: ObjectId[];
  /** Every event the user hosts (the inbox and its count read their counters by `_id`); absent means none. */
  hosted_events?: ObjectId[];
  created_at?: Date;
};

export type OtpPurpose = "verify_email" | "reset_password" | "sign_in";
export type OtpDoc = {
  /** `<purpose>:<email>` (lib/auth/service.ts), so each step is a point read; ObjectId in documents written before. */
  _id: string | ObjectId;
  email: string;
  purpose: OtpPurpose;
  code_hash: string;
  expires_at: Date;
  attempts: number;
  last_sent_at: Date;
  /** sign_in only: the display name given with the email, for an account the code creates. */
  name?: string;
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
  /** lib/events/themes.ts; absent on events made before themes (they show DEFAULT_THEME). */
  theme?: EventTheme;
  /** The host's cover photo, one file per size (lib/media/pictures.ts COVER_SIZES); absent or null shows the theme. */
  cover?: CoverDoc | null;
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
  /** The waitlist's tickets: the next one to hand out, and the first that may still wait. */
  line_seq?: number;
  line_head?: number;
  /** Media per moderation status, kept by $inc on upload, moderation and delete. */
  media_counts?: Record<MediaStatus, number>;
  created_at: Date;
  updated_at: Date;
};

export type CoverDoc = { wide: ObjectId; small: ObjectId; og: ObjectId };

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
  /** The guest's ticket in the event's line while waitlisted (lib/events/membership.ts). */
  line_ticket?: number | null;
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

/** One place in an event's waitlist: `_id` "<event hex>:<ticket, 10 digits>". */
export type WaitlistEntryDoc = { _id: string; membership_id: string; created_at: Date };
