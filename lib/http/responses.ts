import { z } from "zod";
import { THEME_NAMES } from "@/lib/events/themes";
import { emailOnlySchema } from "@/lib/auth/schema";
import type { ErrorCode } from "@/lib/errors";
import { guestsQuerySchema } from "@/lib/events/schema";

// The JSON the API answers, as zod schemas: the routes declare them, the OpenAPI document is made
// from them, and tests/integration/openapi.test.ts checks real answers against them. Only what more
// than one route answers lives here; a route's own answer is declared in its route file.

const ERROR_CODES = [
  "invalid",
  "unauthorized",
  "forbidden",
  "email_unverified",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_media",
  "range_not_satisfiable",
  "rate_limited",
  "unavailable",
  "internal",
] as const satisfies readonly ErrorCode[];
// Every ErrorCode is listed: adding one to lib/errors.ts without documenting it fails the typecheck.
type Undocumented = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const _everyCodeListed: [Undocumented] extends [never] ? true : Undocumented = true;

export const errorBody = z.object({
  error: z.string().describe("What went wrong, for a person."),
  code: z.enum(ERROR_CODES).describe("What went wrong, for a program."),
  issues: z.record(z.string(), z.array(z.string())).optional().describe("Messages by field (`\"\"` for the body as a whole), for a 400."),
});

export const objectId = z.string().regex(/^[0-9a-f]{24}$/);
const instant = z.iso.datetime();
const count = z.number().int().min(0);
export const nextCursor = z.string().nullable().describe("Send as `cursor` for the next page; null on the last page.");

export const eventIdParams = z.object({ id: z.string().describe("The event's id.") });
export const fileIdParams = eventIdParams.extend({ file_id: z.string().describe("The photo's or video's id.") });
export const userIdParams = z.object({ user_id: z.string().describe("The user's id.") });

export const messageBody = z.object({ message: z.string() });

// Declarations several routes share (spread into route()); each route keeps its own summary and description.

/** The event's host only. */
export const hostOnly = { auth: "bearer", params: eventIdParams, errors: [403, 404] } as const;

/** An event as whoever may see it reads it: a private one with `?token=` from a valid invite link. */
export const eventViewer = {
  auth: "optional-bearer",
  params: eventIdParams,
  query: z.object({ token: z.string().optional().describe("The invite link's token.") }),
  errors: [404],
} as const;

/** A page of an event's guests or join requests (lib/events/lists.ts). */
export const guestListPage = {
  auth: "bearer",
  params: eventIdParams,
  query: guestsQuerySchema,
  invalidQuery: "The list query is not valid.",
  errors: [403, 404],
} as const;

/** Emails a code to an address; the answer never tells whether one was sent. */
export const emailCode = { auth: "anonymous", body: emailOnlySchema, response: messageBody } as const;

const ATTENDANCE_STATUSES = ["pending", "waitlisted", "attending", "maybe", "not_attending"] as const;
export const attendanceStatus = z.enum(ATTENDANCE_STATUSES);

/** lib/events/json.ts eventJson: the original API's fields, plus the host's own. */
export const eventBody = z.object({
  _id: objectId,
  event_id: objectId,
  title: z.string(),
  description: z.string(),
  date: instant.describe("The start, as in the original API (same as starts_at)."),
  starts_at: instant,
  ends_at: instant.nullable(),
  timezone: z.string().describe("The event's IANA time zone."),
  location: z.string(),
  max_people: z.number().int().nullable(),
  seats_left: z.number().int().nullable().describe("Seats free: max_people − people attending (guests and their plus-ones); null when unlimited."),
  plus_ones_max: z.number().int().min(0).max(5).describe("How many extra people each guest may bring (0–5)."),
  guests_attending: count.describe("The plus-ones of the guests attending: people attending = counts.attending + guests_attending."),
  is_full: z.boolean(),
  is_private: z.boolean(),
  tags: z.array(z.string()),
  theme: z.enum(THEME_NAMES).describe("The event's look: a gradient behind its invitation, page and preview image."),
  cover: z
    .object({ wide: z.url().describe("1600×800 WebP"), small: z.url().describe("800×400 WebP"), og: z.url().describe("1200×630 JPEG") })
    .nullable()
    .describe("The host's cover photo in each size, or null (the theme shows)."),
  owner_id: objectId,
  questions: z
    .array(
      z.object({
        id: z.string().describe("Stable across edits: answers name it."),
        kind: z.enum(["short_text", "long_text", "one_choice", "many_choices", "checkbox"]),
        label: z.string(),
        required: z.boolean().describe("A required checkbox must be ticked."),
        choices: z.array(z.string()).optional().describe("one_choice and many_choices only."),
      }),
    )
    .describe("Questions guests answer when they join or RSVP (`answers` in those bodies)."),
  counts: z
    .object({ attending: count, maybe: count, pending: count.optional(), waitlisted: count.optional(), not_attending: count.optional() })
    .describe("Guests by status; every status for the host, attending and maybe for others."),
  created_at: instant,
  updated_at: instant,
  rsvp_status: attendanceStatus.nullable().optional().describe("The viewer's own status (single event reads)."),
  guests: z.number().int().nullable().optional().describe("The extra people the viewer brings; null when not a guest (single event reads)."),
  viewer_role: z.enum(["owner", "cohost"]).nullable().optional().describe("Whether the viewer hosts it: owner, co-host or null (single event reads)."),
  cohost_ids: z.array(objectId).optional().describe("Hosts only: the co-hosts' user ids."),
  invite_link: z.url().optional().describe("Hosts only (the owner and co-hosts)."),
  invite_expires_at: instant.nullable().optional().describe("Host only."),
  invite_max_uses: z.number().int().nullable().optional().describe("Host only."),
  invite_uses: count.optional().describe("Host only."),
});

