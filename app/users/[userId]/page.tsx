import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { Card } from "@/components/ui/card";
import { currentUser } from "@/lib/auth/session";
import { NotFound } from "@/lib/errors";
import { getPublicProfile, type Profile } from "@/lib/profiles/service";
import { textLink } from "@/components/ui/text-link";

type Params = Promise<{ userId: string }>;

/** One lookup per request, shared by the metadata and the page; unknown or invalid ids → 404 page. */
const loadProfile = cache(async (userId: string): Promise<Profile> => {
  try {
    return await getPublicProfile(await currentUser(), userId);
  } catch (err) {
    if (err instanceof NotFound) notFound();
    throw err;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const profile = await loadProfile((await params).userId);
  return { title: profile.display_name ?? profile.username ?? "Profile" };
}

/** created_on is a UTC day, so it is shown in UTC: the month must not shift with the viewer's zone. */
function memberSince(createdOn: string): string {
  return new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${createdOn}T00:00:00Z`));
}

export default async function UserPage({ params }: { params: Params }) {
  const profile = await loadProfile((await params).userId);
  const isOwner = profile.email !== undefined;
  return (
    <div className="mx-auto w-full max-w-2xl px-4 py-10 sm:py-16">
      <Card>
        <h1 className="break-words text-2xl font-bold text-ink">{profile.display_name ?? profile.username ?? "A new Invyta member"}</h1>
        {profile.display_name && profile.username ? <p className="break-words text-ink-muted">@{profile.username}</p> : null}
        <p className="mt-1 text-sm text-ink-muted">
          Member since <time dateTime={profile.created_on}>{memberSince(profile.created_on)}</time>
        </p>
        {isOwner ? (
          <p className="mt-1 break-words text-sm text-ink-muted">
            Email: {profile.email} <span className="text-ink-subtle">(only you can see this)</span>
          </p>
        ) : null}
        <p className="mt-6 whitespace-pre-line break-words text-ink">{profile.bio || "No bio yet."}</p>
        <section aria-labelledby="favorites-title" className="mt-6">
          <h2 id="favorites-title" className="text-base font-semibold text-ink">
            Favorite categories
          </h2>
          {profile.favorites.length > 0 ? (
            <ul className="mt-2 flex flex-wrap gap-2">
              {profile.favorites.map((tag) => (
                <li key={tag} className="rounded-pill bg-brand-soft px-3 py-1 text-sm font-medium text-brand-ink">
                  {tag}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-ink-muted">None chosen yet.</p>
          )}
        </section>
        {isOwner ? (
          <Link href="/profile" className={`mt-6 ${textLink}`}>
            Edit your profile
          </Link>
        ) : null}
      </Card>
    </div>
  );
}
