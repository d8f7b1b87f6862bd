import "server-only";
import { headers } from "next/headers";
import { enforceRequestPolicy, LIMITS, type LimitKeys } from "@/lib/limits";

// Routes declare their rate-limit policy by name in their route() options. A page or a server action
// that is a way in to the same thing (the join page and the join action share the invite-token
// budget with POST /api/v1/events/join) counts its request here, by the same name.

export type LimitName = keyof typeof LIMITS;

/** Counts this page's or action's request against the named policy (client IP, and the email or user given). */
export async function limitThisRequest(name: LimitName, keys: Omit<LimitKeys, "ip"> = {}): Promise<void> {
  await enforceRequestPolicy(LIMITS[name], await headers(), keys);
}
