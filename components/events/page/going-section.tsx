import { Link } from "@/components/ui/link";
import type { EventPageView, GuestFaceView } from "@/lib/events/views";
import { Avatar } from "@/components/ui/avatar";
import { textLink } from "@/components/ui/text-link";


/**
 * Who is going: the first faces (kept in the event document, so this costs no query) and the
 * counts; the full, paginated list is on the Manage page for the host.
 */
export function GoingSection({ event, faces }: { event: EventPageView; faces: GuestFaceView[] }) {
  const { attending, maybe } = event.counts;
  const manageHref = event.isHost ? `${event.path}/manage#guests-title` : null;
  const emptyHint = attending + maybe === 0 ? `No one has answered yet.${event.isHost ? " Share the invite link from the Manage page." : ""}` : null;
  const more = Math.max(0, attending - faces.length);
  return (
    <section aria-labelledby="guests-title" className="mt-8">
      <h2 id="guests-title" className="text-lg font-semibold text-ink">
        Guest list
      </h2>
      <p className="mt-1 text-ink-muted">
        {attending.toLocaleString("en-US")} going{maybe > 0 ? ` · ${maybe.toLocaleString("en-US")} maybe` : ""}
      </p>
      {faces.length === 0 ? (
        emptyHint ? <p className="mt-2 text-ink-muted">{emptyHint}</p> : null
      ) : (
        <ul className="mt-3 flex flex-wrap gap-3">
          {faces.map((face) => (
            <li key={face.userId}>
              <Link
                href={`/users/${face.userId}`}
                className="flex min-h-11 items-center gap-2 rounded-full border border-surface-border bg-surface py-1 pl-1 pr-3 text-sm text-ink hover:border-brand"
              >
                <Avatar name={face.name} src={face.image} />
                <span className="max-w-[10rem] truncate">{face.name ?? "A new member"}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {more > 0 ? (
        <p className="mt-3 text-ink-muted">
          {`And ${more.toLocaleString("en-US")} more ${more === 1 ? "guest" : "guests"}.`}
          {manageHref ? (
            <>
              {" "}
              <Link href={manageHref} className={textLink}>
                See everyone on the Manage page
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}
