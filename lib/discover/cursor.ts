import { Invalid } from "@/lib/errors";
import type { DiscoverSort } from "./schema";

// Discover's keyset cursor, shared by the database and the catalog paths (a page link from one
// works on the other): base64url of "<ms>.<id>" for soonest and "n<ms>.<id>" for newest, so a
// cursor of one order is refused by the other; pages stay stable under inserts, with no skip.

/** Where the previous page ended: its last event's sort key (starts_at or created_at) and id (hex). */
export type CursorPosition = { at: Date; id: string };

export function encodeCursor(sort: DiscoverSort, position: CursorPosition): string {
  const at = sort === "newest" ? `n${position.at.getTime()}` : String(position.at.getTime());
  return Buffer.from(`${at}.${position.id}`).toString("base64url");
}

export function decodeCursor(sort: DiscoverSort, cursor: string | undefined): CursorPosition | null {
  if (!cursor) return null;
  const m = /^(n?)(\d{1,15})\.([0-9a-f]{24})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m || (m[1] === "n") !== (sort === "newest")) {
    throw new Invalid("That page link is not valid. Start again from the first page.", { cursor: ["That page cursor is not valid."] });
  }
  return { at: new Date(Number(m[2])), id: m[3]! };
}

/** The position of an event in `sort` order. */
export function positionOf(sort: DiscoverSort, event: { starts_at: Date; created_at: Date; _id: string | { toHexString(): string } }): CursorPosition {
  return { at: sort === "newest" ? event.created_at : event.starts_at, id: typeof event._id === "string" ? event._id : event._id.toHexString() };
}
