import { readJson, withApiUser } from "@/lib/api";
import { requestDecisionSchema } from "@/lib/events/schema";
import { decideAllRequests, listRequests } from "@/lib/events/service";

type Params = { id: string };

/** Pending requests to join a private event (host only). */
export const GET = withApiUser<Params>(async ({ user, params }) => {
  const requests = await listRequests(user, params.id);
  return { requests: requests.map((r) => ({ ...r, joined_at: r.joined_at.toISOString() })) };
});

/** `{ action: approve | deny }` for every pending request at once. */
export const POST = withApiUser<Params>(async ({ req, user, params }) => {
  const { action } = await readJson(req, requestDecisionSchema);
  const { decided } = await decideAllRequests(user, params.id, action);
  return { message: `${decided} request${decided === 1 ? "" : "s"} ${action === "approve" ? "approved" : "denied"}`, decided };
});
