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
 * When an event is, read the way its guests plan it: first in the event's own zone (an 8 PM dinner
 * in New York reads 8 PM wherever it is listed), then, on a line of its own once hydrated, "Your
 * time: …" when the viewer's clock says otherwise.
 *
 * The first line is the server's text, kept through hydration: the browser's time-zone data can
 * disagree with the server's (Chromium 156 and Node 20's ICU 78 put America/Vancouver in December
 * 2026 an hour apart), and React would report a text mismatch.
 */
export function EventTime({ start, end, timeZone, className, viewerClassName }: LocalTimeProps & { viewerClassName?: string }) {
  return (
    <>
      <time dateTime={start} className={className} suppressHydrationWarning>
        {formatEventTime(new Date(start), end ? new Date(end) : null, timeZone)}
      </time>
      <ViewerLocalTime start={start} end={end} timeZone={timeZone} className={viewerClassName} />
    </>
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
