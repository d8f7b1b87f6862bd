import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./next-auth";
import { SIGNED_IN_HOME } from "./home";
import type { AuthUser } from "./service";

/** The signed-in user for this request (one lookup per request), or null. */
export const currentUser = cache(async (): Promise<AuthUser | null> => {
  const session = await auth();
  const user = session?.user;
  return user?.id ? { id: user.id, email: user.email, username: user.username ?? null } : null;
});

export function loginUrl(returnTo: string): string {
  return `/login?next=${encodeURIComponent(returnTo)}`;
}

/**
 * For pages and actions that need a user: signed-out visitors go to /login and come back; a user
 * without a username is asked to choose one first (the original's has_username).
 */
export async function requireUser(returnTo = SIGNED_IN_HOME, { allowNoUsername = false } = {}): Promise<AuthUser> {
  const user = await currentUser();
  if (!user) redirect(loginUrl(returnTo));
  if (!user.username && !allowNoUsername) redirect(`/welcome?next=${encodeURIComponent(returnTo)}`);
  return user;
}
