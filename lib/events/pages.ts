import "server-only";
import { Invalid } from "@/lib/errors";

export type SearchParams = Record<string, string | string[] | undefined>;

/** A list's cursor from the page's query string (`?guests=…`): one string, or none. */
export function cursorParam(params: SearchParams, key: string): string | undefined {
  const value = params[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * `path` with the page's other list cursors kept and `key` set to `cursor` (or dropped when null),
 * so each list on a page moves on its own. `hash` brings the reader back to that list.
 */
export function pageHref(path: string, params: SearchParams, key: string, cursor: string | null, hash?: string): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (k !== key && typeof v === "string" && v !== "") query.set(k, v);
  if (cursor) query.set(key, cursor);
  const search = query.toString();
  return `${path}${search ? `?${search}` : ""}${hash ? `#${hash}` : ""}`;
}

/** Reads a list page at the URL's cursor; a cursor that is not valid (edited or cut short) reads the first page instead. */
export async function pageOrFirst<T>(cursor: string | undefined, read: (cursor: string | undefined) => Promise<T>): Promise<T> {
  try {
    return await read(cursor);
  } catch (err) {
    if (cursor && err instanceof Invalid) return read(undefined);
    throw err;
  }
}
