import { calendarFeedIcs } from "@/lib/events/calendar-feed";
import { withApi } from "@/lib/http/route";

/** A person's calendar feed (`webcal://…/calendar/<token>.ics`): the token is the only key, so each IP is rate-limited. */
export const GET = withApi<{ token: string }>(
  async ({ params }) => {
    const ics = await calendarFeedIcs(params.token.replace(/\.ics$/, ""));
    return new Response(ics, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": 'inline; filename="invyta.ics"',
        // The URL is a secret: no shared cache keeps it, no search engine lists it.
        "Cache-Control": "private, no-store",
        "X-Robots-Tag": "noindex",
      },
    });
  },
  { limit: "calendarFeed" },
);
