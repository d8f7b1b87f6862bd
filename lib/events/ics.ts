// iCalendar (RFC 5545) export and the "add to Google Calendar" link. Pure: no server imports.

export type CalendarEvent = {
  id: string;
  title: string;
  description: string;
  location: string;
  startsAt: Date;
  endsAt?: Date | null;
  /** The event's page, added to the description so calendar apps lead back to it. */
  url: string;
  updatedAt: Date;
};

/** Length of an event without an end time. */
export const DEFAULT_EVENT_DURATION_MS = 2 * 60 * 60 * 1000;

const CRLF = "\r\n";
const MAX_LINE_OCTETS = 75;

/** UTC "basic" form, e.g. 20261206T000000Z (DATE-TIME with the Z suffix; no time-zone table needed). */
export function formatIcsDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

/** The end to publish: the event's own when it is after the start, otherwise start + 2 h. */
export function effectiveEnd(startsAt: Date, endsAt: Date | null | undefined): Date {
  return endsAt && endsAt.getTime() > startsAt.getTime() ? endsAt : new Date(startsAt.getTime() + DEFAULT_EVENT_DURATION_MS);
}

// RFC 5545 TEXT allows no control characters except the escaped newline; dropping them also means
// user input can never start a property line of its own.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Escapes a TEXT value: `\` `;` `,` and newlines (any of CRLF, CR, LF → `\n`). */
export function escapeIcsText(value: string): string {
  return value
    .replace(CONTROL, "")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** A URI value cannot be escaped, only cleaned: no control characters, no whitespace line breaks. */
function cleanUri(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]/g, "");
}

const encoder = new TextEncoder();

/**
 * Folds a content line so no physical line exceeds 75 octets of UTF-8 (RFC 5545 §3.1): breaks are
 * CRLF + one space, and fall between code points, so a multi-byte character is never split.
 */
export function foldIcsLine(line: string): string {
  if (encoder.encode(line).length <= MAX_LINE_OCTETS) return line;
  const out: string[] = [];
  let current = "";
  let octets = 0;
  // The first line holds 75 octets; continuation lines hold 74 after their leading space.
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

function descriptionOf(event: Pick<CalendarEvent, "description" | "url">): string {
  const description = event.description.trim();
  return description ? `${description}\n\n${event.url}` : event.url;
}

/** A VCALENDAR with one VEVENT for `event`, CRLF line endings, folded lines. */
export function buildIcs(event: CalendarEvent, now: Date = new Date()): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "PRODID:-//Invyta//Events//EN",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${escapeIcsText(`${event.id}@invyta`)}`,
    `DTSTAMP:${formatIcsDate(now)}`,
    `DTSTART:${formatIcsDate(event.startsAt)}`,
    `DTEND:${formatIcsDate(effectiveEnd(event.startsAt, event.endsAt))}`,
    `SUMMARY:${escapeIcsText(event.title)}`,
    `DESCRIPTION:${escapeIcsText(descriptionOf(event))}`,
    ...(event.location.trim() ? [`LOCATION:${escapeIcsText(event.location)}`] : []),
    `URL:${cleanUri(event.url)}`,
    `LAST-MODIFIED:${formatIcsDate(event.updatedAt)}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A link that opens Outlook on the web's "new event" page prefilled with `event` (ISO times in UTC). */
export function outlookCalendarUrl(
  event: Pick<CalendarEvent, "title" | "description" | "location" | "startsAt" | "endsAt" | "url">,
): string {
  const url = new URL("https://outlook.live.com/calendar/0/action/compose");
  url.searchParams.set("rru", "addevent");
  url.searchParams.set("subject", event.title.replace(LONE_SURROGATE, "\uFFFD"));
  url.searchParams.set("startdt", event.startsAt.toISOString());
  url.searchParams.set("enddt", effectiveEnd(event.startsAt, event.endsAt).toISOString());
  url.searchParams.set("body", descriptionOf(event).replace(LONE_SURROGATE, "\uFFFD"));
  url.searchParams.set("location", event.location.replace(LONE_SURROGATE, "\uFFFD"));
  return url.toString();
}

/** A maps search for a place as people type it ("Café Luna, 12 Main St"): opens the maps app on a phone. */
export function mapsUrl(location: string): string {
  return `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(location.replace(LONE_SURROGATE, "\uFFFD"))}`;
}

/** A link that opens Google Calendar's "new event" page prefilled with `event` (times in UTC). */
export function googleCalendarUrl(
  event: Pick<CalendarEvent, "title" | "description" | "location" | "startsAt" | "endsAt" | "url">,
): string {
  const dates = `${formatIcsDate(event.startsAt)}/${formatIcsDate(effectiveEnd(event.startsAt, event.endsAt))}`;
  // encodeURIComponent throws on a lone surrogate; replace those the way TextEncoder would.
  const enc = (value: string) => encodeURIComponent(value.replace(LONE_SURROGATE, "\uFFFD"));
  // `dates` holds only digits, T, Z and the "/" Google expects literally.
  return (
    "https://calendar.google.com/calendar/render?action=TEMPLATE" +
    `&text=${enc(event.title)}&dates=${dates}&details=${enc(descriptionOf(event))}&location=${enc(event.location)}`
  );
}
