import type { ReactNode } from "react";
import { cn } from "./cn";

/** A grey block where content is coming; it pulses unless the person asked for less motion. */
export function SkeletonBlock({ className }: { className?: string }) {
  return <div aria-hidden="true" className={cn("rounded-control bg-surface-sunken motion-safe:animate-pulse", className)} />;
}

/**
 * A region that is loading: screen readers hear `label` once (a polite status), and the blocks
 * inside are hidden from them.
 */
export function Skeleton({ label, testId, children, className }: { label: string; testId: string; children: ReactNode; className?: string }) {
  return (
    <div aria-busy="true" data-testid={testId} className={className}>
      <p role="status" className="sr-only">
        {label}
      </p>
      {children}
    </div>
  );
}
