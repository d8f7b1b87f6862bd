import type { AuthUser } from "@/lib/auth/service";
import { commentItemViewOf } from "@/lib/events/comment-views";
import { listComments } from "@/lib/events/comments";
import type { EventPageView } from "@/lib/events/views";
import { CommentThread } from "./comment-thread";

/**
 * Comments, for whoever may see the guest list (the host, guests going or maybe): the newest page,
 * read here on the server, then the thread takes over (posting, deleting, older pages).
 */
export async function CommentsSection({ event, viewer }: { event: EventPageView; viewer: AuthUser | null }) {
  if (!viewer || !event.seesGuests) return null;
  const page = await listComments(viewer, event.id);
  return (
    <section id="comments" aria-labelledby="comments-title" className="mt-8 scroll-mt-4">
      <h2 id="comments-title" className="text-lg font-semibold text-ink">
        Comments
      </h2>
      <CommentThread eventId={event.id} hostId={event.hostId} initial={page.comments.map(commentItemViewOf)} nextCursor={page.next_cursor} />
    </section>
  );
}
