"use client";

import { useEffect } from "react";
import { Button, LinkButton } from "@/components/ui/button";
import { Container } from "@/components/ui/container";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <Container className="py-24 text-center">
      <h1 className="text-3xl font-bold text-ink">Something went wrong</h1>
      <p className="mx-auto mt-4 max-w-md text-ink-muted">
        That is on us, not you. Nothing you entered was lost by trying again.
        {error.digest ? <span className="mt-2 block text-sm">Reference: {error.digest}</span> : null}
      </p>
      <div className="mt-8 flex justify-center gap-3">
        <Button onClick={reset}>Try again</Button>
        <LinkButton href="/" variant="secondary">
          Home
        </LinkButton>
      </div>
    </Container>
  );
}
