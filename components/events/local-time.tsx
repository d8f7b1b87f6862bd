"use client";

import { useSyncExternalStore } from "react";
import { formatEventTime, timeZoneOffsetLabel } from "@/lib/events/time";

const noSubscription = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
// The server cannot know the viewer's zone: it renders the event's, and the browser takes over.
const serverZone = () => null;

/** The browser's IANA time zone once hydrated; null on the server and during hydration. */
export function useBrowserTimeZone(): string | null {
  return useSyncExternalStore(noSubscription, browserZone, serverZone);
}

type LocalTimeProps = {
  /** ISO instants. */
  start: string;
  end?: string | null;
  /** The event's own zone: what the server renders. */
  timeZone: string;
  className?: string;
};

/**
 * An event's time: in the event's zone on the server, then in the viewer's own zone after
 * hydration (the same words in a `<time>`, so nothing jumps but the numbers).
 *
 * Hydration formats in the event's zone too, but with the browser's time-zone data, which can
 * disagree with the server's (Chromium 156 and Node 20's ICU 78 put America/Vancouver in December
 * 2026 an hour apart): React would then report a text mismatch. So hydration keeps the server's
 * text, and the element is rendered afresh (`key`) once the browser's zone is known.
 */
export function LocalTime({ start, end, timeZone, className }: LocalTimeProps) {
  const browserZone = useBrowserTimeZone();
  return (
    <time key={browserZone ?? "server"} dateTime={start} className={className} suppressHydrationWarning>
      {formatEventTime(new Date(start), end ? new Date(end) : null, browserZone ?? timeZone)}
    </time>
  );
}

/**
 * "Your time: …" when the viewer's clock differs from the event's at that moment; nothing
 * otherwise (and nothing on the server, which does not know the viewer's zone).
 */
export function ViewerLocalTime({ start, end, timeZone, className }: LocalTimeProps) {
  const zone = useBrowserTimeZone();
  const at = new Date(start);
  if (!zone || zone === timeZone || timeZoneOffsetLabel(at, zone) === timeZoneOffsetLabel(at, timeZone)) return null;
  return (
    <p className={className}>
      Your time:{" "}
      <time dateTime={start} className="font-medium text-ink">
        {formatEventTime(at, end ? new Date(end) : null, zone)}
      </time>
    </p>
  );
}

/** A single instant (when someone asked to join, when a link expires) in the viewer's zone; UTC on the server. */
export function LocalDate({ iso, className }: { iso: string; className?: string }) {
  const zone = useBrowserTimeZone() ?? "UTC";
  return (
    <time dateTime={iso} className={className}>
      {formatEventTime(new Date(iso), null, zone)}
    </time>
  );
}
