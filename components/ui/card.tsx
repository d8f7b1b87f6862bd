import type { ReactNode } from "react";
import { cn } from "./cn";

export function Card({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn("rounded-card border border-surface-border bg-surface p-6 shadow-sm", className)}>{children}</div>;
}

/** A narrow centered column with a heading: sign-in, sign-up and similar one-task pages. */
export function NarrowPage({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <div className="mx-auto w-full max-w-md px-4 py-10 sm:py-16">
      <h1 className="text-2xl font-bold text-ink">{title}</h1>
      {intro ? <div className="mt-2 text-ink-muted">{intro}</div> : null}
      <Card className="mt-6">{children}</Card>
    </div>
  );
}
