import { z } from "zod";
import { reminderSettingsSchema } from "@/lib/events/guest-news-schema";
import { getReminderSettings, setReminderSettings } from "@/lib/events/reminders";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

const settings = z.object({ offsets_minutes: z.array(z.number().int()).describe("Minutes before the start; [] means no reminders.") });

export const GET = route(
  {
    summary: "When guests are reminded",
    description: "The owner only. By default a day and two hours before the start: `[1440, 120]`.",
    auth: "bearer",
    params: eventIdParams,
    response: settings,
    errors: [403, 404],
  },
  async ({ user, params }) => getReminderSettings(user, params.id),
);

export const PUT = route(
  {
    summary: "Change when guests are reminded",
    description:
      "The owner only. `offsets_minutes`: up to 5 times, each 5 minutes to 4 weeks before the start; `[]` turns reminders off. Guests going or maybe get an email at each (with the event's .ics and a one-click unsubscribe for this event); a changed start time moves them.",
    auth: "bearer",
    params: eventIdParams,
    body: reminderSettingsSchema,
    response: settings,
    errors: [403, 404],
  },
  async ({ user, params, body }) => setReminderSettings(user, params.id, body.offsets_minutes),
);

export const { POST, PATCH, DELETE, OPTIONS } = onlyMethods("GET", "PUT");
