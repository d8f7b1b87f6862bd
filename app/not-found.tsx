import { LinkButton } from "@/components/ui/button";
import { Container } from "@/components/ui/container";

export default function NotFound() {
  return (
    <Container className="py-24 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand">404</p>
      <h1 className="mt-2 text-3xl font-bold text-ink">We could not find that page</h1>
      <p className="mx-auto mt-4 max-w-md text-ink-muted">
        The link may be mistyped, or what it pointed to is no longer there or is not shared with you.
      </p>
      <LinkButton href="/" className="mt-8">
        Go to the home page
      </LinkButton>
    </Container>
  );
}
