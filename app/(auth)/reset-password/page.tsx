import type { Metadata } from "next";
import { ResetPasswordForm } from "@/components/auth/forms";
import { NarrowPage } from "@/components/ui/card";
import { param, type SearchParams } from "../search-params";

export const metadata: Metadata = { title: "Set a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const email = param(await searchParams, "email").slice(0, 254);
  return (
    <NarrowPage title="Set a new password" intro="If that address has an account, we emailed it a 6-digit code.">
      <ResetPasswordForm email={email} />
    </NarrowPage>
  );
}
