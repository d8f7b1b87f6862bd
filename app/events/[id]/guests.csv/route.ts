import { eventSlug } from "@/lib/events/slug";
import { withApi } from "@/lib/http/route";
import { currentUser } from "@/lib/auth/session";
import { Unauthorized } from "@/lib/errors";
import { csvStream } from "@/lib/events/csv";
import { exportGuestList, type Guest } from "@/lib/events/lists";
import { answerCells, answerColumns } from "@/lib/events/questions";

const COLUMNS = [
  { key: "display_name", header: "name" },
  { key: "username", header: "username" },
  { key: "email", header: "email" },
  { key: "status", header: "status" },
  { key: "joined_at", header: "joined_at" },
];

/** With plus-ones: how many people each guest's party is (they and the extra people they bring). */
const PARTY_COLUMN = { key: "party_size", header: "party_size" };

/** Each guest's row: their details, then one cell per question (the event's questions as they are now). */
async function* rowsOf(pages: AsyncIterable<Guest[]>) {
  for await (const guests of pages) yield guests.map(({ answers, ...guest }) => ({ ...guest, party_size: 1 + (guest.guests ?? 0), ...answerCells(answers) }));
}

/** The whole guest list and the open requests as CSV, oldest first, streamed a page at a time: the host only, with the session cookie. */
export const GET = withApi<{ id: string }>(async ({ params }) => {
  const user = await currentUser();
  if (!user) throw new Unauthorized("Sign in as the host to download the guest list.");
  const { event, pages } = await exportGuestList(user, params.id); // 404 for strangers, 403 for guests
  return new Response(csvStream(rowsOf(pages), [...COLUMNS, ...(event.plus_ones_max || event.guests_attending ? [PARTY_COLUMN] : []), ...answerColumns(event.questions)]), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${eventSlug(event.title)}-guests.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
});
