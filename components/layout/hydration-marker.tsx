"use client";

import { useEffect } from "react";

/**
 * Marks <html data-hydrated> once React has hydrated the page: from then on every control has its
 * handlers. The e2e tests wait for it (instead of "network idle", which prefetches and aborted
 * requests can keep from ever coming) before typing into widgets that only work hydrated.
 */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
