// VTIMEZONE components (RFC 5545 §3.6.5) for an event's IANA zone, built from the runtime's own zone
// data through Intl: the data every time on the site is shown with (lib/events/time.ts), updated with
// Node. Our own code because the library that ships VTIMEZONEs (timezones-ical-library) carries its
// own copy of the zone database, which would go stale apart from the one our times are computed with.
// Pure: no server imports.

import { zonedWallClock } from "./time";

const SECOND = 1000;
const DAY = 86_400_000;

/** Zones without a clock change, ever: times in them are written in UTC ("…Z"), with no VTIMEZONE. */
const UTC_ZONES = new Set(["UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu", "GMT", "Etc/GMT", "Etc/GMT0", "GMT0", "Etc/Greenwich", "Greenwich"]);

export function isUtcZone(timeZone: string): boolean {
  return UTC_ZONES.has(timeZone);
}

/** The zone's UTC offset at `t` (ms since the epoch), in ms; 0 for a zone Intl does not know. */
export function offsetAt(t: number, timeZone: string): number {
  const whole = Math.floor(t / SECOND) * SECOND;
  return zonedWallClock(new Date(whole), timeZone).getTime() - whole;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** A wall-clock reading kept in a Date's UTC fields → "20261206T190000" (DATE-TIME, local form). */
function localForm(wall: Date): string {
  return (
    `${pad(wall.getUTCFullYear(), 4)}${pad(wall.getUTCMonth() + 1)}${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}${pad(wall.getUTCMinutes())}${pad(wall.getUTCSeconds())}`
  );
}

/**
 * `t` on the zone's clock ("20261206T190000"), or null when the clock reads the same twice (the hour
 * repeated when clocks go back): RFC 5545 says a TZID time names the first, but parsers differ
 * (ical.js takes the second), so an instant in that hour is written in UTC instead.
 */
export function zonedIcsTime(t: Date, timeZone: string): string | null {
  const ms = Math.floor(t.getTime() / SECOND) * SECOND;
  const offset = offsetAt(ms, timeZone);
  const local = ms + offset;
  for (const other of [offsetAt(ms - DAY, timeZone), offsetAt(ms + DAY, timeZone)]) {
    if (other !== offset && offsetAt(local - other, timeZone) === other) return null;
  }
  return localForm(new Date(local));
}

type Transition = { at: number; from: number; to: number };

/** Every offset change in [from, to): a day at a time, then narrowed to the second. */
function transitions(timeZone: string, from: number, to: number): Transition[] {
  const found: Transition[] = [];
  let before = offsetAt(from, timeZone);
  for (let t = from; t < to; t += DAY) {
    const next = Math.min(t + DAY, to);
    const after = offsetAt(next, timeZone);
    if (after === before) continue;
    let lo = t;
    let hi = next;
    while (hi - lo > SECOND) {
      const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
      if (offsetAt(mid, timeZone) === before) lo = mid;
      else hi = mid;
    }
    found.push({ at: hi, from: before, to: offsetAt(hi, timeZone) });
    before = after;
  }
  return found;
}

/** "+0100", "-0330" (UTC-OFFSET). */
function utcOffset(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

const nameFormatters = new Map<string, Intl.DateTimeFormat[]>();

/** The zone's abbreviation at `t` ("CET", "PDT", "BST") when some English locale has one; "GMT+5:30" is not one. */
function abbreviation(t: number, timeZone: string): string | null {
  let formatters = nameFormatters.get(timeZone);
  if (!formatters) {
    formatters = ["en-US", "en-GB"].map((locale) => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" }));
    if (nameFormatters.size >= 200) nameFormatters.clear();
    nameFormatters.set(timeZone, formatters);
  }
  for (const f of formatters) {
    const name = f.formatToParts(t).find((p) => p.type === "timeZoneName")?.value ?? "";
    if (/^[A-Z]{2,5}$/.test(name)) return name;
  }
  return null;
}

const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

/** When in its year a change happens on the local clock: enough to state it as a yearly rule. */
type Onset = Transition & {
  kind: "STANDARD" | "DAYLIGHT";
  name: string | null;
  /** The local time of the change on the clock before it (DTSTART of an observance). */
  wall: Date;
  /** "3/SU/02:00:00": month, weekday and time of day. */
  shape: string;
  /** 1–5: which such weekday of the month; and whether it is the month's last. */
  nth: number;
  last: boolean;
};

function onsetOf(tr: Transition, timeZone: string): Onset {
  const wall = new Date(tr.at + tr.from);
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth();
  const day = wall.getUTCDate();
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return {
    ...tr,
    // A clock going forward starts summer time; going back (or a zone's permanent move west) ends it.
    kind: tr.to > tr.from ? "DAYLIGHT" : "STANDARD",
    name: abbreviation(tr.at, timeZone),
    wall,
    shape: `${month + 1}/${WEEKDAYS[wall.getUTCDay()]}/${localForm(wall).slice(9)}`,
    nth: Math.ceil(day / 7),
    last: day + 7 > daysInMonth,
  };
}

function observance(kind: string, wall: Date, from: number, to: number, name: string | null, rrule?: string): string[] {
  return [
    `BEGIN:${kind}`,
    `DTSTART:${localForm(wall)}`,
    ...(rrule ? [`RRULE:${rrule}`] : []),
    `TZOFFSETFROM:${utcOffset(from)}`,
    `TZOFFSETTO:${utcOffset(to)}`,
    ...(name ? [`TZNAME:${name}`] : []),
    `END:${kind}`,
  ];
}

/** The formatter of UNTIL in a VTIMEZONE rule: always UTC (RFC 5545 §3.3.10). */
function utcForm(t: number): string {
  return `${localForm(new Date(t))}Z`;
}

/**
 * The VTIMEZONE lines for `timeZone` covering `instants` (the times the calendar writes on its
 * clock): the zone's changes from the year before the first to the year after the last. Changes
 * that repeat every year on the same weekday rule become one observance with an RRULE (as calendar
 * apps write them); others are listed one by one. A zone that never changes in the range gets one
 * STANDARD observance.
 */
export function vtimezoneLines(timeZone: string, instants: Date[]): string[] {
  const years = instants.map((d) => d.getUTCFullYear()).filter((y) => Number.isFinite(y));
  const firstYear = Math.min(...years);
  const lastYear = Math.max(...years);
  const key = `${timeZone}|${firstYear}|${lastYear}`;
  let lines = built.get(key);
  if (!lines) {
    lines = buildVtimezone(timeZone, firstYear, lastYear);
    if (built.size >= MAX_BUILT) built.clear();
    built.set(key, lines);
  }
  return [...lines];
}

/** Built VTIMEZONEs by zone and years: a thousand offset look-ups each, and a mailing repeats them per guest. */
const built = new Map<string, string[]>();
const MAX_BUILT = 200;

function buildVtimezone(timeZone: string, firstYear: number, lastYear: number): string[] {
  const from = Date.UTC(firstYear - 1, 0, 1);
  const to = Date.UTC(lastYear + 2, 0, 1);
  const onsets = transitions(timeZone, from, to).map((tr) => onsetOf(tr, timeZone));
  const lines = ["BEGIN:VTIMEZONE", `TZID:${timeZone}`];

  // Whatever is in force before the first change in range must be described too (a zone without
  // changes, or one whose first change comes in the year of an event).
  if (onsets.length === 0 || onsets[0]!.at > Date.UTC(firstYear, 0, 1)) {
    const offset = offsetAt(from, timeZone);
    lines.push(...observance("STANDARD", new Date(Date.UTC(1970, 0, 1)), offset, offset, abbreviation(from, timeZone)));
  }

  const groups = new Map<string, Onset[]>();
  for (const o of onsets) {
    const key = `${o.kind}|${o.from}|${o.to}|${o.name ?? ""}|${o.shape}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  for (const group of groups.values()) {
    const head = group[0]!;
    const tail = group[group.length - 1]!;
    const years = group.map((o) => o.wall.getUTCFullYear());
    const yearly = group.length >= 2 && years.every((y, i) => i === 0 || y === years[i - 1]! + 1);
    const byday = group.every((o) => o.nth === head.nth) && head.nth < 5 ? `${head.nth}` : group.every((o) => o.last) ? "-1" : null;
    if (!yearly || byday === null) {
      for (const o of group) lines.push(...observance(o.kind, o.wall, o.from, o.to, o.name));
      continue;
    }
    // The rule stops where another rule of the same kind takes over; otherwise it goes on.
    const superseded = onsets.some((o) => o.kind === head.kind && o.at > tail.at && !group.includes(o));
    const rule = `FREQ=YEARLY;BYMONTH=${head.wall.getUTCMonth() + 1};BYDAY=${byday}${WEEKDAYS[head.wall.getUTCDay()]}${superseded ? `;UNTIL=${utcForm(tail.at)}` : ""}`;
    lines.push(...observance(head.kind, head.wall, head.from, head.to, head.name, rule));
  }
  lines.push("END:VTIMEZONE");
  return lines;
}
