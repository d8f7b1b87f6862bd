import { z } from "zod";
import { createCalendarFeed, revokeCalendarFeed } from "@/lib/events/calendar-feed";
import { onlyMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

const feedLink = z.object({
  url: z.string().describe("The feed over https (or http), for apps that take a plain URL"),
  webcal_url: z.string().describe("The same feed as webcal://, which opens the calendar app's subscribe dialog"),
});

export const POST = route(
  {
    summary: "Create or replace your calendar feed",
    description:
      "A secret URL of an iCalendar feed of the events you host and those you are going or maybe to (upcoming, and the last 30 days), for calendar apps to subscribe to. It is shown only in this answer: only a hash is kept. A new one replaces the old, which stops working at once.",
    auth: "bearer-or-cookie",
    response: { 201: feedLink },
  },
  async ({ user }) => createCalendarFeed(user),
);

export const DELETE = route(
  { summary: "Turn your calendar feed off", description: "Its URL answers 404 from now on.", auth: "bearer-or-cookie", response: z.object({ message: z.string() }) },
  async ({ user }) => {
    await revokeCalendarFeed(user);
    return { message: "Calendar feed turned off" };
  },
);

export const { GET, PUT, PATCH, OPTIONS } = onlyMethods("POST", "DELETE");
