import "server-only";
import { notFound } from "next/navigation";
import type { AuthUser } from "@/lib/auth/service";
import type { EventDoc } from "@/lib/db";
import { Forbidden, NotFound } from "@/lib/errors";
import { getOwnedEvent } from "./service";

/**
 * For host-only pages (edit, manage, moderation): the user's own event; the 404 page when there is
 * no such event or they may not see it; null when they may see it but are not its host (the page
 * then shows <NotHost />).
 */
export async function hostedEventForPage(eventId: string, user: AuthUser): Promise<EventDoc | null> {
  try {
    return await getOwnedEvent(eventId, user);
  } catch (err) {
    if (err instanceof NotFound) notFound();
    if (err instanceof Forbidden) return null;
    throw err;
  }
}
