import type { ReactNode } from "react";
import { cn } from "./cn";

export type BadgeTone = "neutral" | "brand" | "success" | "warning" | "danger";

const TONES: Record<BadgeTone, string> = {
  neutral: "border-surface-border bg-surface-sunken text-ink-muted",
  brand: "border-brand-soft bg-brand-soft text-brand-ink",
  success: "border-success/30 bg-success-soft text-success",
  warning: "border-warning/30 bg-warning-soft text-warning",
  danger: "border-danger/30 bg-danger-soft text-danger",
};

/** A small label. Always text: status is never told by color alone. */
export function Badge({ tone = "neutral", children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={cn("inline-flex items-center rounded-pill border px-2.5 py-0.5 text-xs font-semibold", TONES[tone])}>{children}</span>;
}
