import { Container } from "@/components/ui/container";

/** Placeholder blocks shaped like an event page while it loads. */
export default function EventLoading() {
  return (
    <Container className="py-8 sm:py-12">
      <div role="status" aria-live="polite" className="mx-auto max-w-3xl animate-pulse motion-reduce:animate-none">
        <span className="sr-only">Loading the event…</span>
        <div aria-hidden="true" className="flex flex-col gap-4">
          <div className="h-5 w-32 rounded-pill bg-surface-border" />
          <div className="h-9 w-4/5 rounded-control bg-surface-border" />
          <div className="h-5 w-2/3 rounded-control bg-surface-border" />
          <div className="h-5 w-1/2 rounded-control bg-surface-border" />
          <div className="mt-4 h-40 rounded-card border border-surface-border bg-surface" />
          <div className="h-28 rounded-card border border-surface-border bg-surface" />
        </div>
      </div>
    </Container>
  );
}
