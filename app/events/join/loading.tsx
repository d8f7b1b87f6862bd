/** The invitation card's shape while the link is checked (this page is opened cold, from a QR code). */
export default function JoinLoading() {
  return (
    <div className="mx-auto w-full max-w-lg px-4 py-6 sm:py-12">
      <div role="status" aria-live="polite" className="animate-pulse overflow-hidden rounded-card border border-surface-border bg-surface motion-reduce:animate-none">
        <span className="sr-only">Opening your invitation…</span>
        <div aria-hidden="true">
          <div className="h-11 bg-brand/80" />
          <div className="flex flex-col gap-4 p-5">
            <div className="h-5 w-20 rounded-pill bg-surface-border" />
            <div className="h-8 w-4/5 rounded-control bg-surface-border" />
            <div className="h-5 w-2/3 rounded-control bg-surface-border" />
            <div className="h-5 w-1/2 rounded-control bg-surface-border" />
            <div className="mt-4 h-14 rounded-control bg-surface-border" />
          </div>
        </div>
      </div>
    </div>
  );
}
