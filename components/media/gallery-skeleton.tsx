import { Skeleton, SkeletonBlock } from "@/components/ui/skeleton";

/** The gallery's tiles while its photos and videos load. */
export function GallerySkeleton() {
  return (
    <Skeleton label="Loading photos and videos…" testId="gallery-skeleton">
      <ul aria-hidden="true" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
        {Array.from({ length: 8 }, (_, i) => (
          <li key={i}>
            <SkeletonBlock className="aspect-square w-full rounded-card" />
          </li>
        ))}
      </ul>
    </Skeleton>
  );
}
