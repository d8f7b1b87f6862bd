import { Link } from "@/components/ui/link";
import { LocalDate } from "@/components/events/local-time";
import { StatusBadge } from "@/components/events/status-badge";
import { PageLinks } from "@/components/ui/page-links";
import type { GuestRowView, ManagePageView } from "@/lib/events/views";
import { sectionClass } from "./section-class";

/** The guest list, a page at a time (`pagedOn`: past the first page), with the CSV export of all of it. */
export function GuestsSection({
  event,
  guests,
  pagedOn,
  next,
  first,
}: {
  event: ManagePageView;
  guests: GuestRowView[];
  pagedOn: boolean;
  next: string | null;
  first: string | null;
}) {
  return (
    <section aria-labelledby="guests-title" className={`mt-8 ${sectionClass}`}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="guests-title" className="text-lg font-semibold text-ink">
          Guest list <span className="font-normal text-ink-muted">({event.guestTotal})</span>
        </h2>
        {event.guestTotal > 0 || guests.length > 0 ? (
          <a
            href={`${event.path}/guests.csv`}
            download
            className="inline-flex min-h-9 items-center rounded-control border border-surface-border bg-surface px-3 text-sm font-medium text-ink hover:bg-surface-sunken"
          >
            Export CSV
          </a>
        ) : null}
      </div>
      {guests.length === 0 && pagedOn ? (
        <p className="mt-3 text-ink-muted">No more guests.</p>
      ) : guests.length === 0 ? (
        <p className="mt-3 text-ink-muted">
          No guests yet. Share the invite link or QR code{event.isPrivate ? ", then approve the requests that come in" : ""}.
        </p>
      ) : (
        <ul className="mt-3 divide-y divide-surface-border rounded-card border border-surface-border">
          {guests.map((g) => (
            <li key={g.userId} className="flex flex-col gap-1 p-4 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
              <div className="min-w-0">
                {g.username || g.displayName ? (
                  <Link href={`/users/${g.userId}`} className="break-words font-medium text-brand underline-offset-4 hover:underline">
                    {g.displayName ?? g.username}
                  </Link>
                ) : (
                  <span className="font-medium text-ink">New member</span>
                )}
                {g.guests ? <span className="ml-2 text-sm font-semibold text-ink">+{g.guests} {g.guests === 1 ? "guest" : "guests"}</span> : null}
                <p className="break-words text-sm text-ink-muted">
                  {g.displayName && g.username ? `@${g.username} · ` : ""}
                  {g.email ? `${g.email} · ` : ""}joined <LocalDate iso={g.joinedAt} />
                </p>
                {g.answers ? (
                  <dl className="mt-2 flex flex-col gap-1 text-sm">
                    {g.answers.map((a) => (
                      <div key={a.questionId} className="min-w-0">
                        <dt className="break-words font-medium text-ink-muted">{a.label}</dt>
                        <dd className="whitespace-pre-line break-words text-ink">{a.text}</dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
              </div>
              <div className="shrink-0">
                <StatusBadge status={g.status} />
              </div>
            </li>
          ))}
        </ul>
      )}
      <PageLinks what="guests" next={next} first={first} />
    </section>
  );
}
