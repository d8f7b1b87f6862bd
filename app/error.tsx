"use client";

import { useEffect, useState } from "react";
import { Button, LinkButton } from "@/components/ui/button";
import { Container } from "@/components/ui/container";

/**
 * The server hides an error's message from the browser, so the health check tells the two cases
 * apart: a service we depend on is down (the server answered this page 503: lib/outages.ts) — say
 * so and that it will pass — or a bug on our side.
 */
function useOutage(error: Error): boolean {
  const [outage, setOutage] = useState(false);
  useEffect(() => {
    let live = true;
    fetch("/api/health", { cache: "no-store" })
      .then((res) => live && setOutage(res.status === 503))
      .catch(() => live && setOutage(true));
    return () => {
      live = false;
    };
  }, [error]);
  return outage;
}

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const outage = useOutage(error);

  return (
    <Container className="py-24 text-center">
      <h1 className="text-3xl font-bold text-ink">{outage ? "Invyta is temporarily unavailable" : "Something went wrong"}</h1>
      <p className="mx-auto mt-4 max-w-md text-ink-muted">
        {outage
          ? "Part of our service is not answering just now. It usually comes back within a minute: please try again shortly."
          : "That is on us, not you."}{" "}
        Nothing you entered was lost by trying again.
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
