import { z } from "zod";
import { DEFAULT_THEME, THEME_NAMES, type EventTheme } from "./themes";
import { humanText } from "@/lib/text";
import { normalizeTags } from "./text";
import { answersInputSchema, questionsSchema } from "./questions";
import type { QuestionDoc } from "@/lib/db/types";
import { canonicalTimeZone, isValidTimeZone, zonedLocalToUtc } from "./time";

// One schema for the event form and the JSON API. Times arrive as a wall-clock "YYYY-MM-DDTHH:mm"
// in the event's time zone (the form, and the original API's `date`), or as an ISO instant with an
// offset; they leave as UTC Dates.

export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 5000;
export const LOCATION_MAX = 200;
export const TAGS_MAX = 10;
export const MAX_PEOPLE_LIMIT = 100_000;
/** Most extra people (plus-ones) a host may let each guest bring. */
export const PLUS_ONES_LIMIT = 5;

const LOCAL = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

export const timeZoneSchema = z
  .string({ error: "Choose a time zone." })
  .trim()
  .refine(isValidTimeZone, "Choose a time zone from the list, such as Europe/Berlin.")
  .transform((tz) => canonicalTimeZone(tz) ?? tz);

const when = (label: string) =>
  z
    .string({ error: `Enter the ${label} date and time.` })
    .trim()
    .refine((v) => LOCAL.test(v) || INSTANT.test(v), `Enter the ${label} as a date and time, like 2026-12-31T19:00.`);

/** A wall-clock time in `timeZone`, or an instant with its own offset → the UTC instant. */
export function toInstant(value: string, timeZone: string): Date | null {
  if (INSTANT.test(value)) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return zonedLocalToUtc(value.slice(0, 16), timeZone);
}

export const TAG_LENGTH_MAX = 60;
const tagText = humanText({ max: TAG_LENGTH_MAX, label: "A tag", typeError: "Each tag must be text.", tooLong: `Keep each tag under ${TAG_LENGTH_MAX} characters.` });

// The type is checked first and the words one by one after, so a bad word gets its own message.
export const tagsSchema = z
  .union([z.array(z.string()), z.string()], { error: 'Tags are a list of words, like ["music", "outdoors"].' })
  .transform((v) => (Array.isArray(v) ? v : v.split(",")))
  .pipe(z.array(tagText))
  .transform((v) => normalizeTags(v))
  .pipe(z.array(z.string()).max(TAGS_MAX, `Use at most ${TAGS_MAX} tags.`));

const maxPeopleSchema = z
  .union([z.number(), z.string().trim()], { error: "Capacity must be a whole number." })
  .transform((v, ctx) => {
    if (v === "") return null;
    const n = typeof v === "number" ? v : Number(v);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PEOPLE_LIMIT) {
      ctx.addIssue({
        code: "custom",
        message: `Capacity must be a whole number from 1 to ${MAX_PEOPLE_LIMIT.toLocaleString("en-US")}, or empty for no limit.`,
      });
      return z.NEVER;
    }
    return n;
  })
  .nullable();

/** A whole number 0..limit, from a number or a form's string ("" is 0). */
const wholeUpTo = (limit: number, message: string) =>
  z.union([z.number(), z.string().trim()], { error: message }).transform((v, ctx) => {
    const n = v === "" ? 0 : Number(v);
    if (Number.isInteger(n) && n >= 0 && n <= limit) return n;
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  });

const plusOnesMaxSchema = wholeUpTo(PLUS_ONES_LIMIT, `Plus-ones must be a whole number from 0 to ${PLUS_ONES_LIMIT}.`);

/**
 * How many extra people a guest brings (join and RSVP bodies); the event's own allowance
 * (plus_ones_max) is checked by the service, which knows it.
 */
export const guestsSchema = wholeUpTo(PLUS_ONES_LIMIT, `guests must be a whole number from 0 to ${PLUS_ONES_LIMIT}: the extra people you bring.`);

