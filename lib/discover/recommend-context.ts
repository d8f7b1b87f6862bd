import "server-only";
import type { ObjectId } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, findByIds, objectIdOrNull } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { favoriteTags, topTags, type Exclusions } from "./ranking";

// What recommendations know of the user, whichever path finds the candidates: favorites, and the
// memberships that exclude events (any status) and teach implicit tags (attending).

/** Attended events whose tags feed the implicit favorites (newest first). */
export const ATTENDED_SAMPLE = 100;
export const IMPLICIT_TAGS_MAX = 20;

export type RecommendContext = {
  favorites: string[];
  /** The favorites as event tags, in the user's order. */
  explicit: string[];
  exclude: Exclusions;
  /** Events the user attends (newest first, at most ATTENDED_SAMPLE): their tags become implicit favorites. */
  attended: ObjectId[];
};

/**
 * The events a user attends, for implicit tags: kept on the user document by the events service
 * (lib/events/attending.ts), built here once for a user from before it was kept — the only read
 * of a user's memberships by user_id, which FerretDB answers by scanning every membership.
 */
async function attendedOf(userId: ObjectId, kept: ObjectId[] | undefined): Promise<ObjectId[]> {
  if (kept) return kept.slice(-ATTENDED_SAMPLE);
  const rows = await (await collections.attendances())
    .find({ user_id: userId, status: "attending" }, { projection: { event_id: 1 } })
    .sort({ created_at: -1 })
    .limit(ATTENDED_SAMPLE)
    .toArray();
  const attended = rows.map((r) => r.event_id).reverse();
  await (await collections.users()).updateOne({ _id: userId, attended_events: { $exists: false } }, { $set: { attended_events: attended } });
  return attended;
}

export async function recommendContext(user: Pick<AuthUser, "id">): Promise<RecommendContext> {
  const userId = objectIdOrNull(user.id);
  if (!userId) throw new NotFound("No such user.");
  const profile = await (await collections.users()).findOne({ _id: userId }, { projection: { favorites: 1, attended_events: 1 } });
  const favorites = profile?.favorites ?? [];
  return {
    favorites,
    explicit: [...favoriteTags(favorites).keys()],
    exclude: { userId: user.id },
    attended: profile ? await attendedOf(userId, profile.attended_events) : [],
  };
}

/**
 * The exclusions for these candidates: the user's own events (by owner), and those the user has a
 * membership of (any status), read by `_id` ("<event>:<user>") for just these events, so the
 * cost follows the candidates, not how many events the user ever joined.
 */
export async function excludeJoined(context: RecommendContext, candidateIds: Iterable<string>): Promise<RecommendContext["exclude"]> {
  const userId = context.exclude.userId;
  if (!userId) return context.exclude;
  const ids = [...new Set(candidateIds)].map((id) => `${id}:${userId}`);
  if (ids.length === 0) return context.exclude;
  const rows = await (await collections.attendances()).find({ _id: { $in: ids } }, { projection: { event_id: 1 } }).toArray();
  return { ...context.exclude, eventIds: new Set(rows.map((r) => r.event_id.toHexString())) };
}

/**
 * Tags of the events the user went to, most frequent first, not among the favorites. `known`
 * answers from memory where it can (the catalog holds upcoming events); the rest are read by `_id`.
 */
export async function implicitTags(context: RecommendContext, known: (id: string) => string[] | undefined = () => undefined): Promise<string[]> {
  const lists: string[][] = [];
  const missing: ObjectId[] = [];
  for (const id of context.attended) {
    const tags = known(id.toHexString());
    if (tags) lists.push(tags);
    else missing.push(id);
  }
  const rows = await findByIds(await collections.events(), missing, { tags: 1 });
  lists.push(...rows.map((r) => r.tags ?? []));
  return topTags(lists, IMPLICIT_TAGS_MAX).filter((t) => !context.explicit.includes(t));
}
