import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { UsernameForm } from "@/components/profile/username-form";
import { NarrowPage } from "@/components/ui/card";
import { safeReturnTo } from "@/lib/auth/schema";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Choose a username" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function WelcomePage({ searchParams }: { searchParams: SearchParams }) {
  const next = safeReturnTo([(await searchParams).next].flat()[0]);
  const user = await requireUser(`/welcome?next=${encodeURIComponent(next)}`, { allowNoUsername: true });
  if (user.username) redirect(next);
  return (
    <NarrowPage title="Choose a username" intro="Welcome to Invyta! Pick the name other people will see on your events and profile.">
      <UsernameForm next={next} />
    </NarrowPage>
  );
}
