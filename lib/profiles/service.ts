import "server-only";
import { noteUserChange, type AuthUser } from "@/lib/auth/service";
import { collections, objectIdOrNull, onUserWrite } from "@/lib/db/collections";
import { DocCache, readByIds } from "@/lib/db/doc-cache";
import { isDuplicateKey } from "@/lib/db/errors";
import type { UserDoc } from "@/lib/db/types";
import { env } from "@/lib/env";
import { Conflict, NotFound } from "@/lib/errors";
import type { ProfileUpdateInput } from "./schema";

/** A profile with the original API's field names; `email` only when the viewer is its owner. */
export type Profile = {
  user_id: string;
  /** The name shown to others; null shows the username. */
  display_name: string | null;
  username: string | null;
  /** The avatar's absolute URL (lib/profiles/avatar.ts); null shows initials. */
  avatar_url: string | null;
  bio: string;
  favorites: string[];
  /** YYYY-MM-DD (UTC) of the account's creation. */
  created_on: string;
  has_username: boolean;
  email?: string;
};

const USERNAME_TAKEN = "That username is taken.";

/** A Conflict that also names the field, so a form can show it beside the username. */
export class UsernameTaken extends Conflict {
  readonly fieldErrors = { username: [USERNAME_TAKEN] };
  constructor() {
    super(USERNAME_TAKEN);
  }
}

type ProfileDoc = Pick<UserDoc, "_id" | "email" | "name" | "image" | "username" | "bio" | "favorites" | "created_at">;
const PROFILE_FIELDS = { email: 1, name: 1, image: 1, username: 1, bio: 1, favorites: 1, created_at: 1 } as const;

function toProfile(doc: ProfileDoc, { withEmail }: { withEmail: boolean }): Profile {
  // Accounts created before created_at was set still carry their creation time in the ObjectId.
  const created = doc.created_at instanceof Date ? doc.created_at : doc._id.getTimestamp();
  const profile: Profile = {
    user_id: doc._id.toHexString(),
    display_name: doc.name || null,
    username: doc.username ?? null,
    avatar_url: doc.image ? new URL(doc.image, env().APP_URL).toString() : null,
    bio: doc.bio ?? "",
    favorites: doc.favorites ?? [],
    created_on: created.toISOString().slice(0, 10),
    has_username: Boolean(doc.username),
  };
  if (withEmail) profile.email = doc.email;
  return profile;
}

export async function getOwnProfile(user: AuthUser): Promise<Profile> {
  return getPublicProfile(user, user.id);
}

const readAccounts = readByIds(collections.users, { ...PROFILE_FIELDS, emailVerified: 1 });

/** Verified accounts by id, with the fields a profile shows (an unverified or unknown id is missing). */
async function readProfiles(ids: readonly string[]): Promise<Map<string, ProfileDoc>> {
  // An unverified account may hold someone else's address: it has no public face until proven.
  return new Map([...(await readAccounts(ids))].filter(([, row]) => row.emailVerified));
}

/**
 * Someone else's profile may be up to OTHERS_TTL_MS old: every view of an event page or a join page
 * shows its host's, so the many viewers of a shared link cost one read a second per host and process.
 * A write in this process drops the entry at once; your own profile is always read from the database.
 */
export const OTHERS_TTL_MS = 1_000;
const othersProfiles = new DocCache<ProfileDoc>(Date.now, OTHERS_TTL_MS, 5_000, readProfiles).followWrites(onUserWrite);

/** Anyone may read a profile; an unknown, malformed or unverified id is a 404. */
export async function getPublicProfile(viewer: AuthUser | null, userId: string): Promise<Profile> {
  const id = objectIdOrNull(userId)?.toHexString();
  if (!id) throw new NotFound("No such user.");
  const own = viewer?.id === id;
  const doc = (await (own ? readProfiles([id]) : othersProfiles.read([id]))).get(id);
  if (!doc) throw new NotFound("No such user.");
  return toProfile(doc, { withEmail: own });
}

/**
 * Changes the user's own profile. Usernames are unique regardless of case through the unique index
 * on username_lower: a duplicate-key error is the answer, so two simultaneous claims cannot both win.
 */
export async function updateProfile(user: AuthUser, input: ProfileUpdateInput): Promise<Profile> {
  const _id = objectIdOrNull(user.id);
  if (!_id) throw new NotFound("No such user.");
  const set: Partial<UserDoc> = {};
  if (input.display_name !== undefined) set.name = input.display_name;
  if (input.username !== undefined) Object.assign(set, { username: input.username, username_lower: input.username.toLowerCase() });
  if (input.bio !== undefined) set.bio = input.bio;
  if (input.favorites !== undefined) set.favorites = input.favorites;
  if (Object.keys(set).length === 0) return getOwnProfile(user); // an empty $set is a server error
  const users = await collections.users();
  let doc: ProfileDoc | null;
  try {
    // No projection: FerretDB v1 does not implement one on findAndModify. toProfile picks the fields.
    doc = await users.findOneAndUpdate({ _id }, { $set: set }, { returnDocument: "after" });
  } catch (err) {
    // username_lower is the only unique field this update can change.
    if (isDuplicateKey(err, "username_unique")) throw new UsernameTaken();
    throw err;
  }
  if (!doc) throw new NotFound("No such user.");
  // Who a session names includes the username (a session without one is sent to choose one).
  if (input.username !== undefined) await noteUserChange(_id);
  return toProfile(doc, { withEmail: true });
}

export async function setUsername(user: AuthUser, username: string): Promise<Profile> {
  return updateProfile(user, { username });
}

/** The zone the user's browser is in (from the app's pages), for event times in emails. */
export async function rememberTimeZone(user: AuthUser, timeZone: string): Promise<void> {
  await (await collections.users()).updateOne({ _id: objectIdOrNull(user.id)! }, { $set: { time_zone: timeZone } });
}
