import { Link } from "@/components/ui/link";
import { textLink } from "@/components/ui/text-link";

/**
 * Paging under a long server-rendered list: "Show more" opens the next page (plain links, so they
 * work without JavaScript and from the keyboard) and, past the first page, a way back to it.
 * `what` finishes the links' accessible names ("Show more guests").
 */
export function PageLinks({ next, first, what }: { next: string | null; first: string | null; what: string }) {
  if (!next && !first) return null;
  return (
    <nav aria-label={`More ${what}`} className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2">
      {next ? (
        <Link
          href={next}
          className="inline-flex min-h-11 items-center justify-center rounded-control border border-surface-border bg-surface px-4 font-medium text-ink hover:bg-surface-sunken"
        >
          Show more<span className="sr-only"> {what}</span>
        </Link>
      ) : null}
      {first ? (
        <Link href={first} className={textLink}>
          Back to the first page<span className="sr-only"> of {what}</span>
        </Link>
      ) : null}
    </nav>
  );
}
