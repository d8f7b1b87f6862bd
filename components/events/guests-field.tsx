"use client";

import { cn, idRefs } from "@/components/ui/cn";

const people = (n: number) => `${n} extra ${n === 1 ? "person" : "people"}`;

/**
 * How many extra people (plus-ones) the guest brings: a list from "Just me" up to what the host
 * allows. A party above a limit the host has since lowered stays in the list, so it shows as it is.
 * Renders nothing when the event allows none and the guest brings none.
 */
export function GuestsField({
  id,
  max,
  value,
  onChange,
  error,
  disabled,
}: {
  id: string;
  max: number;
  value: number;
  onChange: (guests: number) => void;
  error?: string | null;
  disabled?: boolean;
}) {
  if (max <= 0 && value <= 0) return null;
  const choices = Array.from({ length: Math.max(max, value) + 1 }, (_, n) => n);
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-ink">
        Guests you bring
      </label>
      <select
        id={id}
        name="guests"
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(Number(e.target.value))}
        aria-invalid={error ? true : undefined}
        aria-describedby={idRefs(`${id}-hint`, error && `${id}-error`)}
        className={cn(
          "min-h-11 w-full rounded-control border bg-surface px-3 text-base text-ink sm:max-w-xs",
          error ? "border-danger" : "border-surface-border",
        )}
      >
        {choices.map((n) => (
          <option key={n} value={n}>
            {n === 0 ? "Just me" : `Me + ${n}`}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="text-sm text-ink-muted">
        {max > 0 ? `The host lets each guest bring up to ${people(max)}. Everyone takes a seat.` : "The host no longer takes plus-ones: you can keep yours or come alone."}
      </p>
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
