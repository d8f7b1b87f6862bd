import { Link } from "@/components/ui/link";
import { Container } from "@/components/ui/container";

/** The footer; "How it works" points into the landing page, which signed-out visitors see. */
export function SiteFooter({ signedIn }: { signedIn: boolean }) {
  return (
    <footer className="mt-16 border-t border-surface-border bg-surface">
      <Container className="flex flex-col gap-3 py-8 text-sm text-ink-muted sm:flex-row sm:items-center sm:justify-between">
        <p>Invyta — events and invitations people actually enjoy.</p>
        <nav aria-label="Footer">
          <ul className="flex gap-4">
            {signedIn ? null : (
              <li>
                <Link className="inline-flex min-h-11 min-w-11 items-center justify-center underline-offset-4 hover:underline" href="/#how-it-works">
                  How it works
                </Link>
              </li>
            )}
            <li>
              <Link className="inline-flex min-h-11 min-w-11 items-center justify-center underline-offset-4 hover:underline" href="/docs/api">
                API
              </Link>
            </li>
            <li>
              {/* An API route, not a page: a plain link, so Next does not prefetch it as one. */}
              <a className="inline-flex min-h-11 min-w-11 items-center justify-center underline-offset-4 hover:underline" href="/api/health">
                Status
              </a>
            </li>
          </ul>
        </nav>
      </Container>
    </footer>
  );
}