const fields = {
  title: humanText({
    max: TITLE_MAX,
    label: "The title",
    typeError: "Give the event a title.",
    tooLong: `Keep the title under ${TITLE_MAX} characters.`,
  }).min(1, "Give the event a title."),
  // Not trimmed: leading spaces and blank lines may be part of how the host lays it out.
  description: humanText({
    max: DESCRIPTION_MAX,
    multiline: true,
    trim: false,
    label: "The description",
    typeError: "The description must be text.",
    tooLong: `Keep the description under ${DESCRIPTION_MAX} characters.`,
  }),
  starts_at: when("start"),
  ends_at: z.union([when("end"), z.literal(""), z.null()]),
  timezone: timeZoneSchema,
  location: humanText({
    max: LOCATION_MAX,
    label: "The location",
    typeError: "The location must be text.",
    tooLong: `Keep the location under ${LOCATION_MAX} characters.`,
  }),
  max_people: maxPeopleSchema,
  plus_ones_max: plusOnesMaxSchema,
  is_private: z.boolean({ error: "is_private must be true or false." }),
  tags: tagsSchema,
  theme: z.enum(THEME_NAMES, { error: `theme must be one of ${THEME_NAMES.join(", ")}.` }),
  questions: questionsSchema,
};

/** What the form edits: every field present, times as wall-clock strings. */
export const eventFormSchema = z.object({
  ...fields,
  description: fields.description.default(""),
  ends_at: fields.ends_at.default(""),
  timezone: fields.timezone.default("UTC"),
  location: fields.location.default(""),
  max_people: fields.max_people.default(null),
  plus_ones_max: fields.plus_ones_max.default(0),
  is_private: fields.is_private.default(false),
  tags: fields.tags.default([]),
  theme: fields.theme.default(DEFAULT_THEME),
  questions: fields.questions.default([]),
});
export type EventFormInput = z.input<typeof eventFormSchema>;

export type EventInput = {
  title: string;
  description: string;
  starts_at: Date;
  ends_at: Date | null;
  timezone: string;
  location: string;
  max_people: number | null;
  /** Extra people each guest may bring, 0..PLUS_ONES_LIMIT; 0 when not given. */
  plus_ones_max?: number;
  is_private: boolean;
  tags: string[];
  /** DEFAULT_THEME when not given. */
  theme?: EventTheme;
  /** Questions for guests (./questions.ts); none when not given. */
  questions?: QuestionDoc[];
};

type TimeFields = { timezone?: string; starts_at?: string; ends_at?: string | null };

/** Wall-clock strings → instants, with the cross-field rule (end after start). */
function resolveTimes(data: TimeFields, ctx: z.RefinementCtx) {
  const timezone = data.timezone ?? "UTC";
  const starts = data.starts_at === undefined ? undefined : toInstant(data.starts_at, timezone);
  const ends = data.ends_at === undefined ? undefined : data.ends_at ? toInstant(data.ends_at, timezone) : null;
  if (starts === null) ctx.addIssue({ code: "custom", path: ["starts_at"], message: "That start date and time does not exist." });
  if (ends === null && data.ends_at) ctx.addIssue({ code: "custom", path: ["ends_at"], message: "That end date and time does not exist." });
  if (starts && ends && ends.getTime() <= starts.getTime()) {
    ctx.addIssue({ code: "custom", path: ["ends_at"], message: "The event must end after it starts." });
  }
  return { starts, ends };
}

export const eventCreateSchema = eventFormSchema.transform((data, ctx): EventInput => {
  const { starts, ends } = resolveTimes(data, ctx);
  return { ...data, starts_at: starts ?? new Date(NaN), ends_at: ends ?? null };
});

/** The original API: `date` (a day or a date-time) stands for starts_at; time zone UTC unless given. */
function fromOriginalBody(body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const b = { ...(body as Record<string, unknown>) };
  if (b.starts_at === undefined && b.date !== undefined) b.starts_at = b.date;
  delete b.date;
  return b;
}

export const apiEventCreateSchema = z.preprocess(fromOriginalBody, eventCreateSchema);

export type EventPatch = Partial<EventInput>;

