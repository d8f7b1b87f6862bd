import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { InboxQueue, type InboxEntry } from "@/components/inbox/inbox-queue";
import { cn } from "@/components/ui/cn";
import { requireUser } from "@/lib/auth/session";
import { inboxQuerySchema, type InboxQuery } from "@/lib/inbox/schema";
import { getInbox } from "@/lib/inbox/service";
import { orNotFound } from "@/lib/http/pages";
import { mediaItemViewOf } from "@/lib/media/views";

export const metadata: Metadata = { title: "Inbox" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const KINDS: { kind: InboxQuery["kind"]; label: string }[] = [
  { kind: undefined, label: "Everything" },
  { kind: "requests", label: "Join requests" },
  { kind: "media", label: "Photos & videos" },
];

/** The page's query, with anything malformed left out (a stale or hand-edited link still shows the inbox). */
function queryOf(params: Record<string, string | string[] | undefined>): InboxQuery {
  const query: InboxQuery = {};
  for (const key of ["kind", "event_id", "requests_cursor", "media_cursor"] as const) {
    const raw = params[key];
    const parsed = inboxQuerySchema.shape[key].safeParse(Array.isArray(raw) ? raw[0] : raw);
    if (parsed.success && parsed.data !== undefined) Object.assign(query, { [key]: parsed.data });
  }
  return query;
}

function hrefOf(query: InboxQuery): string {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === "string"));
  const search = params.toString();
  return search ? `/inbox?${search}` : "/inbox";
}

function countText(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

export default async function InboxPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("/inbox");
  const query = queryOf(await searchParams);
  const inbox = await orNotFound(getInbox(user, query));

  // One queue, newest first: requests by when they were asked, media by when it was added.
  const entries: InboxEntry[] = [
    ...inbox.requests.map((r): InboxEntry => ({
      key: `request:${r.event_id}:${r.user_id}`,
      kind: "request",
      eventId: r.event_id,
      eventTitle: r.event_title,
      at: r.joined_at.toISOString(),
      request: { user_id: r.user_id, display_name: r.display_name, username: r.username, email: r.email, joined_at: r.joined_at.toISOString() },
    })),
    ...inbox.media.map((m): InboxEntry => ({
      key: `media:${m.event_id}:${m.file_id}`,
      kind: "media",
      eventId: m.event_id,
      eventTitle: m.event_title,
      at: m.uploaded_at.toISOString(),
      media: mediaItemViewOf(m, { id: user.id, isHost: true }),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const older = inbox.next_cursors.requests || inbox.next_cursors.media;
  const paged = !!(query.requests_cursor || query.media_cursor);
  const filters = { kind: query.kind, event_id: query.event_id };

  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-8 sm:py-12">
      <h1 className="text-2xl font-bold text-ink sm:text-3xl">Inbox</h1>
      <p className="mt-2 text-ink-muted" data-testid="inbox-summary">
        {inbox.counts.requests + inbox.counts.media === 0
          ? "Nothing waiting on you."
          : `${countText(inbox.counts.requests, "join request", "join requests")} and ${countText(inbox.counts.media, "photo or video", "photos and videos")} waiting${query.event_id ? " for this event" : " across your events"}.`}
      </p>

      <div className="mt-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <nav aria-label="What to show">
          <ul className="flex flex-wrap gap-2">
            {KINDS.map(({ kind, label }) => {
              const current = query.kind === kind;
              return (
                <li key={label}>
                  <Link
                    href={hrefOf({ ...filters, kind })}
                    aria-current={current ? "page" : undefined}
                    className={cn(
                      "inline-flex min-h-11 items-center rounded-pill border px-4 text-sm font-medium",
                      current ? "border-brand bg-brand text-white" : "border-surface-border bg-surface text-ink hover:bg-surface-sunken",
                    )}
                  >
                    {label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        {inbox.events.length > 0 || query.event_id ? (
          <form action="/inbox" className="flex flex-wrap items-end gap-2">
            {query.kind ? <input type="hidden" name="kind" value={query.kind} /> : null}
            <label className="flex flex-col gap-1 text-sm font-medium text-ink">
              Event
              <select name="event_id" defaultValue={query.event_id ?? ""} className="min-h-11 max-w-[16rem] rounded-control border border-surface-border bg-surface px-3 text-base">
                <option value="">All events</option>
                {inbox.events.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.title} ({e.requests + e.media})
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="min-h-11 rounded-control border border-surface-border bg-surface px-4 text-sm font-medium text-ink hover:bg-surface-sunken">
              Show
            </button>
          </form>
        ) : null}
      </div>

      <section aria-label="Waiting items" className="mt-6">
        <InboxQueue key={hrefOf(query)} entries={entries} />
      </section>

      {older || paged ? (
        <nav aria-label="More of the inbox" className="mt-6 flex flex-wrap gap-4">
          {paged ? (
            <Link href={hrefOf(filters)} className="inline-flex min-h-11 items-center text-sm font-medium text-brand underline-offset-4 hover:underline">
              Newest
            </Link>
          ) : null}
          {older ? (
            <Link
              href={hrefOf({ ...filters, requests_cursor: inbox.next_cursors.requests ?? undefined, media_cursor: inbox.next_cursors.media ?? undefined })}
              className="inline-flex min-h-11 items-center text-sm font-medium text-brand underline-offset-4 hover:underline"
            >
              Older items
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
