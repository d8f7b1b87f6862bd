import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { buildCalendar, buildIcs, type CalendarEvent } from "@/lib/events/ics";

// The .ics files on the event's clock (TZID with a VTIMEZONE built from Intl), with an alarm, and as
// iTIP invitations (REQUEST, CANCEL) — each read back with ical.js, a real iCalendar parser, so the
// times calendar apps compute are the ones stored. Runs under a non-UTC TZ (vitest project "unit").

const base: CalendarEvent = {
  id: "665f1c2e9b1d4a0012345678",
  title: "Winter party",
  description: "Bring snacks",
  location: "Main hall",
  startsAt: new Date("2026-12-06T18:00:00Z"),
  endsAt: new Date("2026-12-06T21:30:00Z"),
  url: "https://invyta.example/events/665f1c2e9b1d4a0012345678",
  updatedAt: new Date("2026-11-20T08:09:10Z"),
  timeZone: "Europe/Paris",
  sequence: 0,
};
const now = new Date("2026-11-27T12:00:00Z");

const unfold = (s: string) => s.replace(/\r\n[ \t]/g, "");
const linesOf = (ics: string) => unfold(ics).split("\r\n").slice(0, -1);

/** The calendar as ical.js reads it, with its VTIMEZONEs registered so TZID times resolve through them (not through ical.js's own data). */
function parse(ics: string): ICAL.Component {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  ICAL.TimezoneService.reset();
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(vtimezone);
  return calendar;
}

function eventsOf(ics: string): ICAL.Event[] {
  return parse(ics)
    .getAllSubcomponents("vevent")
    .map((c) => new ICAL.Event(c));
}

const instant = (t: ICAL.Time) => new Date(t.toUnixTime() * 1000).toISOString();

