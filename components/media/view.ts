import type { MediaStatus } from "@/lib/db/types";
import type { MediaItem } from "@/lib/media/service";

// What the media widgets show: plain, serializable data (ids as strings, times as ISO, URLs ready).

export type MediaView = {
  id: string;
  eventId: string;
  status: MediaStatus;
  kind: "image" | "video";
  contentType: string;
  filename: string;
  size: number;
  width: number | null;
  height: number | null;
  uploadedAt: string;
  uploaderName: string | null;
  /** The viewer uploaded it. */
  mine: boolean;
  /** The viewer may delete it (the host or the uploader). */
  canDelete: boolean;
  url: string;
  previewUrl: string | null;
};

export function mediaViewOf(item: MediaItem, viewer: { id: string | null; isOwner: boolean }): MediaView {
  const base = `/api/v1/events/${item.event_id}/media/${item.file_id}`;
  const mine = !!viewer.id && viewer.id === item.uploader_id;
  return {
    id: item.file_id,
    eventId: item.event_id,
    status: item.status,
    kind: item.kind,
    contentType: item.content_type,
    filename: item.filename,
    size: item.size,
    width: item.width,
    height: item.height,
    uploadedAt: item.uploaded_at.toISOString(),
    uploaderName: item.uploader_username,
    mine,
    canDelete: mine || viewer.isOwner,
    url: base,
    previewUrl: item.has_preview ? `${base}/preview` : null,
  };
}

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
export function describeMedia(item: Pick<MediaView, "kind" | "uploaderName" | "filename">): string {
  const what = item.kind === "video" ? "Video" : "Photo";
  return item.uploaderName ? `${what} by ${item.uploaderName}` : `${what} ${item.filename}`;
}
