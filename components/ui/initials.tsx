/** A person's initials in a circle, standing in for a photo; decorative (the name is always beside it). */
export function Initials({ name, className = "h-9 w-9 text-xs" }: { name: string | null; className?: string }) {
  return (
    <span aria-hidden="true" className={`flex shrink-0 items-center justify-center rounded-full bg-brand-soft font-semibold text-brand-ink ${className}`}>
      {initialsOf(name)}
    </span>
  );
}

/** "Zoë Ortiz" → "ZO", "sam_rivera" → "SR", "kim" → "KI"; "?" without a name. */
export function initialsOf(name: string | null): string {
  const words = (name ?? "").trim().split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? [[...words[0]!][0], [...words[words.length - 1]!][0]] : [...(words[0] ?? "?")].slice(0, 2);
  return letters.join("").toUpperCase();
}
