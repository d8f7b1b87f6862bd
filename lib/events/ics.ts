// iCalendar (RFC 5545) export and the "add to Google Calendar" link. Pure: no server imports.

import { isUtcZone, vtimezoneLines, zonedIcsTime } from "./vtimezone";

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
  /** The event's IANA zone: times are written on its clock (`DTSTART;TZID=…`) with a VTIMEZONE. */
  timeZone: string;
  /** Raised each time the time or place changes (and for a cancellation), so apps keep the newest copy. */
  sequence: number;
};

/**
 * PUBLISH: a file to import or a feed. REQUEST and CANCEL (iTIP, RFC 5546): an invitation mailed to a
 * guest, which calendar apps apply to the copy with the same UID when its SEQUENCE is newer.
 */
export type IcsMethod = "PUBLISH" | "REQUEST" | "CANCEL";
export type IcsPerson = { email: string; name?: string | null };
export type IcsOptions = {
  method?: IcsMethod;
  /** REQUEST and CANCEL need an ORGANIZER; the ATTENDEE is the guest the mail goes to. */
  organizer?: IcsPerson;
  attendee?: IcsPerson & { partstat: "ACCEPTED" | "TENTATIVE" };
  /** A feed's name, shown by calendar apps that subscribe to it. */
  calendarName?: string;
};

/** How long before the start calendar apps remind the guest. */
export const ALARM_BEFORE = "-PT2H";

/** Length of an event without an end time. */
export const DEFAULT_EVENT_DURATION_MS = 2 * 60 * 60 * 1000;

const CRLF = "\r\n";
const MAX_LINE_OCTETS = 75;

/** UTC "basic" form, e.g. 20261206T000000Z (DATE-TIME with the Z suffix). */
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

/** The stable UID of an event's copies everywhere: its id at the app's host. */
export function eventUid(event: Pick<CalendarEvent, "id" | "url">): string {
  return `${event.id}@${new URL(event.url).hostname}`;
}

/** A parameter value (CN=…): quoted, without the characters a quoted value cannot hold. */
function paramValue(value: string): string {
  return `"${value.replace(CONTROL, "").replace(/[\r\n"]/g, "")}"`;
}

function person(role: "ORGANIZER" | "ATTENDEE", who: IcsPerson, extra = ""): string {
  const name = who.name?.trim() ? `;CN=${paramValue(who.name.trim())}` : "";
  return `${role}${name}${extra}:mailto:${cleanUri(who.email)}`;
}

/** "DTSTART;TZID=Europe/Paris:20261206T190000", or UTC ("…Z") for a UTC event or a repeated hour. */
function timeProperty(name: string, at: Date, timeZone: string): string {
  const local = isUtcZone(timeZone) ? null : zonedIcsTime(at, timeZone);
  return local ? `${name};TZID=${timeZone}:${local}` : `${name}:${formatIcsDate(at)}`;
}

function veventLines(event: CalendarEvent, now: Date, opts: IcsOptions): string[] {
  const method = opts.method ?? "PUBLISH";
  const cancelled = method === "CANCEL";
  return [
    "BEGIN:VEVENT",
    `UID:${escapeIcsText(eventUid(event))}`,
    `SEQUENCE:${Math.max(0, Math.trunc(event.sequence))}`,
    `DTSTAMP:${formatIcsDate(now)}`,
    timeProperty("DTSTART", event.startsAt, event.timeZone),
    timeProperty("DTEND", effectiveEnd(event.startsAt, event.endsAt), event.timeZone),
    `SUMMARY:${escapeIcsText(event.title)}`,
    `DESCRIPTION:${escapeIcsText(descriptionOf(event))}`,
    ...(event.location.trim() ? [`LOCATION:${escapeIcsText(event.location)}`] : []),
    `URL:${cleanUri(event.url)}`,
    `STATUS:${cancelled ? "CANCELLED" : "CONFIRMED"}`,
    ...(opts.organizer ? [person("ORGANIZER", opts.organizer)] : []),
    // RSVP=FALSE: answers would go to the organizer's mailbox, which is the app's sender; guests answer on the event page.
    ...(opts.attendee ? [person("ATTENDEE", opts.attendee, `;ROLE=REQ-PARTICIPANT;PARTSTAT=${opts.attendee.partstat};RSVP=FALSE`)] : []),
    `LAST-MODIFIED:${formatIcsDate(event.updatedAt)}`,
    ...(cancelled ? [] : ["BEGIN:VALARM", "ACTION:DISPLAY", `TRIGGER:${ALARM_BEFORE}`, `DESCRIPTION:${escapeIcsText(event.title)}`, "END:VALARM"]),
    "END:VEVENT",
  ];
}

/**
 * A VCALENDAR with a VEVENT per event and a VTIMEZONE per zone they use, CRLF line endings,
 * folded lines. One event for a download or a mailed invitation; many for a feed.
 */
export function buildCalendar(events: CalendarEvent[], now: Date = new Date(), opts: IcsOptions = {}): string {
  const byZone = new Map<string, Date[]>();
  for (const e of events) {
    if (isUtcZone(e.timeZone)) continue;
    byZone.set(e.timeZone, [...(byZone.get(e.timeZone) ?? []), e.startsAt, effectiveEnd(e.startsAt, e.endsAt)]);
  }
  const lines = [
    "BEGIN:VCALENDAR",
    "PRODID:-//Invyta//Events//EN",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    `METHOD:${opts.method ?? "PUBLISH"}`,
    ...(opts.calendarName ? [`X-WR-CALNAME:${escapeIcsText(opts.calendarName)}`, "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"] : []),
    ...[...byZone].flatMap(([zone, instants]) => vtimezoneLines(zone, instants)),
    ...events.flatMap((e) => veventLines(e, now, opts)),
    "END:VCALENDAR",
  ];
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}

/** A VCALENDAR with one VEVENT for `event`. */
export function buildIcs(event: CalendarEvent, now: Date = new Date(), opts: IcsOptions = {}): string {
  return buildCalendar([event], now, opts);
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
