import { clsx, type ClassValue } from "clsx";
import { extendTailwindMerge } from "tailwind-merge";

// tailwind-merge knows Tailwind's own scales; our design tokens (tailwind.config.ts) that it cannot
// tell apart by shape are named here so that, say, `rounded-card` then `rounded-pill` keeps the last.
const merge = extendTailwindMerge({
  extend: { theme: { radius: ["card", "control", "pill"], container: ["page"] } },
});

/** Joins class names, skipping falsy ones; of two conflicting Tailwind classes the later wins. */
export function cn(...parts: ClassValue[]): string {
  return merge(clsx(parts));
}

/** Joins element ids for aria-describedby and friends, skipping falsy ones (ids are not classes: no merging). */
export function idRefs(...ids: Array<string | false | null | undefined>): string {
  return ids.filter(Boolean).join(" ");
}
