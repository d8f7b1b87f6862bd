import { parseWith, readJson, withApiUser } from "@/lib/api";
import { guestsQuerySchema, requestDecisionSchema } from "@/lib/events/schema";
import { listRequests } from "@/lib/events/lists";
import { decideAllRequests } from "@/lib/events/membership";
import { onlyMethods } from "@/lib/api-methods";

type Params = { id: string };

/** Pending requests to join a private event (host only), oldest first, a page at a time like the attendees. */
export const GET = withApiUser<Params>(async ({ req, user, params }) => {
  const query = parseWith(guestsQuerySchema, Object.fromEntries(req.nextUrl.searchParams), "The list query is not valid.");
  const page = await listRequests(user, params.id, query);
  return { requests: page.guests.map((r) => ({ ...r, joined_at: r.joined_at.toISOString() })), next_cursor: page.next_cursor };
});

/** `{ action: approve | deny }` for every pending request at once, however many. */
export const POST = withApiUser<Params>(async ({ req, user, params }) => {
  const { action } = await readJson(req, requestDecisionSchema);
  const { decided } = await decideAllRequests(user, params.id, action);
  return { message: `${decided} request${decided === 1 ? "" : "s"} ${action === "approve" ? "approved" : "denied"}`, decided };
});

export const { PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET", "POST");
