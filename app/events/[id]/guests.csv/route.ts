import { eventSlug } from "@/lib/events/slug";
import { withApi } from "@/lib/http/route";
import { currentUser } from "@/lib/auth/session";
import { Unauthorized } from "@/lib/errors";
import { csvStream } from "@/lib/events/csv";
import { exportGuestList } from "@/lib/events/lists";

const COLUMNS = [
  { key: "display_name", header: "name" },
  { key: "username", header: "username" },
  { key: "email", header: "email" },
  { key: "status", header: "status" },
  { key: "joined_at", header: "joined_at" },
];

/** The whole guest list and the open requests as CSV, oldest first, streamed a page at a time: the host only, with the session cookie. */
export const GET = withApi<{ id: string }>(async ({ params }) => {
  const user = await currentUser();
  if (!user) throw new Unauthorized("Sign in as the host to download the guest list.");
  const { event, pages } = await exportGuestList(user, params.id); // 404 for strangers, 403 for guests
  return new Response(csvStream(pages, COLUMNS), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${eventSlug(event.title)}-guests.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
});
