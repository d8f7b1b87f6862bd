import { RequestsPanel } from "@/components/events/requests-panel";
import { PageLinks } from "@/components/ui/page-links";
import type { ManagePageView, RequestRowView } from "@/lib/events/views";
import { sectionClass } from "./section-class";

/** Join requests waiting for the host: shown for a private event, or while any wait. `next`/`first` page the list. */
export function RequestsSection({ event, requests, next, first }: { event: ManagePageView; requests: RequestRowView[]; next: string | null; first: string | null }) {
  const { pending } = event.counts;
  if (!event.isPrivate && pending === 0 && requests.length === 0) return null;
  return (
    <section aria-labelledby="requests-title" className={`mt-8 ${sectionClass}`}>
      <h2 id="requests-title" className="text-lg font-semibold text-ink">
        Join requests <span className="font-normal text-ink-muted">({pending})</span>
      </h2>
      <div className="mt-3">
        <RequestsPanel eventId={event.id} total={pending} requests={requests} />
      </div>
      <PageLinks what="join requests" next={next} first={first} />
    </section>
  );
}
