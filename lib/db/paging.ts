import "server-only";
import { ObjectId, type Filter } from "mongodb";
import { Invalid } from "@/lib/errors";

// The one keyset-paging codec. Every list is read a page at a time sorted by (a date, _id): a page
// is the rows after the previous page's last one, so pages stay stable under inserts, with no skip
// and no row twice. Cursor: base64url of "<ms>.<id>", the sort key of that last row; the id is an
// ObjectId's hex or a composite string id such as a membership's "<event hex>:<user hex>".

export type PageKey<Id> = { at: Date; id: Id };
export type PageOpts = { limit?: number; cursor?: string };

const CURSOR = /^(\d{1,15})\.([0-9a-f]{24}(?::[0-9a-f]{24})?)$/;
const BAD_CURSOR = "That page cursor is not valid.";

export function encodeCursor(at: Date, id: ObjectId | string): string {
  return Buffer.from(`${at.getTime()}.${typeof id === "string" ? id : id.toHexString()}`).toString("base64url");
}

/** Ids of rows keyed by ObjectId. */
export function objectIdKey(hex: string): ObjectId | null {
  return /^[0-9a-f]{24}$/.test(hex) ? new ObjectId(hex) : null;
}

/** Ids of rows keyed by a composite string (memberships). */
export function compositeKey(id: string): string | null {
  return /^[0-9a-f]{24}:[0-9a-f]{24}$/.test(id) ? id : null;
}

/** The key a cursor names, or null without one; a cursor that is not ours is a 400 on `cursor`. */
export function decodeCursor<Id>(cursor: string | undefined, parseId: (id: string) => Id | null): PageKey<Id> | null {
  if (!cursor) return null;
  const m = CURSOR.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const id = m ? parseId(m[2]!) : null;
  if (!m || id === null) throw new Invalid(BAD_CURSOR, { cursor: [BAD_CURSOR] });
  return { at: new Date(Number(m[1])), id };
}

export function pageSize(limit: number | undefined, fallback: number, max: number): number {
  return Math.min(Math.max(1, Math.trunc(limit ?? fallback) || 1), max);
}

/**
 * Rows after `key` in (`field`, _id) order, ascending (1) or descending (-1). The plain range on
 * `field` bounds the index scan; the $or only settles ties within one millisecond.
 */
export function afterKey<T>(field: string, key: PageKey<unknown>, dir: 1 | -1): Filter<T> {
  const [from, beyond] = dir === 1 ? ["$gte", "$gt"] : ["$lte", "$lt"];
  return { [field]: { [from]: key.at }, $or: [{ [field]: { [beyond]: key.at } }, { _id: { [beyond]: key.id } }] } as Filter<T>;
}

/** Of the `limit + 1` rows read: the page, and the cursor to the next one when there is one. */
export function pageOf<T extends { _id: ObjectId | string }>(rows: T[], limit: number, keyOf: (row: T) => Date): { items: T[]; next_cursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > limit && last ? encodeCursor(keyOf(last), last._id) : null };
}
