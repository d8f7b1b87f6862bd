import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { cache, Suspense } from "react";
import { Gallery } from "@/components/media/gallery";
import { GallerySkeleton } from "@/components/media/gallery-skeleton";
import { UploadPanel } from "@/components/media/upload-panel";
import { buttonClass, LinkButton } from "@/components/ui/button";
import { Alert } from "@/components/ui/field";
import { currentUser, loginUrl } from "@/lib/auth/session";
import { Invalid, NotFound } from "@/lib/errors";
import { hasApprovedMedia, mediaArchivePath } from "@/lib/media/archive";
import { countByStatus, listMedia, mediaAccess, mediaLimits } from "@/lib/media/service";
import { mediaAccessViewOf, mediaItemViewOf } from "@/lib/media/views";

type Params = Promise<{ id: string }>;
type SearchParams = Promise<{ cursor?: string | string[] }>;


/** One lookup per request, shared by the metadata and the page; not visible → the 404 page. */
const loadAccess = cache(async (id: string) => {
  const viewer = await currentUser();
  try {
    return { viewer, access: await mediaAccess(id, viewer) };
  } catch (err) {
    if (err instanceof NotFound) notFound();
    throw err;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { access } = await loadAccess((await params).id);
  return { title: `Photos & videos · ${access.event.title}` };
}

type Loaded = Awaited<ReturnType<typeof loadAccess>>;

/** A page of the gallery (streamed after the page's heading and upload panel, behind a skeleton). */
async function GalleryPage({ access, viewer, cursor }: { access: Loaded["access"]; viewer: Loaded["viewer"]; cursor: string | undefined }) {
  const media = mediaAccessViewOf(access);
  const { id: eventId, path: eventPath } = media;
  // The host reviews waiting items on the moderation page; here they see what guests see.
  const page = (from: string | undefined) => listMedia(viewer, eventId, { limit: 60, cursor: from, status: media.isHost ? "approved" : undefined });
  // A stale or edited page link: the newest page, and say so, rather than an error page.
  const { list, badCursor } = await page(cursor).then(
    (list) => ({ list, badCursor: false }),
    async (err) => {
      if (!(err instanceof Invalid) || !cursor) throw err;
      return { list: await page(undefined), badCursor: true };
    },
  );
  const items = list.items.map((item) => mediaItemViewOf(item, { id: access.viewerId, isHost: media.isHost }));
  // Approved items are in every viewer's list: an empty first page means there are none (no query needed).
  const anyApproved = items.some((item) => item.status === "approved") || ((items.length > 0 || !!cursor) && (await hasApprovedMedia(access)));
  return (
    <>
      {badCursor ? (
        <Alert tone="info" className="mt-3">
          That page link is no longer valid, so these are the newest.
        </Alert>
      ) : null}
      {anyApproved ? (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          {/* A plain download: the browser saves the zip as it streams, with the session cookie. */}
          <a href={mediaArchivePath(eventId)} download className={buttonClass("secondary", "md")} data-testid="media-download-all">
            Download all<span className="sr-only"> photos and videos as a zip file</span>
          </a>
        </div>
      ) : null}
      <div className="mt-3">
        <Gallery items={items} emptyText={media.canUpload ? "Nothing here yet. Be the first to add a photo!" : "No photos or videos yet."} />
      </div>
      {list.next_cursor || cursor ? (
        <nav aria-label="Gallery pages" className="mt-6 flex flex-wrap gap-3">
          {cursor ? (
            <LinkButton href={`${eventPath}/media`} variant="secondary" size="sm">
              Newest
            </LinkButton>
          ) : null}
          {list.next_cursor ? (
            <LinkButton href={`${eventPath}/media?cursor=${encodeURIComponent(list.next_cursor)}`} variant="secondary" size="sm">
              Older
            </LinkButton>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

export default async function EventMediaPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { id } = await params;
  const { cursor: rawCursor } = await searchParams;
  const cursor = typeof rawCursor === "string" ? rawCursor : undefined;
  const { viewer, access } = await loadAccess(id);
  const media = mediaAccessViewOf(access);
  const { id: eventId, path: eventPath, canSeeApproved: mayView } = media;

  const counts = media.isHost ? await countByStatus(access.event._id) : null;

  return (
    <div className="mx-auto w-full max-w-5xl px-4 py-8 sm:py-12">
      <Link href={eventPath} className="inline-flex min-h-11 items-center text-sm font-medium text-brand underline-offset-4 hover:underline">
        <span aria-hidden="true">←&nbsp;</span>Event page
      </Link>
      <h1 className="mt-2 break-words text-2xl font-bold text-ink sm:text-3xl">
        Photos &amp; videos<span className="sr-only"> of</span>
        <span className="block text-lg font-medium text-ink-muted sm:text-xl">{media.title}</span>
      </h1>

      {counts ? (
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <p className="text-ink-muted">
            <span data-testid="media-pending-count" className="font-semibold text-ink">
              {counts.pending}
            </span>{" "}
            waiting for your review.
          </p>
          <LinkButton href={`${eventPath}/moderation`} variant={counts.pending > 0 ? "primary" : "secondary"} size="sm">
            Review uploads
          </LinkButton>
        </div>
      ) : null}

      <div className="mt-6">
        <UploadPanel
          eventId={eventId}
          canUpload={media.canUpload}
          isHost={media.isHost}
          signedIn={!!viewer}
          awaitingApproval={media.awaitingApproval}
          limits={mediaLimits()}
          signInHref={loginUrl(`${eventPath}/media`)}
        />
      </div>

      <section aria-labelledby="gallery-title" className="mt-8">
        <h2 id="gallery-title" className="text-lg font-semibold text-ink">
          Gallery
        </h2>
        {mayView ? (
          <Suspense key={cursor ?? ""} fallback={<div className="mt-3"><GallerySkeleton /></div>}>
            <GalleryPage access={access} viewer={viewer} cursor={cursor} />
          </Suspense>
        ) : (
          <p className="mt-3 text-ink-muted">Only the host and guests who are going can see this event&apos;s photos and videos.</p>
        )}
      </section>
    </div>
  );
}
