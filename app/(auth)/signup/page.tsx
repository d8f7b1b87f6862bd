import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/forms";
import { NarrowPage } from "@/components/ui/card";
import { safeReturnTo } from "@/lib/auth/schema";
import { currentUser } from "@/lib/auth/session";
import { param, type SearchParams } from "../search-params";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const next = safeReturnTo(param(await searchParams, "next"));
  if (await currentUser()) redirect(next);
  return (
    <NarrowPage title="Create your account" intro="We will email you a 6-digit code to confirm your address.">
      <SignUpForm next={next} />
    </NarrowPage>
  );
}
