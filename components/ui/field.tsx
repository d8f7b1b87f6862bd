import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";
import { LengthCounter } from "./length-counter";

type FieldProps = ComponentProps<"input"> & {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  /** A length limit shown as "n / max" beside the hint (the field's current value and its limit). */
  counter?: { value: string; max: number };
};

/**
 * Label, input, hint, counter and error wired together: the error is announced with the field
 * (aria-describedby) and marks it invalid.
 */
export function Field({ id, label, error, hint, counter, className, ...input }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const counterId = counter ? `${id}-count` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, counterId, errorId].filter(Boolean).join(" ") || undefined}
        className={cn(
          "min-h-11 w-full rounded-control border bg-surface px-3 text-base text-ink placeholder:text-ink-subtle",
          error ? "border-danger" : "border-surface-border",
        )}
        {...input}
      />
      {hint || counter ? (
        <div className="flex items-start justify-between gap-3">
          {hint ? (
            <p id={hintId} className="min-w-0 text-sm text-ink-muted">
              {hint}
            </p>
          ) : null}
          {counter ? <LengthCounter id={counterId!} value={counter.value} max={counter.max} className="ml-auto" /> : null}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm font-medium text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type AlertProps = { tone?: "error" | "success" | "info"; children: ReactNode; className?: string };

/** A form-level message. Errors use role=alert so screen readers announce them at once. */
export function Alert({ tone = "error", children, className }: AlertProps) {
  const tones = {
    error: "border-danger bg-danger-soft text-danger",
    success: "border-success bg-success-soft text-success",
    info: "border-brand bg-brand-soft text-brand-ink",
  };
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cn("rounded-control border px-4 py-3 text-sm", tones[tone], className)}>
      {children}
    </div>
  );
}
