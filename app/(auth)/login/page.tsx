import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { MagicLinkForm, SignInForm } from "@/components/auth/forms";
import { Alert } from "@/components/ui/field";
import { NarrowPage } from "@/components/ui/card";
import { safeReturnTo } from "@/lib/auth/schema";
import { currentUser } from "@/lib/auth/session";
import { param, type SearchParams } from "../search-params";

export const metadata: Metadata = { title: "Sign in" };

/** Auth.js sends its own failures here as ?error=…; say what happened in plain words. */
const AUTH_ERRORS: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Ask for a new one below.",
  AccessDenied: "That sign-in was not allowed.",
  Configuration: "Signing in is not available right now. Please try again shortly.",
};

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeReturnTo(param(params, "next"));
  if (await currentUser()) redirect(next);
  const error = param(params, "error");
  return (
    <NarrowPage title="Sign in to Invyta">
      <div className="flex flex-col gap-6">
        {param(params, "reset") ? <Alert tone="success">Password changed. Sign in with your new password.</Alert> : null}
        {error ? <Alert>{AUTH_ERRORS[error] ?? "Signing in did not work. Please try again."}</Alert> : null}
        <SignInForm next={next} />
        <section aria-labelledby="magic-title" className="border-t border-surface-border pt-6">
          <h2 id="magic-title" className="text-base font-semibold text-ink">
            Or sign in without a password
          </h2>
          <p className="mb-4 mt-1 text-sm text-ink-muted">We will email you a link that signs you in.</p>
          <MagicLinkForm next={next} />
        </section>
      </div>
    </NarrowPage>
  );
}
