import { describe, expect, it } from "vitest";
import {
  canonicalTimeZone,
  COMMON_TIME_ZONES,
  formatEventTime,
  isValidTimeZone,
  timeZoneOffsetLabel,
  utcToZonedLocal,
  zonedLocalToUtc,
  zonedWallClock,
} from "@/lib/events/time";

const iso = (local: string, tz: string) => zonedLocalToUtc(local, tz)?.toISOString() ?? null;
const utc = (s: string) => new Date(s);

describe("isValidTimeZone", () => {
  it("accepts IANA names and UTC", () => {
    for (const tz of ["UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/London", "Etc/GMT+5"]) {
      expect(isValidTimeZone(tz), tz).toBe(true);
    }
  });

  it("refuses unknown names, bare offsets, padding and empty strings", () => {
    for (const tz of ["", " ", "Mars/Olympus", "America/New York", " UTC", "UTC ", "+05:00", "-0800", "not a zone"]) {
      expect(isValidTimeZone(tz), JSON.stringify(tz)).toBe(false);
    }
  });

  it("gives the canonical spelling of a valid zone", () => {
    expect(canonicalTimeZone("america/new_york")).toBe("America/New_York");
    expect(canonicalTimeZone("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("Nowhere/Land")).toBeNull();
  });
});

describe("zonedLocalToUtc", () => {
  it("reads wall-clock times in the given zone, not the machine's", () => {
    expect(iso("2026-12-05T19:00", "America/New_York")).toBe("2026-12-06T00:00:00.000Z");
    expect(iso("2026-07-04T19:00", "America/New_York")).toBe("2026-07-04T23:00:00.000Z");
    expect(iso("2026-12-05T19:00", "UTC")).toBe("2026-12-05T19:00:00.000Z");
    expect(iso("2026-12-05T19:00", "Asia/Kolkata")).toBe("2026-12-05T13:30:00.000Z");
    expect(iso("2026-12-05T00:15", "Asia/Kolkata")).toBe("2026-12-04T18:45:00.000Z");
    expect(iso("2026-06-01T09:00", "Asia/Kathmandu")).toBe("2026-06-01T03:15:00.000Z");
    expect(iso("2026-01-10T12:00", "America/St_Johns")).toBe("2026-01-10T15:30:00.000Z");
  });

  it("handles Lord Howe's half-hour DST", () => {
    // January: daylight time, +11:00; July: standard time, +10:30.
    expect(iso("2026-01-15T12:00", "Australia/Lord_Howe")).toBe("2026-01-15T01:00:00.000Z");
    expect(iso("2026-07-15T12:00", "Australia/Lord_Howe")).toBe("2026-07-15T01:30:00.000Z");
    // 2026-10-04 02:00 → 02:30: 02:15 does not exist and moves forward by the 30-minute gap.
    expect(iso("2026-10-04T02:15", "Australia/Lord_Howe")).toBe("2026-10-03T15:45:00.000Z");
    expect(utcToZonedLocal(utc("2026-10-03T15:45:00Z"), "Australia/Lord_Howe")).toBe("2026-10-04T02:45");
    // 2026-04-05 02:00 → 01:30: 01:45 happens twice; the earlier one (+11:00) wins.
    expect(iso("2026-04-05T01:45", "Australia/Lord_Howe")).toBe("2026-04-04T14:45:00.000Z");
  });

  it("moves a time in the New York spring-forward gap forward by the gap", () => {
    // 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT.
    expect(iso("2026-03-08T01:59", "America/New_York")).toBe("2026-03-08T06:59:00.000Z");
    expect(iso("2026-03-08T02:00", "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
    expect(iso("2026-03-08T02:30", "America/New_York")).toBe("2026-03-08T07:30:00.000Z");
    expect(utcToZonedLocal(utc("2026-03-08T07:30:00Z"), "America/New_York")).toBe("2026-03-08T03:30");
    expect(iso("2026-03-08T03:00", "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
    expect(iso("2026-03-08T03:30", "America/New_York")).toBe("2026-03-08T07:30:00.000Z");
  });

  it("picks the earlier instant for a time repeated at the New York fall-back", () => {
    // 2026-11-01: 01:00–01:59 happens in EDT (-4) and again in EST (-5).
    expect(iso("2026-11-01T01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    expect(iso("2026-11-01T00:59", "America/New_York")).toBe("2026-11-01T04:59:00.000Z");
    expect(iso("2026-11-01T02:00", "America/New_York")).toBe("2026-11-01T07:00:00.000Z");
  });

  it("moves forward across a skipped calendar day (Samoa, 2011-12-30)", () => {
    expect(iso("2011-12-29T12:00", "Pacific/Apia")).toBe("2011-12-29T22:00:00.000Z");
    expect(iso("2011-12-30T12:00", "Pacific/Apia")).toBe("2011-12-30T22:00:00.000Z");
    expect(utcToZonedLocal(utc("2011-12-30T22:00:00Z"), "Pacific/Apia")).toBe("2011-12-31T12:00");
    expect(iso("2011-12-31T12:00", "Pacific/Apia")).toBe("2011-12-30T22:00:00.000Z");
  });

  it("takes a bare date as midnight in the zone, and optional seconds", () => {
    expect(iso("2026-12-05", "America/New_York")).toBe("2026-12-05T05:00:00.000Z");
    expect(iso("2026-12-05", "Asia/Kolkata")).toBe("2026-12-04T18:30:00.000Z");
    expect(iso("2026-12-05T19:00:30", "America/New_York")).toBe("2026-12-06T00:00:30.000Z");
    expect(iso("2026-12-05T19:00:30.250", "UTC")).toBe("2026-12-05T19:00:30.250Z");
    expect(iso("2028-02-29", "UTC")).toBe("2028-02-29T00:00:00.000Z");
  });

  it("answers null for malformed input, impossible dates and unknown zones", () => {
    const bad = [
      "",
      "garbage",
      "2026-12-5",
      "2026-12-05T7:00",
      "2026-12-05 19:00",
      "2026-12-05T19",
      "2026-12-05T19:00Z",
      "2026-12-05T19:00+01:00",
      "2026-13-01",
      "2026-00-10",
      "2026-02-29",
      "2026-04-31",
      "2026-12-05T24:00",
      "2026-12-05T19:60",
      "2026-12-05T19:00:60",
      " 2026-12-05",
    ];
    for (const local of bad) expect(zonedLocalToUtc(local, "America/New_York"), JSON.stringify(local)).toBeNull();
    expect(zonedLocalToUtc("2026-12-05T19:00", "Mars/Olympus")).toBeNull();
    expect(zonedLocalToUtc("2026-12-05T19:00", "")).toBeNull();
  });

  it("round-trips through 2026 in several zones, densely around each offset change", () => {
    const zones = ["America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/London", "UTC"];
    const HOUR = 3_600_000;
    const check = (t: number, tz: string) => {
      const local = utcToZonedLocal(new Date(t), tz);
      const back = zonedLocalToUtc(local, tz);
      expect(back, `${tz} ${local}`).not.toBeNull();
      // Exact, except the second pass through a fall-back hour, which resolves to the first.
      if (back!.getTime() !== t) {
        expect(back!.getTime(), `${tz} ${local}`).toBeLessThan(t);
        expect(utcToZonedLocal(back!, tz)).toBe(local);
      }
    };
    let transitions = 0;
    for (const tz of zones) {
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 5 * HOUR) {
        check(t, tz);
        if (timeZoneOffsetLabel(new Date(t), tz) === timeZoneOffsetLabel(new Date(t + 5 * HOUR), tz)) continue;
        transitions++;
        for (let u = t - 3 * HOUR; u < t + 8 * HOUR; u += 15 * 60_000) check(u, tz);
      }
    }
    // Two changes a year in New York, London and Lord Howe; none in Kolkata or UTC.
    expect(transitions).toBe(6);
  }, 20_000);
});

describe("utcToZonedLocal", () => {
  it("formats the zone's wall clock for datetime-local inputs", () => {
    const d = utc("2026-12-06T00:00:00Z");
    expect(utcToZonedLocal(d, "America/New_York")).toBe("2026-12-05T19:00");
    expect(utcToZonedLocal(d, "Asia/Kolkata")).toBe("2026-12-06T05:30");
    expect(utcToZonedLocal(d, "UTC")).toBe("2026-12-06T00:00");
    expect(utcToZonedLocal(utc("2026-12-06T07:59:59Z"), "America/Los_Angeles")).toBe("2026-12-05T23:59");
    expect(utcToZonedLocal(utc("2026-12-06T08:00:00Z"), "America/Los_Angeles")).toBe("2026-12-06T00:00");
  });

  it("answers an empty string for an invalid date", () => {
    expect(utcToZonedLocal(new Date(NaN), "UTC")).toBe("");
  });
});

describe("zonedWallClock", () => {
  it("reads the zone's clock to the second, as UTC fields, whatever the machine's zone", () => {
    expect(zonedWallClock(utc("2026-07-04T23:30:59.900Z"), "America/New_York").toISOString()).toBe("2026-07-04T19:30:59.000Z");
    expect(zonedWallClock(utc("2026-01-15T20:00:00Z"), "Asia/Kolkata").toISOString()).toBe("2026-01-16T01:30:00.000Z");
    // The second 01:30 of a fall-back night reads 01:30 again.
    expect(zonedWallClock(utc("2026-11-01T06:30:00Z"), "America/New_York").toISOString()).toBe("2026-11-01T01:30:00.000Z");
  });

  it("leaves the date as it is for an unknown zone", () => {
    const d = utc("2026-05-01T10:00:00Z");
    expect(zonedWallClock(d, "Mars/Olympus")).toBe(d);
  });
});

describe("formatEventTime", () => {
  const start = utc("2026-12-06T00:00:00Z");

  it("shows only the end time when the event ends the same day", () => {
    expect(formatEventTime(start, utc("2026-12-06T03:00:00Z"), "America/New_York")).toBe(
      "Sat, Dec 5, 2026, 7:00 PM – 10:00 PM EST",
    );
  });

  it("shows the full end date when the event ends another day", () => {
    expect(formatEventTime(start, utc("2026-12-06T15:00:00Z"), "America/New_York")).toBe(
      "Sat, Dec 5, 2026, 7:00 PM – Sun, Dec 6, 2026, 10:00 AM EST",
    );
  });

  it("decides 'same day' in the event's zone", () => {
    // 00:30–23:30 in Tokyo spans two UTC days and two Los Angeles days.
    expect(formatEventTime(utc("2026-12-05T15:30:00Z"), utc("2026-12-06T14:30:00Z"), "Asia/Tokyo")).toBe(
      "Sun, Dec 6, 2026, 12:30 AM – 11:30 PM GMT+9",
    );
  });

  it("answers each (instants, zone, locale) by itself, however often it was asked before", () => {
    const end = utc("2026-12-06T03:00:00Z");
    for (let i = 0; i < 3; i++) {
      expect(formatEventTime(start, end, "America/New_York")).toBe("Sat, Dec 5, 2026, 7:00 PM – 10:00 PM EST");
      expect(formatEventTime(start, end, "Europe/Berlin")).toBe("Sun, Dec 6, 2026, 1:00 AM – 4:00 AM GMT+1");
      expect(formatEventTime(start, null, "Europe/Berlin")).toBe("Sun, Dec 6, 2026, 1:00 AM GMT+1");
      expect(formatEventTime(start, end, "Europe/Berlin", "en-GB")).toBe(formatEventTime(start, end, "Europe/Berlin", "en-GB"));
      expect(formatEventTime(start, end, "Europe/Berlin", "en-GB")).not.toBe(formatEventTime(start, end, "Europe/Berlin"));
    }
  });

  it("shows the start alone without a usable end", () => {
    expect(formatEventTime(start, null, "America/New_York")).toBe("Sat, Dec 5, 2026, 7:00 PM EST");
    expect(formatEventTime(start, undefined, "Asia/Kolkata")).toBe("Sun, Dec 6, 2026, 5:30 AM GMT+5:30");
    expect(formatEventTime(start, start, "America/New_York")).toBe("Sat, Dec 5, 2026, 7:00 PM EST");
    expect(formatEventTime(start, utc("2026-12-05T00:00:00Z"), "America/New_York")).toBe("Sat, Dec 5, 2026, 7:00 PM EST");
  });

  it("names both zones when the range crosses a DST change", () => {
    expect(formatEventTime(utc("2026-11-01T05:00:00Z"), utc("2026-11-01T08:00:00Z"), "America/New_York")).toBe(
      "Sun, Nov 1, 2026, 1:00 AM EDT – 3:00 AM EST",
    );
  });

  it("uses plain spaces and follows the locale", () => {
    const text = formatEventTime(start, utc("2026-12-06T03:00:00Z"), "America/New_York", "en-GB");
    expect(text).toMatch(/19:00 – 22:00/);
    expect(text).toMatch(/^Sat,? 5 Dec 2026/);
    expect(text).not.toMatch(/[\u202f\u2009]/);
  });
});

describe("timeZoneOffsetLabel", () => {
  it("labels whole, half and quarter hour offsets, with DST", () => {
    expect(timeZoneOffsetLabel(utc("2026-12-06T00:00:00Z"), "America/New_York")).toBe("GMT-5");
    expect(timeZoneOffsetLabel(utc("2026-07-06T00:00:00Z"), "America/New_York")).toBe("GMT-4");
    expect(timeZoneOffsetLabel(utc("2026-12-06T00:00:00Z"), "Asia/Kolkata")).toBe("GMT+5:30");
    expect(timeZoneOffsetLabel(utc("2026-12-06T00:00:00Z"), "Asia/Kathmandu")).toBe("GMT+5:45");
    expect(timeZoneOffsetLabel(utc("2026-12-06T00:00:00Z"), "America/St_Johns")).toBe("GMT-3:30");
    expect(timeZoneOffsetLabel(utc("2026-07-06T00:00:00Z"), "Australia/Lord_Howe")).toBe("GMT+10:30");
    expect(timeZoneOffsetLabel(utc("2026-12-06T00:00:00Z"), "UTC")).toBe("GMT");
  });
});

describe("COMMON_TIME_ZONES", () => {
  it("lists valid zones including UTC, sorted, without duplicates", () => {
    expect(COMMON_TIME_ZONES).toContain("UTC");
    expect(COMMON_TIME_ZONES).toContain("America/New_York");
    expect(COMMON_TIME_ZONES).toContain("Asia/Kolkata");
    expect(COMMON_TIME_ZONES).not.toContain("Asia/Calcutta");
    expect(new Set(COMMON_TIME_ZONES).size).toBe(COMMON_TIME_ZONES.length);
    expect([...COMMON_TIME_ZONES].sort()).toEqual(COMMON_TIME_ZONES);
    expect(COMMON_TIME_ZONES.every(isValidTimeZone)).toBe(true);
  });
});
