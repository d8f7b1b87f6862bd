// Event times are stored as UTC instants next to the event's IANA time zone. Everything here goes
// through Intl with an explicit `timeZone`, so results never depend on the machine's own zone.
// Pure and dependency-free: safe to import from server and client code.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** `Intl.DateTimeFormat` is costly to build; one per zone (a pure cache, identical in every process). */
const partsFormatters = new Map<string, Intl.DateTimeFormat>();
/** Zone names come from user input and Intl accepts any letter case, so the cache must stay bounded. */
const MAX_CACHED_FORMATTERS = 1000;

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let dtf = partsFormatters.get(timeZone);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    if (partsFormatters.size >= MAX_CACHED_FORMATTERS) partsFormatters.clear();
    partsFormatters.set(timeZone, dtf);
  }
  return dtf;
}

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** Milliseconds since the epoch of a wall-clock reading taken as if it were UTC (any year, incl. 0–99). */
function wallClockAsUtc(w: WallClock): number {
  const d = new Date(Date.UTC(2000, w.month - 1, w.day, w.hour, w.minute, w.second));
  d.setUTCFullYear(w.year);
  return d.getTime();
}

function wallClockAt(instantMs: number, timeZone: string): WallClock {
  const values: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instantMs)) {
    if (part.type !== "literal") values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? NaN,
    month: values.month ?? NaN,
    day: values.day ?? NaN,
    // Some engines print midnight as 24 even with h23.
    hour: (values.hour ?? NaN) % 24,
    minute: values.minute ?? NaN,
    second: values.second ?? NaN,
  };
}

/** The zone's UTC offset at an instant, in ms (east of Greenwich is positive). */
function offsetAt(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return wallClockAsUtc(wallClockAt(wholeSecond, timeZone)) - wholeSecond;
}

/** True for IANA zone names Intl knows (e.g. "Europe/Paris") and for "UTC"; false for offsets like "+05:00". */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== "string" || tz.trim() === "" || tz !== tz.trim()) return false;
  // Newer engines accept bare offsets as time zones; an event needs a real zone with DST rules.
  if (/^[+-]/.test(tz)) return false;
  try {
    partsFormatter(tz);
    return true;
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}

// ICU (and so Node 20 and some browsers) still names these zones by their old IANA spellings;
// the current names are what users expect to see and what other systems send.
const CURRENT_NAME: Record<string, string> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

function currentName(tz: string): string {
  return CURRENT_NAME[tz] ?? tz;
}

