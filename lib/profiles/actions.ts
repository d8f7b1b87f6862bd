"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/action";
import { safeReturnTo } from "@/lib/auth/schema";
import { profileUpdateSchema, usernameOnlySchema } from "./schema";
import { setUsername, updateProfile } from "./service";

const usernameWithNext = usernameOnlySchema.extend({ next: z.string().max(2048).optional() });

/** /welcome: choose a username, then continue to where the user was going. */
export const chooseUsernameAction = validatedActionWithUser(
  usernameWithNext,
  async ({ username, next }, user) => {
    await setUsername(user, username);
    redirect(safeReturnTo(next), "replace");
  },
  { allowNoUsername: true },
);

/** /profile: the public page shows what was just saved. */
export const updateProfileAction = validatedActionWithUser(profileUpdateSchema, async (input, user) => {
  const profile = await updateProfile(user, input);
  revalidatePath(`/users/${profile.user_id}`);
  return profile;
});
