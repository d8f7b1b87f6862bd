import type { Metadata } from "next";
import { VerifyForm } from "@/components/auth/forms";
import { NarrowPage } from "@/components/ui/card";
import { safeReturnTo } from "@/lib/auth/schema";
import { param, type SearchParams } from "../search-params";

export const metadata: Metadata = { title: "Verify your email" };

export default async function VerifyPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const email = param(params, "email").slice(0, 254);
  const next = safeReturnTo(param(params, "next"));
  return (
    <NarrowPage
      title="Check your email"
      intro={
        email ? (
          <>
            We sent a 6-digit code to <strong className="break-all text-ink">{email}</strong>. Enter it below.
          </>
        ) : (
          "Enter your email and the 6-digit code we sent you."
        )
      }
    >
      <VerifyForm email={email} next={next} />
    </NarrowPage>
  );
}
