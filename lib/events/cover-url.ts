import type { EventDoc } from "@/lib/db/types";

/** lib/media/pictures.ts COVER_SIZES, named here without loading sharp. */
export type CoverSizeName = "wide" | "small" | "og";

/**
 * The URL of one size of the cover, or null without one. `?v=` names the file, so a new cover is a
 * new URL and a public event's may be cached for good; `token` goes along for an invitee who is not
 * yet a guest of a private event.
 */
export function coverUrl(event: Pick<EventDoc, "_id" | "cover" | "is_private">, size: CoverSizeName, token?: string | null): string | null {
  const id = event.cover?.[size];
  if (!id) return null;
  const query = new URLSearchParams({ v: id.toHexString() });
  if (token && event.is_private) query.set("token", token);
  return `/events/${event._id.toHexString()}/cover/${size}?${query}`;
}
