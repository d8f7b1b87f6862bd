import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/route";
import { unsubscribeSchema } from "@/lib/events/guest-news-schema";
import { unsubscribeFromReminders } from "@/lib/events/reminders";
import { env } from "@/lib/env";
import { NotFound } from "@/lib/errors";

// The List-Unsubscribe address of a reminder (RFC 8058): a mail app POSTs here when its reader
// chooses "unsubscribe"; the signed query names the event and the guest. A GET (a person who
// opened the address) goes to the page that asks first.

function linkOf(req: Request) {
  const parsed = unsubscribeSchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw new NotFound("This link is not valid.");
  return parsed.data;
}

export const POST = withApi(async ({ req }) => {
  const { e, u, s } = linkOf(req);
  await unsubscribeFromReminders(e, u, s);
  return { message: "Reminders for this event are off." };
});

export const GET = withApi(async ({ req }) => {
  const url = new URL(req.url);
  return NextResponse.redirect(new URL(`/reminders/unsubscribe${url.search}`, env().APP_URL), 303);
});
