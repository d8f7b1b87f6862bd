// What the host and guests send about reminders and announcements (issue 14).
import { z } from "zod";
import { humanText } from "@/lib/text";

// Mirrors lib/events/reminders.ts: from 5 minutes to 4 weeks before the start, at most 5.
export const reminderSettingsSchema = z.object({
  offsets_minutes: z
    .array(
      z
        .number({ error: "Each reminder is a whole number of minutes before the start." })
        .int("Each reminder is a whole number of minutes before the start.")
        .min(5, "A reminder can be at least 5 minutes before the start.")
        .max(28 * 24 * 60, "A reminder can be at most 4 weeks before the start."),
    )
    .max(5, "At most 5 reminders."),
});

export const unsubscribeSchema = z.object({
  e: z.string().max(64),
  u: z.string().max(64),
  s: z.string().max(64),
});

export const ANNOUNCEMENT_MAX = 2000;
export const AUDIENCES = ["everyone", "going", "maybe", "waitlist", "pending"] as const;

export const announcementSchema = z.object({
  body: humanText({
    max: ANNOUNCEMENT_MAX,
    multiline: true,
    label: "The announcement",
    typeError: "Write the announcement as text.",
    tooLong: `Keep the announcement under ${ANNOUNCEMENT_MAX} characters.`,
  }).pipe(z.string().min(1, "Write something to announce.")),
  audience: z.enum(AUDIENCES, { error: "audience must be everyone, going, maybe, waitlist or pending." }).default("everyone"),
});
