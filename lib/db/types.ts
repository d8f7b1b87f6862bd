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
  /** The IANA zone of the user's browser when last seen (emails give event times in it too). */
  time_zone?: string | null;
  /** Every event the user hosts (the inbox and its count read their counters by `_id`); absent means none. */
  hosted_events?: ObjectId[];
  /** Events the user answered "maybe" to, at most ATTENDED_KEEP (the calendar feed, with attended_events); absent means none. */
  maybe_events?: ObjectId[];
  /** sha256 (hex) of the user's calendar feed token (lib/events/calendar-feed.ts); absent: no feed. */
  calendar_feed_hash?: string;
  calendar_feed_created_at?: Date;
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
  /** Minutes before the start when guests get a reminder; absent: DEFAULT_REMINDER_OFFSETS; []: none. */
  reminder_offsets?: number[];
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
  /** iCalendar SEQUENCE: +1 with each change of time or place (lib/events/calendar-updates.ts); absent means 0. */
  ics_sequence?: number;
  /** Co-hosts (lib/events/cohosts.ts): they manage guests, media, announcements and check-ins; absent means none. */
  cohost_ids?: ObjectId[];
  /** How many extra people (plus-ones) one guest may bring, 0–5; absent means 0. */
  plus_ones_max?: number;
  /** Questions guests answer when they join or RSVP (lib/events/questions.ts); absent means none. */
  questions?: QuestionDoc[];
  /**
   * The plus-ones of the guests attending (the sum of their memberships' `guests`); absent means 0.
   * People attending = counts.attending + guests_attending, and seats_left = max_people − that.
   */
  guests_attending?: number;
  /** Check-ins at the door, kept by $inc (lib/events/check-in.ts): memberships, and people (each 1 + guests); absent means none. */
  checked_in?: { guests: number; people: number };
  /** Comments up to this instant have gone to the host in a digest (lib/events/comment-digest.ts); absent: none yet. */
  comments_digest_through?: Date;
  created_at: Date;
  updated_at: Date;
};

export type QuestionKind = "short_text" | "long_text" | "one_choice" | "many_choices" | "checkbox";
/** One question for guests; `id` is stable across edits, so answers keep pointing at it. */
export type QuestionDoc = { id: string; kind: QuestionKind; label: string; required: boolean; choices?: string[] };
/** A guest's answer: text for the text kinds, a choice or choices, true for a ticked checkbox. */
export type AnswerDoc = { question_id: string; value: string | string[] | boolean };

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
  /** The guest's ticket in the event's line while waitlisted (lib/events/waitlist.ts). */
  line_ticket?: number | null;
  /** Extra people the guest brings (plus-ones), 0..event.plus_ones_max; absent means 0. */
  guests?: number;
  /** The guest's answers to the event's questions; absent: none given. */
  answers?: AnswerDoc[];
  /** Checked in at the door (lib/events/check-in.ts): when, and by which host; absent or null: not yet. */
  checked_in_at?: Date | null;
  checked_in_by?: ObjectId | null;
  /** The guest turned this event's reminders off (the one-click link in a reminder). */
  reminders_off?: boolean;
  created_at: Date;
  updated_at: Date;
};

/** One reminder of an event: `<event hex>:<minutes before>`, due at starts_at minus that. */
export type ReminderDoc = {
  _id: string;
  event_id: ObjectId;
  offset_minutes: number;
  /** The start it was computed for: a send for another start is stale. */
  starts_at: Date;
  due_at: Date;
  state: "scheduled" | "sending" | "sent";
  sent_at?: Date | null;
};

/** The reminders due in one minute (`_id`: "2026-12-01T18:00Z"), so a tick reads by `_id`. */
export type ReminderSlotDoc = { _id: string; reminders: string[] };

/**
 * One mail of a job to one person, written before it goes, so a retried job or a second worker never
 * sends it twice: `reminder:<reminder id>:<start ms>:<user hex>`, `announcement:<id>:<user hex>`,
 * `calendar:<event hex>:<sequence>:<user hex>` (lib/events/guest-mail.ts mailOnce).
 */
export type MailSendDoc = { _id: string; sent_at: Date };

/** The calendar feed token's hash → its user: the feed is found by `_id` (lib/events/calendar-feed.ts). */
export type CalendarFeedDoc = { _id: string; user_id: ObjectId; created_at: Date };

/** What a deleted event's cancellation needs, as it was: `_id` = the event's hex id. */
export type CalendarCancellationDoc = {
  _id: string;
  event: { title: string; description: string; location: string; starts_at: Date; ends_at: Date | null; timezone: string; sequence: number; owner_id: ObjectId };
  /** How many pages of recipients it has (calendar_cancellation_pages, `_id` "<event hex>:<page>", 1-based). */
  pages: number;
  created_at: Date;
};
/** One page of a cancellation's recipients (the guests attending or maybe when the event was deleted). */
export type CalendarCancellationPageDoc = { _id: string; user_ids: ObjectId[]; statuses: AttendanceStatus[] };

/** How far a periodic job has got (`_id`: the job's name). */
export type JobCursorDoc = { _id: string; through: Date };

export type AnnouncementAudience = "everyone" | "going" | "maybe" | "waitlist" | "pending";

export type AnnouncementDoc = {
  _id: ObjectId;
  event_id: ObjectId;
  author_id: ObjectId;
  audience: AnnouncementAudience;
  body: string;
  created_at: Date;
};

/** A comment on an event's page, by the host or a guest going or maybe (lib/events/comments.ts). */
export type CommentDoc = {
  _id: ObjectId;
  event_id: ObjectId;
  author_id: ObjectId;
  body: string;
  created_at: Date;
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
