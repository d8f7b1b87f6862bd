"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

type Outcome = "copied" | "failed" | null;

/**
 * Share: the phone's share sheet where there is one (Web Share API), otherwise the link is copied.
 * Closing the share sheet is not an error; a copy the browser refuses says so and shows the link.
 */
export function ShareButton({ url, title }: { url: string; title: string }) {
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function share() {
    setOutcome(null);
    if (typeof navigator.share === "function") {
      try {
        await navigator.share({ title, url });
        return;
      } catch (err) {
        if ((err as Error).name === "AbortError") return; // closed the sheet
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      setOutcome("copied");
    } catch {
      setOutcome("failed");
    }
  }

  return (
    <div className="flex flex-col gap-2">
      <Button variant="secondary" onClick={share} className="self-start">
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
          <path d="M10 13V3m0 0L6.5 6.5M10 3l3.5 3.5M4 10v6a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1v-6" />
        </svg>
        Share
      </Button>
      <p role="status" className="text-sm text-ink-muted">
        {outcome === "copied" ? "Link copied. Paste it anywhere to share." : null}
        {outcome === "failed" ? (
          <>
            Copy this link to share: <span className="break-all text-ink">{url}</span>
          </>
        ) : null}
      </p>
    </div>
  );
}
