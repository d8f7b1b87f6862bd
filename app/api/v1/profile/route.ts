import { readJson, withApiUser } from "@/lib/api";
import { profileUpdateSchema } from "@/lib/profiles/schema";
import { getOwnProfile, updateProfile } from "@/lib/profiles/service";
import { onlyMethods } from "@/lib/api-methods";

export const GET = withApiUser(async ({ user }) => getOwnProfile(user));

// The original API updated the profile with POST; PATCH is the accurate verb. Both do the same.
const update = withApiUser(async ({ req, user }) => ({
  message: "User Updated.",
  profile: await updateProfile(user, await readJson(req, profileUpdateSchema)),
}));

export const PATCH = update;
export const POST = update;

export const { PUT, DELETE, OPTIONS } = onlyMethods("GET", "POST", "PATCH");