export const eventPatchSchema = z.preprocess(
  fromOriginalBody,
  z
    .object({
      title: fields.title.optional(),
      description: fields.description.optional(),
      starts_at: fields.starts_at.optional(),
      ends_at: fields.ends_at.optional(),
      timezone: fields.timezone.optional(),
      location: fields.location.optional(),
      max_people: fields.max_people.optional(),
      plus_ones_max: fields.plus_ones_max.optional(),
      is_private: fields.is_private.optional(),
      tags: fields.tags.optional(),
      theme: fields.theme.optional(),
      questions: fields.questions.optional(),
    })
    .refine((v) => Object.values(v).some((x) => x !== undefined), "Send at least one field to change.")
    .transform((data, ctx): EventPatch => {
      const { starts, ends } = resolveTimes(data, ctx);
      const patch: EventPatch = {};
      if (data.title !== undefined) patch.title = data.title;
      if (data.description !== undefined) patch.description = data.description;
      if (data.timezone !== undefined) patch.timezone = data.timezone;
      if (data.location !== undefined) patch.location = data.location;
      if (data.max_people !== undefined) patch.max_people = data.max_people;
      if (data.plus_ones_max !== undefined) patch.plus_ones_max = data.plus_ones_max;
      if (data.is_private !== undefined) patch.is_private = data.is_private;
      if (data.tags !== undefined) patch.tags = data.tags;
      if (data.theme !== undefined) patch.theme = data.theme;
      if (data.questions !== undefined) patch.questions = data.questions;
      if (starts) patch.starts_at = starts;
      if (ends !== undefined) patch.ends_at = ends;
      return patch;
    }),
);

export const RSVP_STATUSES = ["attending", "maybe", "not_attending"] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];
export const rsvpSchema = z.object({
  rsvp_status: z.enum(RSVP_STATUSES, { error: "rsvp_status must be attending, maybe or not_attending." }),
  guests: guestsSchema.optional(),
  answers: answersInputSchema.optional(),
});

export const joinSchema = z.object({
  event_id: z.string({ error: "event_id is required." }).min(1, "event_id is required.").max(64),
  token: z.string({ error: "token is required." }).min(1, "token is required.").max(128),
  guests: guestsSchema.optional(),
  answers: answersInputSchema.optional(),
});

export const requestDecisionSchema = z.object({
  action: z.enum(["approve", "deny"], { error: "action must be approve or deny." }),
});

export const inviteSettingsSchema = z.object({
  expires_at: z.union([z.iso.datetime({ offset: true, error: "expires_at must be an ISO date-time." }), z.null()]).optional(),
  max_uses: z.union([z.number().int().min(1).max(1_000_000), z.null()], { error: "max_uses must be a whole number of at least 1, or null." }).optional(),
});

export const inviteEmailsSchema = z.object({
  emails: z
    .union([z.array(z.string()), z.string()], { error: "emails must be a list of addresses." })
    .transform((v) => (Array.isArray(v) ? v : v.split(/[\s,;]+/)).map((e) => e.trim().toLowerCase()).filter(Boolean))
    .pipe(
      z
        .array(z.email("One of the addresses is not a valid email."))
        .min(1, "Enter at least one email address.")
        .max(50, "Invite at most 50 addresses at a time."),
    )
    .transform((list) => [...new Set(list)]),
});

export const listQuerySchema = z.object({
  tag: z.array(z.string().max(60, "Keep each tag under 60 characters.")).max(TAGS_MAX, `Filter by at most ${TAGS_MAX} tags.`).default([]),
  sort: z.enum(["soonest", "newest"], { error: "sort must be soonest or newest." }).default("soonest"),
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** One user's events, a page at a time: the default page is as long as the old unpaginated answer, so old clients see the same list. */
export const USER_EVENTS_LIMIT_MAX = 100;

export const userEventsQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(USER_EVENTS_LIMIT_MAX).default(USER_EVENTS_LIMIT_MAX),
});

/** Guest lists and join requests, a page at a time: an event may have 100k guests. */
export const GUESTS_LIMIT_DEFAULT = 100;
export const GUESTS_LIMIT_MAX = 500;

const guestsLimitMessage = `limit must be a whole number from 1 to ${GUESTS_LIMIT_MAX}.`;
export const guestsQuerySchema = z.object({
  cursor: z.string().max(200, "That page cursor is not valid.").optional(),
  limit: z.coerce
    .number({ error: guestsLimitMessage })
    .int(guestsLimitMessage)
    .min(1, guestsLimitMessage)
    .max(GUESTS_LIMIT_MAX, guestsLimitMessage)
    .default(GUESTS_LIMIT_DEFAULT),
});

/** Each list of the "My events" dashboard shows this many cards, then a "Show more" link. */
export const MY_EVENTS_PAGE = 50;

/** POST /api/v1/events/{id}/duplicate · duplicateEventAction: the copy's new time (wall clock in the event's zone, or an instant). */
export const duplicateSchema = z.object({
  starts_at: when("start"),
  ends_at: z.union([when("end"), z.literal(""), z.null()]).optional(),
});
export type DuplicateInput = z.infer<typeof duplicateSchema>;