describe("times on the event's clock", () => {
  it("writes DTSTART;TZID with a VTIMEZONE of yearly rules, read back as the same instants", () => {
    const ics = buildIcs(base, now);
    const lines = linesOf(ics);
    expect(lines).toContain("DTSTART;TZID=Europe/Paris:20261206T190000");
    expect(lines).toContain("DTEND;TZID=Europe/Paris:20261206T223000");
    const vtimezone = lines.slice(lines.indexOf("BEGIN:VTIMEZONE"), lines.indexOf("END:VTIMEZONE") + 1);
    expect(vtimezone).toEqual([
      "BEGIN:VTIMEZONE",
      "TZID:Europe/Paris",
      "BEGIN:DAYLIGHT",
      "DTSTART:20250330T020000",
      "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
      "TZOFFSETFROM:+0100",
      "TZOFFSETTO:+0200",
      "TZNAME:CEST",
      "END:DAYLIGHT",
      "BEGIN:STANDARD",
      "DTSTART:20251026T030000",
      "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
      "TZOFFSETFROM:+0200",
      "TZOFFSETTO:+0100",
      "TZNAME:CET",
      "END:STANDARD",
      "END:VTIMEZONE",
    ]);
    // The VTIMEZONE comes before the event that uses it.
    expect(lines.indexOf("END:VTIMEZONE")).toBeLessThan(lines.indexOf("BEGIN:VEVENT"));

    const [event] = eventsOf(ics);
    expect(event!.startDate.zone.tzid).toBe("Europe/Paris");
    expect(instant(event!.startDate)).toBe("2026-12-06T18:00:00.000Z");
    expect(instant(event!.endDate)).toBe("2026-12-06T21:30:00.000Z");
  });

  const zones = [
    "Europe/Paris",
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Europe/Dublin",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "America/Santiago",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "America/Sao_Paulo",
    "Africa/Casablanca",
    "Asia/Tehran",
  ];

  it.each(zones)("%s: every instant of the year, and those next to its clock changes, reads back the same", (zone) => {
    const starts: Date[] = [];
    // Every 3 days and 7 hours through 2026 and into 2027 …
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 2, 1); t += 3 * 86_400_000 + 7 * 3_600_000) starts.push(new Date(t));
    // … and each side of each clock change in 2026 (found the way a person would: the offset differs an hour later).
    const clock = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    const offset = (t: number) => clock.formatToParts(t).find((p) => p.type === "timeZoneName")!.value;
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000) {
      if (offset(t) !== offset(t + 3_600_000)) for (const d of [-30, 0, 30, 60, 90, 150]) starts.push(new Date(t + d * 60_000));
    }
    const events = starts.map((startsAt, i) => ({ ...base, id: `${i}`.padStart(24, "0"), timeZone: zone, startsAt, endsAt: new Date(startsAt.getTime() + 90 * 60_000) }));
    const ics = buildCalendar(events, now);
    expect(linesOf(ics).filter((l) => l === "BEGIN:VTIMEZONE")).toHaveLength(1);
    const parsed = eventsOf(ics);
    expect(parsed).toHaveLength(events.length);
    parsed.forEach((p, i) => {
      expect(instant(p.startDate), `${zone} ${events[i]!.startsAt.toISOString()}`).toBe(events[i]!.startsAt.toISOString());
      expect(instant(p.endDate)).toBe(events[i]!.endsAt.toISOString());
    });
  });

  it("writes the hour repeated when clocks go back in UTC (parsers differ on which reading a TZID time names)", () => {
    // 25 Oct 2026, Paris: 02:30 happens at 00:30Z (summer time) and again at 01:30Z (winter time).
    const first = buildIcs({ ...base, startsAt: new Date("2026-10-25T00:30:00Z"), endsAt: null }, now);
    const second = buildIcs({ ...base, startsAt: new Date("2026-10-25T01:30:00Z"), endsAt: null }, now);
    expect(linesOf(first)).toContain("DTSTART:20261025T003000Z");
    expect(linesOf(second)).toContain("DTSTART:20261025T013000Z");
    // Their ends, after the repeated hour, are on the clock again.
    expect(linesOf(first)).toContain("DTEND;TZID=Europe/Paris:20261025T033000");
    expect(instant(eventsOf(first)[0]!.startDate)).toBe("2026-10-25T00:30:00.000Z");
    expect(instant(eventsOf(second)[0]!.startDate)).toBe("2026-10-25T01:30:00.000Z");
  });

  it("describes a zone without clock changes with one STANDARD observance", () => {
    const ics = buildIcs({ ...base, timeZone: "Asia/Kolkata" }, now);
    const lines = linesOf(ics);
    expect(lines).toContain("DTSTART;TZID=Asia/Kolkata:20261206T233000");
    const vtimezone = lines.slice(lines.indexOf("BEGIN:VTIMEZONE"), lines.indexOf("END:VTIMEZONE") + 1);
    expect(vtimezone).toEqual(["BEGIN:VTIMEZONE", "TZID:Asia/Kolkata", "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0530", "TZOFFSETTO:+0530", "END:STANDARD", "END:VTIMEZONE"]);
  });

  it("keeps UTC events in UTC, without a VTIMEZONE", () => {
    const ics = buildIcs({ ...base, timeZone: "UTC" }, now);
    expect(linesOf(ics)).toContain("DTSTART:20261206T180000Z");
    expect(ics).not.toContain("VTIMEZONE");
    expect(instant(eventsOf(ics)[0]!.startDate)).toBe("2026-12-06T18:00:00.000Z");
  });

  it("keeps every physical line within 75 octets, VTIMEZONE included", () => {
    const ics = buildIcs({ ...base, timeZone: "America/Argentina/ComodRivadavia", title: "é".repeat(100) }, now);
    for (const line of ics.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });
});

describe("alarm, SEQUENCE and UID", () => {
  it("reminds two hours before, with a stable UID at the app's host and the event's SEQUENCE", () => {
    const [event] = eventsOf(buildIcs({ ...base, sequence: 4 }, now));
    expect(event!.uid).toBe("665f1c2e9b1d4a0012345678@invyta.example");
    expect(event!.sequence).toBe(4);
    const alarm = event!.component.getFirstSubcomponent("valarm")!;
    expect(alarm.getFirstPropertyValue("action")).toBe("DISPLAY");
    const trigger = alarm.getFirstPropertyValue("trigger") as ICAL.Duration;
    expect(trigger.toSeconds()).toBe(-2 * 3600);
    expect(alarm.getFirstPropertyValue("description")).toBe("Winter party");
  });
});