export const eventListBody = z.object({ events: z.array(eventBody), next_cursor: nextCursor });

/** A signed-in caller's bearer token (POST /api/v1/auth/login, /api/v1/auth/code/verify). */
export const tokenBody = z.object({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int().describe("Seconds."),
  user_id: objectId,
  has_username: z.boolean(),
});

/** lib/profiles/service.ts Profile. */
export const profileBody = z.object({
  user_id: objectId,
  display_name: z.string().nullable().describe("The name shown to others; null shows the username."),
  username: z.string().nullable(),
  avatar_url: z.url().nullable().describe("The avatar (256×256 WebP); null shows initials."),
  bio: z.string(),
  favorites: z.array(z.string()),
  created_on: z.iso.date(),
  has_username: z.boolean(),
  email: z.email().optional().describe("Only on your own profile."),
});

/** A guest or a join request (lib/events/lists.ts Guest). */
export const guestBody = z.object({
  user_id: objectId,
  display_name: z.string().nullable(),
  username: z.string().nullable(),
  status: attendanceStatus,
  joined_at: instant,
  guests: z.number().int().min(0).optional().describe("The extra people (plus-ones) they bring; absent when none."),
  email: z.email().optional().describe("Host only."),
  answers: z
    .record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()]))
    .optional()
    .describe("Hosts only: the guest's answers to the event's `questions`, by question id (unanswered ones absent)."),
});

/** The guest's status after a join, RSVP or decision, with a sentence saying what happened. */
export const membershipBody = z.object({ message: z.string(), rsvp_status: attendanceStatus });

const MEDIA_STATUSES = ["pending", "approved", "rejected"] as const;
export const mediaStatus = z.enum(MEDIA_STATUSES);

/** lib/media/service.ts mediaJson. */
export const mediaItemBody = z.object({
  file_id: objectId,
  status: mediaStatus,
  content_type: z.string(),
  kind: z.enum(["image", "video"]),
  filename: z.string(),
  size: count,
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  uploaded_at: instant,
  uploader_id: objectId,
  uploader_username: z.string().nullable(),
  url: z.string(),
  preview_url: z.string().nullable(),
});

export const moderatedBody = z.object({ message: z.string(), file_id: objectId, status: z.enum(["approved", "rejected"]) });

/** lib/events/check-in.ts CheckInCounts: the door's counts, by membership and by person. */
export const checkInCountsBody = z.object({
  checked_in: z.object({ guests: count, people: count }).describe("Checked in: guests (RSVPs) and people (each guest and their plus-ones)."),
  expected: z.object({ guests: count, people: count }).describe("Attending: guests (RSVPs) and people."),
});

/** lib/events/check-in.ts CheckInGuest: a guest as the door sees them. */
export const checkInGuestBody = z.object({
  user_id: objectId,
  name: z.string(),
  email: z.string().nullable(),
  party_size: z.number().int().min(1).describe("The guest and their plus-ones."),
  answers: z.array(z.object({ question: z.string(), answer: z.string() })).describe("Their answers to the event's questions, in order."),
  ticket_code: z.string().describe("The short code printed under their ticket's QR code."),
  checked_in_at: instant.nullable(),
  checked_in_by: z.object({ user_id: objectId, name: z.string() }).nullable(),
});

/** POST /api/v1/events/{id}/check-ins, DELETE …/check-ins/{user_id}. */
export const checkInResultBody = z.object({ message: z.string(), guest: checkInGuestBody, counts: checkInCountsBody });
