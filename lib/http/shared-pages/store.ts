import type { LimitName } from "@/lib/http/limits";

// Pages every signed-out visitor is sent alike (an event's page, a join page, a discover listing),
// kept as rendered HTML a short while in this process so that a shared link's many views are not
// each rendered again (./serve.ts captures and serves them; ./share.ts is what a page calls to
// offer its render). A page is kept only when its render says so, and never longer than the data
// it was rendered from (the signed-out views of lib/events/access.ts, the discover catalog): it
// expires when that data would, and goes at once when this process drops anything it shows (a
// write here, or a change another process noted). A render that started before such a drop is
// not kept. Bounded in count (least recently used goes) and in size per page. State lives on
// globalThis: the Node hook and the pages are separate module graphs of one process.

/** What a page shows, by name: it goes when any of them changes. */
export type Shown = `event:${string}` | `user:${string}` | "catalog";

export const shownEvent = (id: string): Shown => `event:${id}`;
export const shownUser = (id: string): Shown => `user:${id}`;
/** The discover catalog's membership and order (lib/discover/catalog.ts). */
export const SHOWN_CATALOG: Shown = "catalog";

/** The kind of a shown thing ("event", "user", "catalog"): what brings it up to date is followed per kind. */
const kindOf = (shown: Shown) => shown.split(":", 1)[0]!;

/** What a page's render says about itself when it may be sent to every signed-out visitor. */
export type PageShare = {
  /** Everything the page shows that can change: the events, their hosts, the discover catalog. */
  shows: Shown[];
  /** When the oldest data the page shows was read; the page is kept no longer than that data. */
  dataAt: number;
  /** The rate-limit policy every view counts against (the join page's invite-token budget). */
  limit: LimitName | null;
  /** A time the page must not be sent after, whatever its data (an invite link's expiry). */
  until: number | null;
};

export type StoredPage = PageShare & {
  key: string;
  /** Response headers to send again (not the length, encoding, policy or cookies). */
  headers: [string, string | string[]][];
  html: string;
  /** The CSP nonce the page was rendered with: each response sent from memory gets its own. */
  nonce: string;
  storedAt: number;
  expiresAt: number;
};

export const MAX_PAGES = 500;
/** A page is kept up to this much HTML (and its response is captured up to this many bytes as sent, which gzip only shrinks). */
export const MAX_PAGE_BYTES = 256 * 1024;

export class SharedPages {
  private readonly pages = new Map<string, StoredPage>();
  /** Renders under way that may be kept, by their request's nonce: their start, and what they said. */
  private readonly renders = new Map<string, { startedAt: number; share: PageShare | null }>();
  private readonly droppedAt = new Map<Shown, number>();
  private clearedAt = -Infinity;
  /**
   * What brings the data pages are rendered from up to date with other processes' noted changes,
   * by kind of shown thing (lib/events/access.ts for events, the catalog for it; one per module
   * graph that loads ./share.ts): a page's are called before it is sent from memory.
   */
  private readonly followers = new Map<string, Set<() => Promise<void>>>();

  constructor(
    private readonly clock: () => number,
    readonly ttlMs: number,
    private readonly max = MAX_PAGES,
  ) {}

  /** `fresh` brings what pages show of `kind` ("event", "catalog") up to date. */
  follow(kind: string, fresh: () => Promise<void>): void {
    const set = this.followers.get(kind) ?? new Set();
    set.add(fresh);
    this.followers.set(kind, set);
  }

  /** Catches up with every noted change to what `page` shows (a point read per follower at most once a second). */
  async fresh(page: Pick<PageShare, "shows">): Promise<void> {
    const kinds = new Set(page.shows.map(kindOf));
    await Promise.all([...kinds].flatMap((kind) => [...(this.followers.get(kind) ?? [])].map((fresh) => fresh())));
  }

