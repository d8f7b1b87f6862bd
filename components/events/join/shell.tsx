import type { ReactNode } from "react";

/** The join page's one narrow column. */
export function JoinShell({ children }: { children: ReactNode }) {
  return <div className="mx-auto w-full max-w-lg px-4 py-6 sm:py-12">{children}</div>;
}

/** Too many invite links opened from this address: the join page says when to try again. */
export function TooManyAttempts({ seconds }: { seconds: number }) {
  return (
    <JoinShell>
      <div className="rounded-card border border-surface-border bg-surface p-6 text-center shadow-sm">
        <h1 className="text-2xl font-bold text-ink">Too many attempts</h1>
        <p className="mt-3 text-ink-muted">
          Too many invite links were opened from your connection just now. Try again in {seconds} {seconds === 1 ? "second" : "seconds"}.
        </p>
      </div>
    </JoinShell>
  );
}
