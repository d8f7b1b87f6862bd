import { LinkButton } from "@/components/ui/button";

/**
 * One page, with status 404, for every link that does not open an event: unknown event, wrong,
 * rotated, expired or used-up token. It says nothing about the event.
 */
export default function BrokenInviteLink() {
  return (
    <div className="mx-auto w-full max-w-lg px-4 py-6 sm:py-12">
      <div className="rounded-card border border-surface-border bg-surface p-6 text-center shadow-sm">
        <svg aria-hidden="true" viewBox="0 0 24 24" className="mx-auto h-12 w-12 text-ink-muted" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
          <path d="M9 17H7a5 5 0 0 1 0-10h2M15 7h2a5 5 0 0 1 1.9 9.6M8 12h3M4 4l16 16" />
        </svg>
        <h1 className="mt-3 text-2xl font-bold text-ink">{"This invite link doesn't work"}</h1>
        <p className="mt-3 text-ink-muted">
          It may be mistyped or cut off, or the host may have replaced it, set it to expire, or limited how many people can use it.
        </p>
        <p className="mt-3 text-ink">Ask the host to send you a new link.</p>
        <LinkButton href="/" variant="secondary" className="mt-6 w-full">
          Go to the home page
        </LinkButton>
      </div>
    </div>
  );
}
