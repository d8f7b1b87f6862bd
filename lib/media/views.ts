import type { MediaStatus } from "@/lib/db/types";
import { eventRefOf, type EventRefView } from "@/lib/events/views";
import type { MediaAccess, MediaItem, MediaPreview } from "./service";

// What the media widgets get: plain, serializable data (ids as strings, times as ISO, URLs ready).

export type { MediaStatus };

export type MediaItemView = {
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

export function mediaItemViewOf(item: MediaItem, viewer: { id: string | null; isHost: boolean }): MediaItemView {
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
    canDelete: mine || viewer.isHost,
    url: base,
    previewUrl: item.has_preview ? `${base}/preview` : null,
  };
}

/** What a viewer may do with an event's media, and the event's id and title. */
export type MediaAccessView = EventRefView & {
  isHost: boolean;
  canSeeApproved: boolean;
  canUpload: boolean;
  /** Asked to join a private event; the host has not answered yet. */
  awaitingApproval: boolean;
};

export function mediaAccessViewOf(access: MediaAccess): MediaAccessView {
  return {
    ...eventRefOf(access.event),
    isHost: access.isHost,
    canSeeApproved: access.canSeeApproved,
    canUpload: access.canUpload,
    awaitingApproval: access.membership?.status === "pending",
  };
}

/** The event page's photos and videos: the newest few, whether there are more, and (for the host) how many wait. */
export type MediaPreviewView = MediaAccessView & { items: MediaItemView[]; more: boolean; pending: number };

export function mediaPreviewViewOf(access: MediaAccess, preview: MediaPreview): MediaPreviewView {
  const viewer = { id: access.viewerId, isHost: access.isHost };
  return { ...mediaAccessViewOf(access), items: preview.items.map((item) => mediaItemViewOf(item, viewer)), more: preview.more, pending: preview.pending };
}
