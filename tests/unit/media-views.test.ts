import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import type { AttendanceStatus, EventDoc } from "@/lib/db/types";
import type { MediaAccess, MediaItem } from "@/lib/media/service";
import { mediaAccessViewOf, mediaItemViewOf, mediaPreviewViewOf } from "@/lib/media/views";

const EVENT = "665f1c2e9b1d4a0012345678";
const UPLOADER = "665f1c2e9b1d4a00cccccccc";

const item = (over: Partial<MediaItem> = {}): MediaItem => ({
  file_id: "665f1c2e9b1d4a00dddddddd",
  event_id: EVENT,
  status: "approved",
  content_type: "image/jpeg",
  kind: "image",
  filename: "roof.jpg",
  size: 2048,
  width: 640,
  height: 480,
  uploaded_at: new Date("2030-06-01T21:00:00Z"),
  uploader_id: UPLOADER,
  uploader_username: "ann",
  has_preview: true,
  ...over,
});

function access(status: AttendanceStatus | null, over: Partial<MediaAccess> = {}): MediaAccess {
  const event = { _id: new ObjectId(EVENT), title: "Summer BBQ" } as EventDoc;
  const now = new Date();
  const membership = status ? { _id: `${EVENT}:${UPLOADER}`, event_id: event._id, user_id: new ObjectId(UPLOADER), status, created_at: now, updated_at: now } : null;
  return { event, membership, isOwner: false, isHost: false, viewerId: UPLOADER, canSeeApproved: true, canUpload: false, ...over };
}

describe("mediaItemViewOf", () => {
  it("gives the widgets ready URLs and an ISO upload time", () => {
    expect(mediaItemViewOf(item(), { id: null, isHost: false })).toEqual({
      id: "665f1c2e9b1d4a00dddddddd",
      eventId: EVENT,
      status: "approved",
      kind: "image",
      contentType: "image/jpeg",
      filename: "roof.jpg",
      size: 2048,
      width: 640,
      height: 480,
      uploadedAt: "2030-06-01T21:00:00.000Z",
      uploaderName: "ann",
      mine: false,
      canDelete: false,
      url: `/api/v1/events/${EVENT}/media/665f1c2e9b1d4a00dddddddd`,
      previewUrl: `/api/v1/events/${EVENT}/media/665f1c2e9b1d4a00dddddddd/preview`,
    });
    expect(mediaItemViewOf(item({ has_preview: false }), { id: null, isHost: false }).previewUrl).toBeNull();
  });

  it("lets the uploader and the host delete, nobody else", () => {
    expect(mediaItemViewOf(item(), { id: UPLOADER, isHost: false })).toMatchObject({ mine: true, canDelete: true });
    expect(mediaItemViewOf(item(), { id: "665f1c2e9b1d4a00eeeeeeee", isHost: true })).toMatchObject({ mine: false, canDelete: true });
    expect(mediaItemViewOf(item(), { id: "665f1c2e9b1d4a00eeeeeeee", isHost: false })).toMatchObject({ mine: false, canDelete: false });
  });
});

describe("mediaAccessViewOf and mediaPreviewViewOf", () => {
  it("name the event by string id and say when the viewer waits for approval", () => {
    expect(mediaAccessViewOf(access("pending", { canSeeApproved: false }))).toEqual({
      id: EVENT,
      path: `/events/${EVENT}`,
      title: "Summer BBQ",
      isHost: false,
      canSeeApproved: false,
      canUpload: false,
      awaitingApproval: true,
    });
    expect(mediaAccessViewOf(access("attending")).awaitingApproval).toBe(false);
    expect(mediaAccessViewOf(access(null)).awaitingApproval).toBe(false);
  });

  it("turns the event page's preview into item views for this viewer", () => {
    const view = mediaPreviewViewOf(access("attending", { canUpload: true }), { items: [item(), item({ file_id: "665f1c2e9b1d4a00ffffffff", uploader_id: "x" })], more: true, pending: 0 });
    expect(view).toMatchObject({ canUpload: true, more: true, pending: 0 });
    expect(view.items.map((i) => [i.id, i.mine])).toEqual([
      ["665f1c2e9b1d4a00dddddddd", true],
      ["665f1c2e9b1d4a00ffffffff", false],
    ]);
  });
});