  /** The page kept under `key`, if young enough. */
  get(key: string): StoredPage | null {
    const page = this.pages.get(key);
    if (!page) return null;
    if (this.clock() >= page.expiresAt) {
      this.pages.delete(key);
      return null;
    }
    this.pages.delete(key); // re-inserted: most recently used last
    this.pages.set(key, page);
    return page;
  }

  /** A render of a page that may be kept starts; `nonce` names its request. */
  begin(nonce: string): void {
    this.renders.set(nonce, { startedAt: this.clock(), share: null });
  }

  /** The render of request `nonce` offers itself to every signed-out visitor (ignored for a request not begun). */
  share(nonce: string, share: PageShare): void {
    const render = this.renders.get(nonce);
    if (render) render.share = share;
  }

  /** The render of request `nonce` is over: what it offered, if it may still be kept. */
  finish(nonce: string): { share: PageShare; startedAt: number } | null {
    const render = this.renders.get(nonce);
    this.renders.delete(nonce);
    if (!render?.share) return null;
    const { share, startedAt } = render;
    const changedSince = (shown: Shown) => (this.droppedAt.get(shown) ?? -Infinity) >= startedAt;
    if (this.clearedAt >= startedAt || share.shows.some(changedSince)) return null;
    return { share, startedAt };
  }

  /** Keeps a finished render's page until its data's time runs out. */
  keep(page: Omit<StoredPage, "storedAt" | "expiresAt">): void {
    const now = this.clock();
    const expiresAt = Math.min(page.dataAt + this.ttlMs, page.until ?? Infinity);
    if (expiresAt <= now || Buffer.byteLength(page.html) > MAX_PAGE_BYTES) return;
    this.pages.delete(page.key);
    this.pages.set(page.key, { ...page, storedAt: now, expiresAt });
    if (this.pages.size > this.max) this.pages.delete(this.pages.keys().next().value!);
  }

  /** These events changed (or "all"): the pages showing them go, and renders under way are not kept. */
  dropEvents(ids: readonly string[] | "all"): void {
    this.drop(ids === "all" ? ids : ids.map(shownEvent));
  }

  /** These users changed (or "all"): the pages naming them as host go. */
  dropUsers(ids: readonly string[] | "all"): void {
    this.drop(ids === "all" ? ids : ids.map(shownUser));
  }

  /** The discover catalog changed (an event joined, left or moved in it): the listings go. */
  dropCatalog(): void {
    this.drop([SHOWN_CATALOG]);
  }

  get size(): number {
    return this.pages.size;
  }

  private drop(changed: readonly Shown[] | "all"): void {
    const now = this.clock();
    if (changed === "all") {
      this.pages.clear();
      this.clearedAt = now;
      return;
    }
    if (changed.length === 0) return;
    for (const shown of changed) {
      this.droppedAt.delete(shown);
      this.droppedAt.set(shown, now);
    }
    const set = new Set(changed);
    for (const [key, page] of this.pages) if (page.shows.some((shown) => set.has(shown))) this.pages.delete(key);
    // Only renders still under way can race a change: marks older than the oldest of them can go.
    let oldest = now;
    for (const render of this.renders.values()) oldest = Math.min(oldest, render.startedAt);
    for (const [shown, at] of this.droppedAt) {
      if (at >= oldest) break;
      this.droppedAt.delete(shown);
    }
  }
}

const g = globalThis as typeof globalThis & { __invytaSharedPages?: SharedPages };

/** This process's shared pages (one for the Node hook and every page module). */
export function sharedPages(): SharedPages {
  g.__invytaSharedPages ??= new SharedPages(Date.now, SHARED_PAGE_TTL_MS);
  return g.__invytaSharedPages;
}

/** As long as signed-out event data and discover's cards are kept (ANONYMOUS_TTL_MS in lib/events/access.ts, the catalog's docTtlMs; checked by a unit test). */
export const SHARED_PAGE_TTL_MS = 10_000;
