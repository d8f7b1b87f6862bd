import type { CoverView } from "@/lib/events/views";

/**
 * The host's cover photo in the sizes the server cut (lib/media/pictures.ts: 800 and 1600 px wide,
 * 2:1), the browser choosing by `sizes`. Decorative: the title beside it says what the event is.
 */
export function CoverImage({ cover, sizes, className, testId, style }: { cover: NonNullable<CoverView>; sizes: string; className: string; testId: string; style?: React.CSSProperties }) {
  return (
    // eslint-disable-next-line @next/next/no-img-element -- sizes cut by the server, served by our own route
    <img
      src={cover.small}
      srcSet={`${cover.small} 800w, ${cover.wide} 1600w`}
      sizes={sizes}
      alt=""
      width={1600}
      height={800}
      fetchPriority="high"
      data-testid={testId}
      className={className}
      style={style}
    />
  );
}
