import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { CalendarFeed } from "@/components/profile/calendar-feed";
import { PasswordForm } from "@/components/profile/password-form";
import { ProfileForm } from "@/components/profile/profile-form";
import { Card } from "@/components/ui/card";
import { Initials } from "@/components/ui/initials";
import { PicturePicker } from "@/components/ui/picture-picker";
import { EmailText } from "@/components/ui/email-text";
import { hasPassword } from "@/lib/auth/service";
import { requireUser } from "@/lib/auth/session";
import { calendarFeedStatus } from "@/lib/events/calendar-feed";
import { getOwnProfile } from "@/lib/profiles/service";
import { textLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage() {
  const user = await requireUser("/profile");
  const [profile, withPassword, calendarFeed] = await Promise.all([getOwnProfile(user), hasPassword(user), calendarFeedStatus(user)]);
  return (
    <div className="mx-auto w-full max-w-2xl px-4 py-10 sm:py-16">
      <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-2">
        <h1 className="text-2xl font-bold text-ink">Your profile</h1>
        <Link href={`/users/${profile.user_id}`} className={textLink}>
          View your public profile
        </Link>
      </div>
      <p className="mt-2 text-ink-muted">Everyone can see your photo, name, username, bio and favorite categories. Only you see your email, <EmailText email={profile.email ?? ""} />.</p>
      <section aria-labelledby="avatar-title" className="mt-6">
        <Card>
          <h2 id="avatar-title" className="mb-3 text-lg font-semibold text-ink">
            Photo
          </h2>
          <PicturePicker
            endpoint="/api/v1/profile/avatar"
            label="Photo"
            current={profile.avatar_url ? profile.avatar_url.replace(/^https?:\/\/[^/]+/, "") : null}
            shape="round"
            hint="Shown beside your name on events you host and join. JPEG, PNG, WebP or GIF, up to 15 MB; cropped to a square."
            placeholder={<Initials name={profile.display_name ?? profile.username} className="h-full w-full text-xl" />}
          />
        </Card>
      </section>
      <Card className="mt-6">
        <ProfileForm initial={{ display_name: profile.display_name ?? "", username: profile.username ?? "", bio: profile.bio, favorites: profile.favorites }} />
      </Card>
      <section aria-labelledby="calendar-feed-title" className="mt-10">
        <h2 id="calendar-feed-title" className="text-xl font-bold text-ink">
          Subscribe in your calendar app
        </h2>
        <Card className="mt-4">
          <CalendarFeed active={calendarFeed.active} />
        </Card>
      </section>
      <section aria-labelledby="password-title" className="mt-10">
        <h2 id="password-title" className="text-xl font-bold text-ink">
          Password
        </h2>
        <Card className="mt-4">
          <PasswordForm hasPassword={withPassword} />
        </Card>
      </section>
    </div>
  );
}
