import { Container } from "@/components/ui/container";

/** Placeholder blocks shaped like the dashboard while it loads. */
export default function EventsLoading() {
  return (
    <Container className="py-8 sm:py-12">
      <div role="status" aria-live="polite" className="animate-pulse motion-reduce:animate-none">
        <span className="sr-only">Loading events…</span>
        <div aria-hidden="true">
          <div className="flex flex-wrap items-center justify-between gap-4">
            <div className="h-8 w-40 rounded-control bg-surface-border" />
            <div className="h-11 w-36 rounded-control bg-surface-border" />
          </div>
          <div className="mt-10 h-6 w-56 rounded-control bg-surface-border" />
          <div className="mt-4 grid gap-4 md:grid-cols-2">
            {[0, 1, 2, 3].map((i) => (
              <div key={i} className="flex flex-col gap-3 rounded-card border border-surface-border bg-surface p-5">
                <div className="h-5 w-24 rounded-pill bg-surface-border" />
                <div className="h-6 w-3/4 rounded-control bg-surface-border" />
                <div className="h-4 w-2/3 rounded-control bg-surface-border" />
                <div className="h-8 w-1/2 rounded-control bg-surface-border" />
              </div>
            ))}
          </div>
        </div>
      </div>
    </Container>
  );
}
