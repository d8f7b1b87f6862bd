import type { Metadata } from "next";
import Link from "next/link";
import { ProfileForm } from "@/components/profile/profile-form";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { getOwnProfile } from "@/lib/profiles/service";
import { textLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage() {
  const user = await requireUser("/profile");
  const profile = await getOwnProfile(user);
  return (
    <div className="mx-auto w-full max-w-2xl px-4 py-10 sm:py-16">
      <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-2">
        <h1 className="text-2xl font-bold text-ink">Your profile</h1>
        <Link href={`/users/${profile.user_id}`} className={textLink}>
          View your public profile
        </Link>
      </div>
      <p className="mt-2 text-ink-muted">Everyone can see your username, bio and favorite categories. Only you see your email, {profile.email}.</p>
      <Card className="mt-6">
        <ProfileForm initial={{ username: profile.username ?? "", bio: profile.bio, favorites: profile.favorites }} />
      </Card>
    </div>
  );
}
