import { LinkifiedText } from "@/components/events/linkified-text";
import { LocalDate } from "@/components/events/local-time";
import type { AuthUser } from "@/lib/auth/service";
import type { EventView } from "@/lib/events/access";
import { listAnnouncementsOf } from "@/lib/events/announcements";
import type { EventPageView } from "@/lib/events/views";
import { AnnouncementForm } from "./announcement-form";

const AUDIENCE_LABELS = { everyone: "Everyone", going: "Going", maybe: "Maybe", waitlist: "Waitlist", pending: "Awaiting approval" } as const;

/**
 * The host's updates, newest first, to the guests they were for (the host sees all of them, with
 * the form to post another). Nothing for anyone else.
 */
export async function AnnouncementsSection({ event, loaded, viewer }: { event: EventPageView; loaded: EventView; viewer: AuthUser | null }) {
  if (!viewer) return null;
  const { announcements } = await listAnnouncementsOf(loaded, { limit: 10 });
  if (announcements.length === 0 && !event.isHost) return null;
  return (
    <section aria-labelledby="announcements-title" className="mt-8">
      <h2 id="announcements-title" className="text-lg font-semibold text-ink">
        Announcements
      </h2>
      {event.isHost ? (
        <details className="group mt-2">
          <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-brand underline-offset-4 hover:underline">
            Post an announcement
          </summary>
          <AnnouncementForm eventId={event.id} />
        </details>
      ) : null}
      {announcements.length === 0 ? (
        <p className="mt-1 text-ink-muted">No announcements yet. Post one to tell your guests what changed; it is emailed to them too.</p>
      ) : (
        <ol className="mt-3 flex flex-col gap-3" aria-label="Announcements, newest first">
          {announcements.map((a) => (
            <li key={a.announcement_id} className="rounded-card border border-surface-border bg-surface p-4" data-testid="announcement">
              <p className="whitespace-pre-line break-words text-ink">
                <LinkifiedText text={a.body} />
              </p>
              <p className="mt-2 text-sm text-ink-muted">
                {a.author_name ?? "The host"} · <LocalDate iso={a.created_at.toISOString()} />
                {event.isHost ? ` · to ${AUDIENCE_LABELS[a.audience]}` : null}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
