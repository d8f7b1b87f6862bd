import type { MediaItemView, MediaStatus } from "@/lib/media/views";

// How the media widgets word an item: its status, its size, its alternative text.

export const MEDIA_STATUS_LABELS: Record<MediaStatus, string> = {
  pending: "Waiting for approval",
  approved: "Approved",
  rejected: "Not approved",
};

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Alternative text: what it is and who added it (the file name says little to a listener). */
export function describeMedia(item: Pick<MediaItemView, "kind" | "uploaderName" | "filename">): string {
  const what = item.kind === "video" ? "Video" : "Photo";
  return item.uploaderName ? `${what} by ${item.uploaderName}` : `${what} ${item.filename}`;
}
