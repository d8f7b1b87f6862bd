"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/action";
import { createCalendarFeed, revokeCalendarFeed } from "@/lib/events/calendar-feed";
import { safeReturnTo } from "@/lib/auth/schema";
import { profileUpdateSchema, usernameOnlySchema } from "./schema";
import { timeZoneSchema } from "@/lib/events/schema";
import { rememberTimeZone, setUsername, updateProfile } from "./service";

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

const noInput = z.object({});

/** /profile → Calendar: a new feed link, shown once (replaces the old one). */
export const createCalendarFeedAction = validatedActionWithUser(noInput, async (_input, user) => createCalendarFeed(user));

/** /profile → Calendar: the feed link stops working. */
export const revokeCalendarFeedAction = validatedActionWithUser(noInput, async (_input, user) => {
  await revokeCalendarFeed(user);
  return null;
});

/** The browser's time zone, remembered so emails can give event times in it too (components/layout/time-zone-sync.tsx). */
export const rememberTimeZoneAction = validatedActionWithUser(
  z.object({ time_zone: timeZoneSchema }),
  async ({ time_zone }, user) => {
    await rememberTimeZone(user, time_zone);
    return null;
  },
  { allowNoUsername: true },
);
