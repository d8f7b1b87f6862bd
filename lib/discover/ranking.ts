import { normalizeTags } from "@/lib/events/text";
import { isFull } from "@/lib/events/capacity";

// Recommendation ranking. Pure: no database, no clock — the caller passes candidates and `now`.
// The rules (each one has a unit test in tests/unit/recommend-ranking.test.ts):
//   1. never recommended: events that started before `now`, private events, the user's own events,
//      and events the user already has a membership of (any status);
//   2. score = 1 per event tag among the user's favorites (explicit) + 0.5 per event tag among the
//      tags of events the user went to (implicit); a tag that is both counts once, as explicit;
//   3. an event scoring 0 is not a recommendation;
//   4. order: score desc, then starts_at asc, then counts.attending desc, then id (stable).

export const EXPLICIT_WEIGHT = 1;
export const IMPLICIT_WEIGHT = 0.5;

/** An ObjectId or its hex string (no driver import here: ranking stays pure). */
type Id = string | { toHexString(): string };

/** What ranking needs of an event; the service passes whole EventDocs through. */
export type RankableEvent = {
  _id: Id;
  owner_id: Id;
  tags: string[];
  starts_at: Date;
  is_private: boolean;
  seats_left: number | null;
  counts: { attending: number };
};

export type Ranked<E extends RankableEvent> = {
  event: E;
  score: number;
  /** Why, in words: "because you like hiking", "because you went to events tagged music". */
  reasons: string[];
  is_full: boolean;
};

export type Exclusions = {
  /** The user's id: their own events are never recommended to them. */
  userId?: string | null;
  /** Events the user already joined, asked to join, or answered (any status). */
  eventIds?: ReadonlySet<string>;
};

function idOf(id: Id): string {
  return typeof id === "string" ? id : id.toHexString();
}

/**
 * Favorites as the user typed them ("Live Music") → tag → the words to show ("live music").
 * Profiles keep inner spaces while event tags are normalized ("live-music"), so matching goes
 * through the same normalizeTags the events use.
 */
export function favoriteTags(favorites: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const favorite of favorites) {
    if (typeof favorite !== "string") continue;
    // One favorite is one tag (a comma would split it, and favorites never hold one).
    const tag = normalizeTags(favorite.replace(/,/g, " "))[0];
    if (tag && !out.has(tag)) out.set(tag, favorite.trim().replace(/\s+/g, " ").toLowerCase());
  }
  return out;
}

/** How a tag reads in a sentence: "live-music" → "live music". */
export function tagLabel(tag: string): string {
  return tag.replace(/-/g, " ");
}

/** True when the event may be shown to this user at all (rule 1). */
export function isEligible(event: RankableEvent, now: Date, exclude: Exclusions = {}): boolean {
  if (event.is_private) return false;
  if (event.starts_at.getTime() < now.getTime()) return false;
  if (exclude.userId && idOf(event.owner_id) === exclude.userId) return false;
  if (exclude.eventIds?.has(idOf(event._id))) return false;
  return true;
}

function compareRanked<E extends RankableEvent>(a: Ranked<E>, b: Ranked<E>): number {
  return (
    b.score - a.score ||
    a.event.starts_at.getTime() - b.event.starts_at.getTime() ||
    (b.event.counts?.attending ?? 0) - (a.event.counts?.attending ?? 0) ||
    (idOf(a.event._id) < idOf(b.event._id) ? -1 : idOf(a.event._id) > idOf(b.event._id) ? 1 : 0)
  );
}

export type RankInput = {
  /** The user's favorite categories as stored on the profile (normalized here). */
  favorites: readonly string[];
  /** Tags of events the user went to; tags that are also favorites count as favorites only. */
  attendedTags?: readonly string[];
  exclude?: Exclusions;
  now: Date;
  limit?: number;
};

/** Candidates → recommendations, best first (rules 1–4). */
export function rankRecommendations<E extends RankableEvent>(candidates: readonly E[], input: RankInput): Ranked<E>[] {
  const explicit = favoriteTags(input.favorites);
  const implicit = new Set(normalizeTags([...(input.attendedTags ?? [])]).filter((t) => !explicit.has(t)));
  const ranked: Ranked<E>[] = [];
  const seen = new Set<string>();
  for (const event of candidates) {
    const id = idOf(event._id);
    if (seen.has(id) || !isEligible(event, input.now, input.exclude)) continue;
    seen.add(id);
    // Reasons follow the user's order of favorites, then the attended tags' (most frequent first).
    const tags = new Set(event.tags);
    const liked = [...explicit].filter(([tag]) => tags.has(tag)).map(([, label]) => label);
    const went = [...implicit].filter((tag) => tags.has(tag)).map(tagLabel);
    const score = liked.length * EXPLICIT_WEIGHT + went.length * IMPLICIT_WEIGHT;
    if (score <= 0) continue;
    const reasons = [
      ...liked.map((label) => `because you like ${label}`),
      ...went.map((label) => `because you went to events tagged ${label}`),
    ];
    ranked.push({ event, score, reasons, is_full: isFull(event) });
  }
  ranked.sort(compareRanked);
  return input.limit === undefined ? ranked : ranked.slice(0, input.limit);
}

/**
 * The fallback for a user without favorites: eligible events (rule 1) by how many are going, then
 * soonest. Every item has score 0 and no reasons.
 */
export function rankPopular<E extends RankableEvent>(
  candidates: readonly E[],
  input: { exclude?: Exclusions; now: Date; limit?: number },
): Ranked<E>[] {
  const seen = new Set<string>();
  const items: Ranked<E>[] = [];
  for (const event of candidates) {
    const id = idOf(event._id);
    if (seen.has(id) || !isEligible(event, input.now, input.exclude)) continue;
    seen.add(id);
    items.push({ event, score: 0, reasons: [], is_full: isFull(event) });
  }
  items.sort(
    (a, b) =>
      (b.event.counts?.attending ?? 0) - (a.event.counts?.attending ?? 0) ||
      a.event.starts_at.getTime() - b.event.starts_at.getTime() ||
      (idOf(a.event._id) < idOf(b.event._id) ? -1 : idOf(a.event._id) > idOf(b.event._id) ? 1 : 0),
  );
  return input.limit === undefined ? items : items.slice(0, input.limit);
}

/** The tags a user's attended events carry, most frequent first, at most `max`. */
export function topTags(tagLists: ReadonlyArray<readonly string[]>, max: number): string[] {
  const counts = new Map<string, number>();
  for (const tags of tagLists) for (const tag of new Set(tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, max)
    .map(([tag]) => tag);
}
