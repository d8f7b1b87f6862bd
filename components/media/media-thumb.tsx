import type { MediaItemView } from "@/lib/media/views";
import { describeMedia } from "./format";

/** An item awaiting review, seen at a glance: a video plays in place, a photo shows its preview. Shared by an event's queue and the host's inbox. */
export function MediaThumb({ item }: { item: MediaItemView }) {
  const name = describeMedia(item);
  return (
    <div className="aspect-video w-full overflow-hidden rounded-control bg-surface-sunken">
      {item.kind === "video" ? (
        <video src={item.url} controls preload="metadata" playsInline className="h-full w-full bg-black" aria-label={name} />
      ) : item.previewUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- served by our API with the session cookie
        <img src={item.previewUrl} alt={name} loading="lazy" decoding="async" className="h-full w-full object-contain" />
      ) : (
        <span className="flex h-full items-center justify-center p-2 text-center text-sm text-ink-muted">No preview for this format</span>
      )}
    </div>
  );
}
