import { eventSlug } from "@/components/events/event-bits";
import { withApi } from "@/lib/api";
import { currentUser } from "@/lib/auth/session";
import { Unauthorized } from "@/lib/errors";
import { toCsv } from "@/lib/events/csv";
import { getOwnedEvent, listGuests, listRequests } from "@/lib/events/service";

const COLUMNS = [
  { key: "username", header: "username" },
  { key: "email", header: "email" },
  { key: "status", header: "status" },
  { key: "joined_at", header: "joined_at" },
];

/** The guest list (and open requests) as CSV: the host only, with the session cookie. */
export const GET = withApi<{ id: string }>(async ({ params }) => {
  const user = await currentUser();
  if (!user) throw new Unauthorized("Sign in as the host to download the guest list.");
  const event = await getOwnedEvent(params.id, user); // 404 for strangers, 403 for guests
  const [guests, requests] = await Promise.all([listGuests(user, params.id), listRequests(user, params.id)]);
  const rows = [...guests, ...requests]
    .sort((a, b) => a.joined_at.getTime() - b.joined_at.getTime())
    .map((g) => ({ username: g.username, email: g.email, status: g.status, joined_at: g.joined_at }));
  return new Response(toCsv(rows, COLUMNS), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${eventSlug(event.title)}-guests.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
});
