import "server-only";
import type { ObjectId } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, objectIdOrNull } from "@/lib/db/collections";
import { NotFound } from "@/lib/errors";
import { userObjectId } from "@/lib/events/access";
import { AVATAR_SIZES, deletePicture, pictureFile, readPictureUpload, renderPicture, storePicture, type PictureFile, type PictureUpload } from "@/lib/media/pictures";

// A person's avatar: a square photo (AVATAR_SIZES), public like the profile it belongs to. The user
// document names the file (`avatar_id`) and its URL (`image`, the field Auth.js keeps for a picture);
// the faces events keep of their guests (lib/events/attending.ts) carry a copy of that URL, which a
// change updates.

/** `/avatars/<user id>?v=<file id>`: a new photo is a new URL, so each may be cached for good. */
export function avatarPath(userId: ObjectId, fileId: ObjectId): string {
  return `/avatars/${userId.toHexString()}?v=${fileId.toHexString()}`;
}

/** Sets (or replaces) the signed-in user's avatar; returns its URL path. */
export async function setAvatar(user: AuthUser, upload: PictureUpload): Promise<string> {
  const userId = userObjectId(user);
  const rendered = await renderPicture(await readPictureUpload(upload), AVATAR_SIZES);
  const { square } = await storePicture(`user-${user.id}`, rendered, AVATAR_SIZES);
  const image = avatarPath(userId, square);
  const before = await (await collections.users()).findOneAndUpdate({ _id: userId }, { $set: { avatar_id: square, image } }, { returnDocument: "before" });
  if (!before) {
    await deletePicture({ square });
    throw new NotFound("No such user.");
  }
  await deletePicture({ square: before.avatar_id ?? undefined });
  await refreshFaces(userId, image);
  return image;
}

/** Removes the avatar (initials show again); none is fine. */
export async function removeAvatar(user: AuthUser): Promise<void> {
  const userId = userObjectId(user);
  const before = await (await collections.users()).findOneAndUpdate({ _id: userId }, { $set: { avatar_id: null, image: null } }, { returnDocument: "before" });
  if (!before) throw new NotFound("No such user.");
  await deletePicture({ square: before.avatar_id ?? undefined });
  if (before.avatar_id) await refreshFaces(userId, null);
}

/**
 * The copies of the URL in events' faces. A rare write, so it may look for them (an index on
 * MongoDB; a scan of the events on the local server); each copy is replaced only while that face
 * is still this person's.
 */
async function refreshFaces(userId: ObjectId, image: string | null): Promise<void> {
  const events = await collections.events();
  const showing = await events.find({ "faces.user_id": userId }, { projection: { faces: 1 } }).toArray();
  for (const event of showing) {
    const at = event.faces?.findIndex((f) => f.user_id.equals(userId)) ?? -1;
    if (at < 0) continue;
    await events.updateOne({ _id: event._id, [`faces.${at}.user_id`]: userId }, { $set: { [`faces.${at}.image`]: image } });
  }
}

/** The current avatar of a verified account; a 404 when it has none (or the id is not one). */
export async function avatarFile(userId: string): Promise<PictureFile> {
  const _id = objectIdOrNull(userId);
  const user = _id ? await (await collections.users()).findOne({ _id }, { projection: { avatar_id: 1, emailVerified: 1 } }) : null;
  const file = user?.emailVerified && user.avatar_id ? await pictureFile(user.avatar_id) : null;
  if (!file) throw new NotFound("No such avatar.");
  return file;
}
