import { Link } from "@/components/ui/link";
import { Gallery } from "@/components/media/gallery";
import { UploadPanel } from "@/components/media/upload-panel";
import { loginUrl } from "@/lib/auth/session";
import type { EventPageView } from "@/lib/events/views";
import type { MediaPreviewView } from "@/lib/media/views";
import { textLink } from "@/components/ui/text-link";

const linkClass = textLink;

/** The newest photos and videos, a link to all of them (and, for the host, to those waiting), and the uploader. */
export function MediaSection({
  event,
  media,
  signedIn,
  limits,
}: {
  event: EventPageView;
  media: MediaPreviewView;
  signedIn: boolean;
  limits: { image: number; video: number };
}) {
  return (
    <section aria-labelledby="media-title" className="mt-8">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="media-title" className="text-lg font-semibold text-ink">
          Photos &amp; videos
        </h2>
        {media.canSeeApproved ? (
          <Link href={`${event.path}/media`} className={`inline-flex min-h-11 items-center ${linkClass}`}>
            {media.more ? "See all photos and videos" : "Open the gallery"}
          </Link>
        ) : null}
      </div>
      {media.pending > 0 ? (
        <p className="mt-1 text-ink-muted">
          {media.pending} waiting for your review.{" "}
          <Link href={`${event.path}/moderation`} className={linkClass}>
            Review uploads
          </Link>
        </p>
      ) : null}
      <div className="mt-3">
        {media.canSeeApproved ? (
          <Gallery items={media.items} emptyText={media.canUpload ? "Nothing here yet. Be the first to add a photo!" : "No photos or videos yet."} />
        ) : (
          <p className="text-ink-muted">Only the host and guests who are going can see this event&apos;s photos and videos.</p>
        )}
      </div>
      <div className="mt-4">
        <UploadPanel
          eventId={event.id}
          canUpload={media.canUpload}
          isHost={event.isHost}
          signedIn={signedIn}
          awaitingApproval={event.status === "pending"}
          limits={limits}
          signInHref={loginUrl(event.path)}
          headingLevel={3}
        />
      </div>
    </section>
  );
}
