import { textLength } from "@/lib/characters";
import { cn } from "./cn";

type LengthCounterProps = {
  /** The id the field names in its aria-describedby, so the count is read with the field. */
  id: string;
  value: string;
  max: number;
  /** Count without leading and trailing whitespace, as the field's schema stores it (default true). */
  trim?: boolean;
  className?: string;
};

/** Near the limit: the last fifth of it, at most 20 characters. */
const nearOf = (max: number) => Math.min(20, Math.ceil(max / 5));

/**
 * What a screen reader is told, in steps (near, half of that, the limit, past it) rather than per
 * key: the text changes, and so is spoken, only when a step is crossed.
 */
function announcement(left: number, max: number): string {
  const near = nearOf(max);
  if (left < 0) return "Over the character limit.";
  if (left === 0) return "Character limit reached.";
  if (left <= Math.ceil(near / 2)) return `${Math.ceil(near / 2)} or fewer characters left.`;
  if (left <= near) return `${near} or fewer characters left.`;
  return "";
}

/**
 * "n / max" beside a length-limited field, counted like the server counts (lib/characters.ts), so the
 * counter and the check never disagree. The visible count is not a live region (it would speak on
 * every key); a hidden polite one speaks only when the field nears, reaches or passes its limit.
 */
export function LengthCounter({ id, value, max, trim = true, className }: LengthCounterProps) {
  const used = textLength(value, { trim });
  return (
    <>
      <p id={id} className={cn("shrink-0 text-sm tabular-nums", used > max ? "font-medium text-danger" : "text-ink-muted", className)}>
        {used} / {max}
        <span className="sr-only"> characters</span>
      </p>
      <p aria-live="polite" className="sr-only">
        {announcement(max - used, max)}
      </p>
    </>
  );
}
