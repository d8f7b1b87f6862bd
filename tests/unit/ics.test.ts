import { describe, expect, it } from "vitest";
import { buildIcs, escapeIcsText, foldIcsLine, formatIcsDate, googleCalendarUrl, mapsUrl, outlookCalendarUrl, type CalendarEvent } from "@/lib/events/ics";

const event: CalendarEvent = {
  id: "665f1c2e9b1d4a0012345678",
  title: "Winter party",
  description: "Bring snacks",
  location: "Main hall",
  startsAt: new Date("2026-12-06T00:00:00Z"),
  endsAt: new Date("2026-12-06T03:30:00Z"),
  url: "https://invyta.example/events/665f1c2e9b1d4a0012345678",
  updatedAt: new Date("2026-11-20T08:09:10.123Z"),
  timeZone: "UTC",
  sequence: 0,
};
const now = new Date("2026-11-27T12:00:00Z");

const octets = (s: string) => new TextEncoder().encode(s).length;
/** Undoes RFC 5545 folding: a CRLF followed by one space or tab disappears. */
const unfold = (s: string) => s.replace(/\r\n[ \t]/g, "");
/** Content lines, unfolded, as "NAME:value" strings. */
const linesOf = (ics: string) => unfold(ics).split("\r\n").slice(0, -1);
const prop = (ics: string, name: string) => linesOf(ics).find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1);

