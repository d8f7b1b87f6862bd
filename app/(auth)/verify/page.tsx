import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { redirect } from "next/navigation";
import { VerifyForm } from "@/components/auth/forms";
import { NarrowPage } from "@/components/ui/card";
import { EmailText } from "@/components/ui/email-text";
import { safeReturnTo } from "@/lib/auth/schema";
import { currentUser } from "@/lib/auth/session";
import { param, type SearchParams } from "../search-params";
import { textLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Verify your email" };

export default async function VerifyPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const email = param(params, "email").slice(0, 254);
  const next = safeReturnTo(param(params, "next"));
  // Back from where verifying led: a signed-in person has nothing left to verify here.
  if (await currentUser()) redirect(next);
  return (
    <NarrowPage
      title="Check your email"
      intro={
        email ? (
          <>
            We sent a 6-digit code to <EmailText email={email} className="font-semibold text-ink" />. Enter it below.
          </>
        ) : (
          "Enter your email and the 6-digit code we sent you."
        )
      }
    >
      <VerifyForm email={email} next={next} />
      {email ? (
        <p className="mt-6 text-sm text-ink-muted">
          Wrong email?{" "}
          <Link href={`/signup?${new URLSearchParams({ next })}`} className={textLink}>
            Sign up with another address
          </Link>
        </p>
      ) : null}
    </NarrowPage>
  );
}
