import { z } from "zod";
import { onlyMethods } from "@/lib/http/methods";
import { profileBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { profileUpdateSchema } from "@/lib/profiles/schema";
import { getOwnProfile, updateProfile } from "@/lib/profiles/service";

export const GET = route({ summary: "Your profile", description: "With your email.", auth: "bearer", response: profileBody }, async ({ user }) => getOwnProfile(user));

// The original API updated the profile with POST; PATCH is the accurate verb. Both do the same.
const update = route(
  {
    summary: "Change your profile",
    description: "Only the fields sent change. `favorite` and `favorates` (the original API's spellings) are read as `favorites`. A username someone else has is a 409.",
    auth: "bearer",
    body: profileUpdateSchema,
    response: z.object({ message: z.string(), profile: profileBody }),
    errors: [409],
  },
  async ({ user, body }) => ({ message: "User Updated.", profile: await updateProfile(user, body) }),
);

export const PATCH = update;
export const POST = update;

export const { PUT, DELETE, OPTIONS } = onlyMethods("GET", "POST", "PATCH");
