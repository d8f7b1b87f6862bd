import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { NarrowPage } from "@/components/ui/card";
import { textLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <NarrowPage title="Check your email">
      <p className="text-ink">We sent you a sign-in link. Open it on this device within 15 minutes.</p>
      <p className="mt-4 text-sm text-ink-muted">
        Nothing arrived? Check your spam folder, or{" "}
        <Link className={textLink} href="/login">
          try again
        </Link>
        .
      </p>
    </NarrowPage>
  );
}