describe("invitations (iTIP)", () => {
  const organizer = { email: "no-reply@invyta.example", name: 'Ann "the host", Paris' };
  const attendee = { email: "guest@example.com", name: "Guest; One", partstat: "TENTATIVE" as const };

  it("REQUEST: the same UID with the new SEQUENCE, an organizer and the guest", () => {
    const ics = buildIcs({ ...base, sequence: 2 }, now, { method: "REQUEST", organizer, attendee });
    const calendar = parse(ics);
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
    expect(event.uid).toBe("665f1c2e9b1d4a0012345678@invyta.example");
    expect(event.sequence).toBe(2);
    expect(event.component.getFirstPropertyValue("status")).toBe("CONFIRMED");
    const org = event.component.getFirstProperty("organizer")!;
    expect(org.getFirstValue()).toBe("mailto:no-reply@invyta.example");
    // A quote cannot sit inside a quoted parameter value: it is dropped, the rest kept.
    expect(org.getParameter("cn")).toBe("Ann the host, Paris");
    const guest = event.attendees[0]!;
    expect(guest.getFirstValue()).toBe("mailto:guest@example.com");
    expect(guest.getParameter("cn")).toBe("Guest; One");
    expect(guest.getParameter("partstat")).toBe("TENTATIVE");
    expect(guest.getParameter("rsvp")).toBe("FALSE");
    expect(instant(event.startDate)).toBe("2026-12-06T18:00:00.000Z");
    expect(event.component.getFirstSubcomponent("valarm")).not.toBeNull();
  });

  it("CANCEL: STATUS:CANCELLED, the same UID, the SEQUENCE given, and no alarm", () => {
    const ics = buildIcs({ ...base, sequence: 3 }, now, { method: "CANCEL", organizer, attendee: { ...attendee, partstat: "ACCEPTED" } });
    const calendar = parse(ics);
    expect(calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
    expect(event.uid).toBe("665f1c2e9b1d4a0012345678@invyta.example");
    expect(event.sequence).toBe(3);
    expect(event.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(event.component.getFirstSubcomponent("valarm")).toBeNull();
    expect(instant(event.startDate)).toBe("2026-12-06T18:00:00.000Z");
  });
});

describe("buildCalendar (a feed)", () => {
  it("names the calendar and holds one VTIMEZONE per zone used, before the events", () => {
    const events: CalendarEvent[] = [
      { ...base, id: "a".repeat(24) },
      { ...base, id: "b".repeat(24), timeZone: "America/New_York", startsAt: new Date("2027-07-04T16:00:00Z"), endsAt: null },
      { ...base, id: "c".repeat(24), startsAt: new Date("2027-06-01T10:00:00Z") },
      { ...base, id: "d".repeat(24), timeZone: "UTC" },
    ];
    const ics = buildCalendar(events, now, { calendarName: "Ann's events, on Invyta" });
    const lines = linesOf(ics);
    expect(lines).toContain("X-WR-CALNAME:Ann's events\\, on Invyta");
    expect(lines.filter((l) => l.startsWith("TZID:"))).toEqual(["TZID:Europe/Paris", "TZID:America/New_York"]);
    const parsed = eventsOf(ics);
    expect(parsed.map((e) => e.uid)).toEqual(events.map((e) => `${e.id}@invyta.example`));
    expect(parsed.map((e) => instant(e.startDate))).toEqual(events.map((e) => e.startsAt.toISOString()));
    // The Paris zone covers both of its events' years (2026 and 2027), each with the right offset.
    expect(lines).toContain("DTSTART;TZID=Europe/Paris:20270601T120000");
  });

  it("is a valid empty calendar without events", () => {
    const ics = buildCalendar([], now, { calendarName: "Nothing yet" });
    expect(parse(ics).getAllSubcomponents("vevent")).toEqual([]);
  });
});
