import type { AuthUser } from "@/lib/auth/service";
import { commentItemViewOf } from "@/lib/events/comment-views";
import type { EventView } from "@/lib/events/access";
import { listCommentsOf } from "@/lib/events/comments";
import type { EventPageView } from "@/lib/events/views";
import { CommentThread } from "./comment-thread";

/**
 * Comments, for whoever may see the guest list (the host, guests going or maybe): the newest page,
 * read here on the server from the event the page loaded, then the thread takes over (posting, deleting, older pages).
 */
export async function CommentsSection({ event, loaded, viewer }: { event: EventPageView; loaded: EventView; viewer: AuthUser | null }) {
  if (!viewer || !event.seesGuests) return null;
  const page = await listCommentsOf(loaded, viewer);
  return (
    <section id="comments" aria-labelledby="comments-title" className="mt-8 scroll-mt-4">
      <h2 id="comments-title" className="text-lg font-semibold text-ink">
        Comments
      </h2>
      <CommentThread eventId={event.id} hostId={event.hostId} initial={page.comments.map(commentItemViewOf)} nextCursor={page.next_cursor} />
    </section>
  );
}
