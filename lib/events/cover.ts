import "server-only";
import type { AuthUser } from "@/lib/auth/service";
import { collections, type EventDoc } from "@/lib/db";
import { noteCatalogChange } from "@/lib/discover/catalog";
import { NotFound } from "@/lib/errors";
import { COVER_SIZES, deletePicture, pictureBytes, pictureFile, readPictureUpload, renderPicture, storePicture, type CoverSize, type PictureFile, type PictureUpload } from "@/lib/media/pictures";
import { getEventForViewer, getOwnedEvent, type Viewer } from "./access";


// An event's cover photo: the host uploads one, it is cut to COVER_SIZES, and the event document
// names the files. Each change is one update of the event that returns what it replaced, which is
// then deleted, so concurrent changes leave exactly the last cover and no file behind.

/** Sets (or replaces) the cover. Owner only: it is one of the event's core details. */
export async function setEventCover(user: AuthUser, eventId: string, upload: PictureUpload): Promise<EventDoc> {
  const event = await getOwnedEvent(eventId, user);
  const rendered = await renderPicture(await readPictureUpload(upload), COVER_SIZES);
  const cover = await storePicture(`event-${event._id.toHexString()}`, rendered, COVER_SIZES);
  const before = await (await collections.events()).findOneAndUpdate(
    { _id: event._id, owner_id: event.owner_id },
    { $set: { cover, updated_at: new Date() } },
    { returnDocument: "before" },
  );
  if (!before) {
    await deletePicture(cover);
    throw new NotFound("No such event.");
  }
  await noteCatalogChange(event._id);
  await deletePicture(before.cover);
  return { ...before, cover };
}

/** Removes the cover (the page shows the theme again); no cover is fine. */
export async function removeEventCover(user: AuthUser, eventId: string): Promise<EventDoc> {
  const event = await getOwnedEvent(eventId, user);
  const before = await (await collections.events()).findOneAndUpdate(
    { _id: event._id, owner_id: event.owner_id },
    { $set: { cover: null, updated_at: new Date() } },
    { returnDocument: "before" },
  );
  if (!before) throw new NotFound("No such event.");
  await noteCatalogChange(event._id);
  await deletePicture(before.cover);
  return { ...before, cover: null };
}

export type CoverFile = PictureFile & { isPrivate: boolean };

/**
 * One size of the cover, for whoever may see the event: anyone for a public one; the host, a guest,
 * or the holder of a valid invite token for a private one. Anything else is a 404.
 */
export async function coverFile(eventId: string, size: CoverSize, viewer: Viewer, token: string | null): Promise<CoverFile> {
  const { event } = await getEventForViewer(eventId, viewer, token);
  const id = event.cover?.[size];
  const file = id ? await pictureFile(id) : null;
  if (!file) throw new NotFound("This event has no cover photo.");
  return { ...file, isPrivate: event.is_private };
}

/** The duplicate of an event gets a copy of its cover's files (each event deletes its own). */
export async function copyEventCover(user: AuthUser, source: Pick<EventDoc, "cover">, targetId: string): Promise<void> {
  if (!source.cover) return;
  const target = await getOwnedEvent(targetId, user);
  const bytes = {} as Record<CoverSize, Buffer>;
  for (const size of Object.keys(COVER_SIZES) as CoverSize[]) {
    const data = await pictureBytes(source.cover[size]);
    if (!data) return; // the source's cover changed meanwhile: the copy shows its theme
    bytes[size] = data;
  }
  const cover = await storePicture(`event-${target._id.toHexString()}`, bytes, COVER_SIZES);
  const before = await (await collections.events()).findOneAndUpdate({ _id: target._id, owner_id: target.owner_id }, { $set: { cover } }, { returnDocument: "before" });
  if (!before) return deletePicture(cover);
  await noteCatalogChange(target._id);
  await deletePicture(before.cover);
}
