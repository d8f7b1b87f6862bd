"use client";

import { useEffect } from "react";
import { rememberTimeZoneAction } from "@/lib/profiles/actions";

const KEY = "invyta-time-zone";

/**
 * Tells the server the signed-in person's time zone once per browser and zone, so reminders and
 * other emails can show event times in it next to the event's own. Renders nothing.
 */
export function TimeZoneSync({ userId }: { userId: string }) {
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const seen = `${userId}:${zone}`;
    try {
      if (!zone || localStorage.getItem(KEY) === seen) return;
    } catch {
      return; // storage refused (private mode): try again another time rather than on every page
    }
    void rememberTimeZoneAction({ time_zone: zone }).then((result) => {
      if (result.ok) localStorage.setItem(KEY, seen);
    });
  }, [userId]);
  return null;
}