/** The current IANA spelling of a valid zone ("america/new_york" → "America/New_York", "Asia/Calcutta" → "Asia/Kolkata"), or null. */
export function canonicalTimeZone(tz: string): string | null {
  if (!isValidTimeZone(tz)) return null;
  return currentName(partsFormatter(tz).resolvedOptions().timeZone);
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

function daysInMonth(year: number, month: number): number {
  const d = new Date(Date.UTC(2000, month, 0));
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

/**
 * The UTC instant of a wall-clock time in `timeZone`. `local` is "YYYY-MM-DDTHH:mm" (seconds and
 * milliseconds optional, as `<input type="datetime-local">` sends it) or "YYYY-MM-DD" (midnight).
 * Null when `local` is malformed or not a real calendar date, or when the zone is unknown.
 *
 * DST: a time skipped by a spring-forward gap moves forward by the gap (02:30 → 03:30); a time that
 * occurs twice at a fall-back resolves to the earlier instant (the same rule as Temporal's
 * "compatible" disambiguation).
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date | null {
  if (typeof local !== "string" || !isValidTimeZone(timeZone)) return null;
  const m = LOCAL_RE.exec(local);
  if (!m) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((v) => (v === undefined ? undefined : Number(v)));
  const ms = m[7] ? Number(m[7].padEnd(3, "0")) : 0;
  if (year === undefined || month === undefined || day === undefined) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;

  const wall = { year, month, day, hour, minute, second };
  const target = wallClockAsUtc(wall);

  // Offset iteration: the answer is `target - offset` for an offset the zone uses around that day.
  // Zones change offset at most once within ±1 day, so the offsets a day before and a day after are
  // the only candidates; a candidate is right when the zone's clock at it reads `local` back.
  const before = offsetAt(target - DAY_MS, timeZone);
  const after = offsetAt(target + DAY_MS, timeZone);
  const matches = [...new Set([before, after])]
    .map((offset) => target - offset)
    .filter((instant) => wallClockAsUtc(wallClockAt(instant, timeZone)) === target)
    .sort((a, b) => a - b);

  // No match: the time falls in a gap. Reading it with the offset in force before the gap lands
  // after the transition, `gap` later on the clock.
  const instant = matches[0] ?? target - before;
  return new Date(instant + ms);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** "YYYY-MM-DDTHH:mm" as the zone's clock reads at `date` (the value for `<input type="datetime-local">`); "" for an invalid date. */
export function utcToZonedLocal(date: Date, timeZone: string): string {
  const t = date.getTime();
  if (Number.isNaN(t)) return "";
  const w = wallClockAt(t, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The zone's clock at `date`, to the second, as a Date whose UTC fields read it: for formats that
 * store a wall-clock time without a zone (a zip entry's date). `date` itself for an unknown zone.
 */
export function zonedWallClock(date: Date, timeZone: string): Date {
  const t = date.getTime();
  if (Number.isNaN(t) || !isValidTimeZone(timeZone)) return date;
  return new Date(wallClockAsUtc(wallClockAt(Math.floor(t / 1000) * 1000, timeZone)));
}

/** The zone's calendar day at `date`, "YYYY-MM-DD". */
function zonedDay(date: Date, timeZone: string): string {
  return utcToZonedLocal(date, timeZone).slice(0, 10);
}

// ICU 72+ puts a narrow no-break space before AM/PM where older ICU put a space; normalizing keeps
// server-rendered and browser-rendered text identical.
function tidy(s: string): string {
  return s.replace(/[\u202f\u2009]/g, " ");
}

const DATE_TIME: Intl.DateTimeFormatOptions = {
  weekday: "short",
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
};
const TIME: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };

const ZONE_NAME: Intl.DateTimeFormatOptions = { timeZoneName: "short" };

/** Display formatters by (options, locale, zone): building one costs ~60 µs, a page of cards needs dozens. */
const displayFormatters = new Map<string, Intl.DateTimeFormat>();

function displayFormatter(kind: "dateTime" | "time" | "zone", locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}\0${locale}\0${timeZone}`;
  let dtf = displayFormatters.get(key);
  if (!dtf) {
    const options = kind === "dateTime" ? DATE_TIME : kind === "time" ? TIME : ZONE_NAME;
    dtf = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    if (displayFormatters.size >= MAX_CACHED_FORMATTERS) displayFormatters.clear();
    displayFormatters.set(key, dtf);
  }
  return dtf;
}

function zoneName(date: Date, timeZone: string, locale: string): string {
  const parts = displayFormatter("zone", locale, timeZone).formatToParts(date);
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/**
 * A human range in the event's zone, e.g. "Sat, Dec 5, 2026, 7:00 PM – 10:00 PM EST".
 * Same day: the end shows its time only; different days: the full end date. The zone name follows
 * the end, and also the start when they differ (a range across a DST change). An end that is missing,
 * invalid or not after the start is left out.
 */
export function formatEventTime(start: Date, end: Date | null | undefined, timeZone: string, locale = "en-US"): string {
  // A pure function of its arguments: a page of cards formats the same few events on every request.
  const key = `${start.getTime()}\0${end?.getTime() ?? ""}\0${timeZone}\0${locale}`;
  let text = formattedTimes.get(key);
  if (text === undefined) {
    text = formatEventTimeNow(start, end, timeZone, locale);
    if (formattedTimes.size >= MAX_FORMATTED_TIMES) formattedTimes.clear();
    formattedTimes.set(key, text);
  }
  return text;
}

/** formatEventTime's texts (each ~6 Intl calls, ~20 µs): bounded, and identical in every process. */
const formattedTimes = new Map<string, string>();
const MAX_FORMATTED_TIMES = 5000;

function formatEventTimeNow(start: Date, end: Date | null | undefined, timeZone: string, locale: string): string {
  const full = (d: Date) => tidy(displayFormatter("dateTime", locale, timeZone).format(d));
  const startZone = zoneName(start, timeZone, locale);
  if (!end || Number.isNaN(end.getTime()) || end.getTime() <= start.getTime()) {
    return `${full(start)} ${startZone}`;
  }
  const endZone = zoneName(end, timeZone, locale);
  const endText =
    zonedDay(start, timeZone) === zonedDay(end, timeZone)
      ? tidy(displayFormatter("time", locale, timeZone).format(end))
      : full(end);
  const startText = startZone === endZone ? full(start) : `${full(start)} ${startZone}`;
  return `${startText} – ${endText} ${endZone}`;
}

/** The zone's offset at `date` as "GMT", "GMT-5", "GMT+5:30". */
export function timeZoneOffsetLabel(date: Date, timeZone: string): string {
  const minutes = Math.round(offsetAt(date.getTime(), timeZone) / MINUTE_MS);
  if (minutes === 0) return "GMT";
  const abs = Math.abs(minutes);
  const hm = abs % 60 === 0 ? `${abs / 60}` : `${Math.floor(abs / 60)}:${pad(abs % 60)}`;
  return `GMT${minutes < 0 ? "-" : "+"}${hm}`;
}

const FALLBACK_TIME_ZONES = [
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "America/New_York",
  "America/Sao_Paulo",
  "Asia/Kolkata",
  "Asia/Shanghai",
  "Asia/Tokyo",
  "Australia/Sydney",
  "Europe/Berlin",
  "Europe/London",
  "Europe/Paris",
];

function listTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: "timeZone") => string[] };
  const zones = typeof intl.supportedValuesOf === "function" ? intl.supportedValuesOf("timeZone") : FALLBACK_TIME_ZONES;
  // Plain code-unit order, so server and browser list the zones identically whatever the locale.
  return [...new Set([...zones.map(currentName), "UTC"])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every zone the runtime knows, plus "UTC", sorted: the options of a time-zone picker. */
export const COMMON_TIME_ZONES: string[] = listTimeZones();
