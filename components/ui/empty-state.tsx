import type { ReactNode } from "react";

/** An empty list that says what to do about it. */
export function EmptyState({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-start gap-3 rounded-card border border-dashed border-surface-border bg-surface p-5 text-ink-muted">
      <p>{children}</p>
      {action}
    </div>
  );
}