describe("buildIcs", () => {
  it("writes one VEVENT in a VCALENDAR with the required properties, in UTC for a UTC event", () => {
    const ics = buildIcs(event, now);
    expect(linesOf(ics)).toEqual([
      "BEGIN:VCALENDAR",
      "PRODID:-//Invyta//Events//EN",
      "VERSION:2.0",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "BEGIN:VEVENT",
      "UID:665f1c2e9b1d4a0012345678@invyta.example",
      "SEQUENCE:0",
      "DTSTAMP:20261127T120000Z",
      "DTSTART:20261206T000000Z",
      "DTEND:20261206T033000Z",
      "SUMMARY:Winter party",
      "DESCRIPTION:Bring snacks\\n\\nhttps://invyta.example/events/665f1c2e9b1d4a0012345678",
      "LOCATION:Main hall",
      "URL:https://invyta.example/events/665f1c2e9b1d4a0012345678",
      "STATUS:CONFIRMED",
      "LAST-MODIFIED:20261120T080910Z",
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      "TRIGGER:-PT2H",
      "DESCRIPTION:Winter party",
      "END:VALARM",
      "END:VEVENT",
      "END:VCALENDAR",
    ]);
  });

  it("uses CRLF for every line break, including the last", () => {
    const ics = buildIcs({ ...event, description: "line one\nline two\r\nline three" }, now);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("ends two hours after the start when there is no usable end", () => {
    expect(prop(buildIcs({ ...event, endsAt: null }, now), "DTEND")).toBe("20261206T020000Z");
    expect(prop(buildIcs({ ...event, endsAt: undefined }, now), "DTEND")).toBe("20261206T020000Z");
    expect(prop(buildIcs({ ...event, endsAt: event.startsAt }, now), "DTEND")).toBe("20261206T020000Z");
  });

  it("escapes TEXT values so user input cannot add properties", () => {
    const ics = buildIcs(
      {
        ...event,
        title: "Tea; cakes, and C:\\temp",
        description: "Line 1\r\nLine 2\nLOCATION:evil\rEND:VEVENT",
        location: "Room 1, Floor 2; rear",
      },
      now,
    );
    expect(prop(ics, "SUMMARY")).toBe("Tea\\; cakes\\, and C:\\\\temp");
    expect(prop(ics, "DESCRIPTION")).toBe(`Line 1\\nLine 2\\nLOCATION:evil\\nEND:VEVENT\\n\\n${event.url}`);
    expect(prop(ics, "LOCATION")).toBe("Room 1\\, Floor 2\\; rear");
    expect(linesOf(ics).filter((l) => l === "END:VEVENT")).toHaveLength(1);
    expect(linesOf(ics).filter((l) => l.startsWith("LOCATION:"))).toHaveLength(1);
    // The alarm's text is the title, escaped the same way.
    expect(linesOf(ics).filter((l) => l.startsWith("DESCRIPTION:"))[1]).toBe("DESCRIPTION:Tea\\; cakes\\, and C:\\\\temp");
  });

  it("drops control characters and an empty location", () => {
    const ics = buildIcs({ ...event, title: "a\u0000b\u0007c\u001bd", location: "  " }, now);
    expect(prop(ics, "SUMMARY")).toBe("abcd");
    expect(prop(ics, "LOCATION")).toBeUndefined();
  });

  it("folds lines at 75 octets without splitting multi-byte characters", () => {
    const title = `Fête 🎉 ${"日本語のイベント🎈".repeat(12)} é`;
    const ics = buildIcs({ ...event, title, description: "x".repeat(300) }, now);
    const physical = ics.split("\r\n").slice(0, -1);
    for (const line of physical) expect(octets(line), line).toBeLessThanOrEqual(75);
    // Folding happened, and the SUMMARY survives it byte for byte.
    expect(physical.some((l) => l.startsWith(" "))).toBe(true);
    expect(prop(ics, "SUMMARY")).toBe(title);
    // No physical line starts or ends inside a surrogate pair or a UTF-8 sequence.
    for (const line of physical) {
      expect(line).not.toMatch(/^ ?[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
      expect(new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(line))).toBe(line);
    }
  });

  it("folds greedily: 75 octets on the first line, 1 + 74 on the next", () => {
    const line = `SUMMARY:${"a".repeat(200)}`;
    const parts = foldIcsLine(line).split("\r\n");
    expect(parts.map(octets)).toEqual([75, 75, 60]);
    expect(parts[1]?.startsWith(" a")).toBe(true);
    expect(foldIcsLine("x".repeat(75))).toBe("x".repeat(75));
    // A 4-byte emoji that would straddle octet 75 moves to the next line whole.
    const emojiLine = `${"a".repeat(73)}😀b`;
    expect(foldIcsLine(emojiLine)).toBe(`${"a".repeat(73)}\r\n 😀b`);
    // 72 + 4 = 76 octets: the emoji moves whole (its two UTF-16 halves are never separated).
    expect(foldIcsLine(`${"a".repeat(72)}😀`)).toBe(`${"a".repeat(72)}\r\n 😀`);
    // 71 + 4 = 75 octets fits exactly; é is 2 octets.
    expect(foldIcsLine(`${"a".repeat(71)}😀`)).toBe(`${"a".repeat(71)}😀`);
    expect(foldIcsLine(`${"a".repeat(74)}é`)).toBe(`${"a".repeat(74)}\r\n é`);
  });
});

describe("helpers", () => {
  it("formats UTC basic date-times regardless of the machine's zone", () => {
    expect(formatIcsDate(new Date("2026-03-08T07:30:05.999Z"))).toBe("20260308T073005Z");
  });

  it("escapes backslash before the characters it escapes", () => {
    expect(escapeIcsText("a\\;b")).toBe("a\\\\\\;b");
    expect(escapeIcsText("x\r\ny")).toBe("x\\ny");
  });
});

describe("outlookCalendarUrl and mapsUrl", () => {
  it("prefills Outlook's compose page with UTC times and the text as given", () => {
    const params = new URL(outlookCalendarUrl({ ...event, title: "Tea & cakes #1", location: "Café, 1/2 Main St" })).searchParams;
    expect(params.get("rru")).toBe("addevent");
    expect(params.get("subject")).toBe("Tea & cakes #1");
    expect(params.get("startdt")).toBe("2026-12-06T00:00:00.000Z");
    expect(params.get("enddt")).toBe("2026-12-06T03:30:00.000Z");
    expect(params.get("location")).toBe("Café, 1/2 Main St");
    expect(params.get("body")).toBe(`Bring snacks\n\n${event.url}`);
    expect(new URL(outlookCalendarUrl({ ...event, endsAt: null })).searchParams.get("enddt")).toBe("2026-12-06T02:00:00.000Z");
  });

  it("searches maps for the place, encoded, and survives a broken character", () => {
    expect(mapsUrl("Café Luna, 12 Main St #2")).toBe("https://www.google.com/maps/search/?api=1&query=Caf%C3%A9%20Luna%2C%2012%20Main%20St%20%232");
    expect(new URL(mapsUrl("a\uD800b")).searchParams.get("query")).toBe("a\uFFFDb");
  });
});

describe("googleCalendarUrl", () => {
  it("links to a prefilled template with UTC dates and encoded text", () => {
    const url = googleCalendarUrl({ ...event, title: "Tea & cakes #1", location: "Café, 1/2 Main St" });
    expect(url.startsWith("https://calendar.google.com/calendar/render?action=TEMPLATE&")).toBe(true);
    expect(url).toContain("&dates=20261206T000000Z/20261206T033000Z&");
    expect(url).toContain("&text=Tea%20%26%20cakes%20%231&");
    const params = new URL(url).searchParams;
    expect(params.get("text")).toBe("Tea & cakes #1");
    expect(params.get("location")).toBe("Café, 1/2 Main St");
    expect(params.get("details")).toBe(`Bring snacks\n\n${event.url}`);
    expect(params.get("dates")).toBe("20261206T000000Z/20261206T033000Z");
  });

  it("defaults the end to two hours after the start", () => {
    const params = new URL(googleCalendarUrl({ ...event, endsAt: null })).searchParams;
    expect(params.get("dates")).toBe("20261206T000000Z/20261206T020000Z");
  });
});
