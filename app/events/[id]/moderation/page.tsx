import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { ModerationQueue } from "@/components/media/moderation-queue";
import { cn } from "@/components/ui/cn";
import { requireUser } from "@/lib/auth/session";
import { getHostedEvent } from "@/lib/events/access";
import { eventRefOf } from "@/lib/events/views";
import { countByStatus, listMedia } from "@/lib/media/service";
import { mediaItemViewOf, type MediaStatus } from "@/lib/media/views";
import { orNotFound } from "@/lib/http/pages";

export const metadata: Metadata = { title: "Review photos and videos" };

type Params = Promise<{ id: string }>;
type SearchParams = Promise<{ status?: string | string[] }>;

const TABS: { status: MediaStatus; label: string }[] = [
  { status: "pending", label: "Waiting" },
  { status: "approved", label: "Approved" },
  { status: "rejected", label: "Rejected" },
];

const EMPTY: Record<MediaStatus, string> = {
  pending: "Nothing is waiting for review. New uploads from guests appear here.",
  approved: "Nothing approved yet.",
  rejected: "Nothing rejected.",
};

export default async function ModerationPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { id } = await params;
  const { status: rawStatus } = await searchParams;
  const showing: MediaStatus = rawStatus === "approved" || rawStatus === "rejected" ? rawStatus : "pending";
  const user = await requireUser(`/events/${encodeURIComponent(id)}/moderation`);
  const { event: doc } = await orNotFound(getHostedEvent(id, user));
  const event = eventRefOf(doc);
  const [counts, list] = await Promise.all([countByStatus(doc._id), listMedia(user, event.id, { status: showing, limit: 200 })]);
  const items = list.items.map((item) => mediaItemViewOf(item, { id: user.id, isHost: true }));

  return (
    <div className="mx-auto w-full max-w-5xl px-4 py-8 sm:py-12">
      <div className="flex flex-wrap gap-x-6">
        <Link href={event.path} className="inline-flex min-h-11 items-center text-sm font-medium text-brand underline-offset-4 hover:underline">
          <span aria-hidden="true">←&nbsp;</span>Event page
        </Link>
        <Link href={`${event.path}/media`} className="inline-flex min-h-11 items-center text-sm font-medium text-brand underline-offset-4 hover:underline">
          Gallery
        </Link>
      </div>
      <h1 className="mt-2 break-words text-2xl font-bold text-ink sm:text-3xl">
        Review photos &amp; videos
        <span className="block text-lg font-medium text-ink-muted sm:text-xl">{event.title}</span>
      </h1>
      <p className="mt-2 max-w-prose text-ink-muted">Guests see a photo or video only after you approve it. Rejected items stay hidden; their uploader can still see them.</p>

      <nav aria-label="Review lists" className="mt-6">
        <ul className="flex flex-wrap gap-2">
          {TABS.map((tab) => {
            const current = tab.status === showing;
            return (
              <li key={tab.status}>
                <Link
                  href={`${event.path}/moderation${tab.status === "pending" ? "" : `?status=${tab.status}`}`}
                  aria-current={current ? "page" : undefined}
                  className={cn(
                    "inline-flex min-h-11 items-center gap-2 rounded-pill border px-4 text-sm font-medium",
                    current ? "border-brand bg-brand text-white" : "border-surface-border bg-surface text-ink hover:bg-surface-sunken",
                  )}
                >
                  {tab.label}
                  <span data-testid={`media-count-${tab.status}`} className={cn("rounded-pill px-2 text-xs font-semibold", current ? "bg-white/20" : "bg-surface-sunken")}>
                    {counts[tab.status]}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      <section aria-labelledby="queue-title" className="mt-6">
        <h2 id="queue-title" className="sr-only">
          {TABS.find((t) => t.status === showing)!.label}
        </h2>
        {items.length === 0 ? <p className="rounded-card border border-dashed border-surface-border bg-surface p-6 text-center text-ink-muted">{EMPTY[showing]}</p> : null}
        <ModerationQueue key={showing} eventId={event.id} items={items} showing={showing} />
      </section>
    </div>
  );
}
