import "server-only";
import { announcementJobs } from "@/lib/events/announcements";
import { calendarJobs } from "@/lib/events/calendar-updates";
import { reminderJobs } from "@/lib/events/reminders";
import { commentJobs } from "@/lib/events/comment-digest";
import { ticketJobs } from "@/lib/events/ticket-mail";
import { waitlistJobs } from "@/lib/events/waitlist";
import type { JobHandler } from "./queue";

// Every job the worker runs, by name. Each domain module exports its own handlers (a map from job
// name to function); this list is the one place that gathers them, so a module that only enqueues
// never loads the others.

export const HANDLERS: Record<string, JobHandler> = {
  ...commentJobs,
  ...reminderJobs,
  ...announcementJobs,
  ...calendarJobs,
  ...ticketJobs,
  ...waitlistJobs,
};
