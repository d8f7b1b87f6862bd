import { withApiUser } from "@/lib/api";
import { listGuests } from "@/lib/events/service";

/** The host sees everyone with emails; attending and maybe guests see who is coming, without emails. */
export const GET = withApiUser<{ id: string }>(async ({ user, params }) => {
  const guests = await listGuests(user, params.id);
  return { attendees: guests.map((g) => ({ ...g, joined_at: g.joined_at.toISOString() })) };
});
