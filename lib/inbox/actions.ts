"use server";

import { revalidatePath } from "next/cache";
import { validatedActionWithUser } from "@/lib/action";
import { inboxDecisionSchema } from "./schema";
import { decideInbox } from "./service";

/** The inbox's approve / reject (or deny), for one item, the selection, or all shown. */
export const decideInboxAction = validatedActionWithUser(inboxDecisionSchema, async (input, user) => {
  const outcome = await decideInbox(user, input);
  for (const eventId of new Set(input.items.map((i) => i.event_id))) revalidatePath(`/events/${eventId}`);
  return outcome;
});
