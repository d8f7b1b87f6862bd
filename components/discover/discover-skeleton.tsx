import { Skeleton, SkeletonBlock } from "@/components/ui/skeleton";

function CardSkeleton() {
  return (
    <div className="flex flex-col gap-3 rounded-card border border-surface-border bg-surface p-4 sm:p-5">
      <SkeletonBlock className="h-5 w-16" />
      <SkeletonBlock className="h-6 w-3/4" />
      <SkeletonBlock className="h-4 w-2/3" />
      <SkeletonBlock className="h-4 w-1/2" />
    </div>
  );
}

/** What /discover shows while its events load: the filter box and a grid of card shapes. */
export function DiscoverSkeleton() {
  return (
    <Skeleton label="Loading events…" testId="discover-skeleton" className="mt-10">
      <SkeletonBlock className="h-7 w-56" />
      <SkeletonBlock className="mt-4 h-32 w-full rounded-card" />
      <ul aria-hidden="true" className="mt-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {Array.from({ length: 6 }, (_, i) => (
          <li key={i}>
            <CardSkeleton />
          </li>
        ))}
      </ul>
    </Skeleton>
  );
}
