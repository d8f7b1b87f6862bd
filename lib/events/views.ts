import type { AttendanceDoc, AttendanceStatus, EventCounts, EventDoc, FaceDoc, QuestionDoc } from "@/lib/db/types";
import { GUEST_LIST_STATUSES, isOver } from "./access";
import { isFull } from "./capacity";
import { coverUrl } from "./cover-url";
import { googleCalendarUrl, mapsUrl, outlookCalendarUrl } from "./ics";
import type { Guest, MyEvent } from "./lists";
import { answersById, answerText, questionFormValueOf, questionViewOf, type AnswersInput, type QuestionView } from "./question-rules";
import type { EventFormInput } from "./schema";
import { eventSlug } from "./slug";
import { formatEventTime, utcToZonedLocal } from "./time";
import { DEFAULT_THEME, EVENT_THEMES, type EventTheme } from "./themes";

// What pages and components get of an event: plain objects, ids as strings, times as ISO strings
// (and the event's own zone's wording, formatted here). Documents and ObjectIds stay in lib/.

export type { AttendanceStatus, EventCounts };

/** The event as a page loads it: the document, the viewer's membership, whether they host it. */
type LoadedEvent = { event: EventDoc; membership: AttendanceDoc | null; isOwner: boolean; isHost?: boolean };

const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

/** An event's id, path and title: enough for a page's heading and links. */
export type EventRefView = { id: string; path: string; title: string };

export function eventRefOf(event: Pick<EventDoc, "_id" | "title">): EventRefView {
  const id = event._id.toHexString();
  return { id, path: `/events/${id}`, title: event.title };
}

/** The event's theme; events made before themes have the default. */
export function themeOf(event: Pick<EventDoc, "theme">): EventTheme {
  return event.theme && event.theme in EVENT_THEMES ? event.theme : DEFAULT_THEME;
}

/** The invite link: the join page for the event with its token (lib/events/invites.ts shares it with the host). */
export function inviteUrlOf(event: Pick<EventDoc, "_id" | "invite_token">, appUrl: string): string {
  const url = new URL("/events/join", appUrl);
  url.searchParams.set("event_id", event._id.toHexString());
  url.searchParams.set("token", event.invite_token);
  return url.toString();
}

/** What every event card shows. */
export type EventCardBasics = {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string | null;
  timezone: string;
  location: string;
  isFull: boolean;
  maxPeople: number | null;
};

export function cardBasicsOf(event: EventDoc): EventCardBasics {
  return {
    id: event._id.toHexString(),
    title: event.title,
    startsAt: event.starts_at.toISOString(),
    endsAt: iso(event.ends_at),
    timezone: event.timezone,
    location: event.location,
    isFull: isFull(event),
    maxPeople: event.max_people ?? null,
  };
}

/** A card on My events: the basics, visibility and counts. */
export type EventCardView = EventCardBasics & { isPrivate: boolean; counts: EventCounts };

export function eventCardOf(event: EventDoc): EventCardView {
  return { ...cardBasicsOf(event), isPrivate: event.is_private, counts: { ...event.counts } };
}

/** A row on My events: the card, and the viewer's answer for events they joined. */
export type MyEventRow = { event: EventCardView; status?: AttendanceStatus };

export function hostedRowsOf(events: EventDoc[]): MyEventRow[] {
  return events.map((event) => ({ event: eventCardOf(event) }));
}

/** Hosted events with join requests waiting, for the signed-in home. */
export function toApproveOf(hosted: EventDoc[]): Array<{ id: string; title: string; count: number }> {
  return hosted.filter((e) => e.counts.pending > 0).map((e) => ({ id: e._id.toHexString(), title: e.title, count: e.counts.pending }));
}

/** Joined events split at `now`: upcoming soonest first, past most recent first. */
export function joinedRowsOf(joined: MyEvent[], now: Date): { upcoming: MyEventRow[]; past: MyEventRow[] } {
  const rows = joined.map((m) => ({ row: { event: eventCardOf(m.event), status: m.status }, over: isOver(m.event, now) }));
  return { upcoming: rows.filter((r) => !r.over).map((r) => r.row), past: rows.filter((r) => r.over).map((r) => r.row).reverse() };
}

/** When an event is: ISO instants, its zone, and `when`, the wording in that zone (also on the printed QR sheet). */
export type EventTimeView = { timezone: string; startsAt: string; endsAt: string | null; when: string };

function eventTimeOf(event: EventDoc): EventTimeView {
  return {
    timezone: event.timezone,
    startsAt: event.starts_at.toISOString(),
    endsAt: iso(event.ends_at),
    when: formatEventTime(event.starts_at, event.ends_at, event.timezone),
  };
}

/**
 * What a shared link unfurls into (a chat app's preview card): the title, and when (in the event's
 * zone) and where. Only for a viewer who may see the event: callers decide that first.
 */
export type LinkPreviewView = { title: string; description: string; image: { url: string; alt: string } };

/**
 * The tags of a link preview. `token` is the invite link's: the image of a private event shows its
 * details only when its URL carries it (see app/events/[id]/preview.png).
 */
export function linkPreviewOf(event: EventDoc, appUrl: string, token?: string): LinkPreviewView {
  const when = formatEventTime(event.starts_at, event.ends_at, event.timezone);
  const image = new URL(`/events/${event._id.toHexString()}/preview.png`, appUrl);
  if (token) image.searchParams.set("token", token);
  return {
    title: event.title,
    description: event.location ? `${when} · ${event.location}` : when,
    image: { url: image.toString(), alt: `${event.title}, ${when}` },
  };
}

/** The 1200×630 preview image's text: null draws the image that names nothing. */
export type PreviewImageView = {
  title: string;
  when: string;
  where: string;
  host: string | null;
  isPrivate: boolean;
  theme: EventTheme;
  /** The cover's 1200×630 JPEG as a data URL (drawn behind the text), or null. */
  cover: string | null;
};

export function previewImageOf(event: EventDoc, hostName: string | null, cover: Buffer | null = null): PreviewImageView {
  return {
    title: fontSafe(event.title) || "An event on Invyta",
    when: fontSafe(formatEventTime(event.starts_at, event.ends_at, event.timezone)),
    where: fontSafe(event.location),
    host: hostName ? fontSafe(hostName) || null : null,
    isPrivate: event.is_private,
    theme: themeOf(event),
    cover: cover ? `data:image/jpeg;base64,${cover.toString("base64")}` : null,
  };
}

// The image is drawn with the one font Next bundles (Geist, Latin). Any other character would make
// it fetch a font or emoji from the internet while rendering, so those are left out: Latin letters,
// digits, punctuation and common symbols stay
// (tests/unit/preview-image.test.ts draws every one of them and fails on any fetch).
const OUTSIDE_FONT =
  /[^\u0020-\u007E\u00A0-\u00AC\u00AE-\u0113\u0116-\u012B\u012E-\u0137\u0139-\u013E\u0141-\u0148\u014A-\u014D\u0150-\u017E\u2013\u2014\u2018-\u201A\u201C-\u201E\u2020-\u2022\u2026\u2030\u2032\u2033\u2039\u203A\u20AC\u2122]/gu;

export function fontSafe(text: string): string {
  return text.replace(OUTSIDE_FONT, "").replace(/\s+/g, " ").trim();
}

/** The event page: what it shows of the event, and what the viewer is to it. */
export type EventPageView = EventTimeView & {
  id: string;
  path: string;
  title: string;
  description: string;
  location: string;
  tags: string[];
  isPrivate: boolean;
  isFull: boolean;
  isOver: boolean;
  isOwner: boolean;
  /** The owner or a co-host: manages guests, media, announcements and check-ins. */
  isHost: boolean;
  /** The viewer's membership status; null for the host and for people who have not joined. */
  status: AttendanceStatus | null;
  counts: EventCounts;
  maxPeople: number | null;
  seatsLeft: number | null;
  /** Plus-ones: how many extra people a guest may bring (0: none), the viewer's own, and the plus-ones of everyone going. */
  plusOnesMax: number;
  myGuests: number;
  guestsAttending: number;
  hostId: string;
  /** The host and guests going (or maybe) see who else is. */
  seesGuests: boolean;
  googleCalendarUrl: string;
  outlookCalendarUrl: string;
  /** A maps search for the place; null without one. */
  mapsUrl: string | null;
  /**
   * What the Share button shares: a public event's page, for anyone; a private event's invite link,
   * for its host only (a guest of a private event cannot pass it on: the page is not theirs to open).
   */
  shareUrl: string | null;
  theme: EventTheme;
  cover: CoverView;
  /** The questions guests answer with their RSVP, and the viewer's own answers; absent when it asks none. */
  questions?: QuestionView[];
  myAnswers?: AnswersInput;
};

/** The event's questions and the viewer's own answers, when it has questions (a guest never gets another's). */
function questionsPart(event: EventDoc, membership: AttendanceDoc | null): { questions?: QuestionView[]; myAnswers?: AnswersInput } {
  if (!event.questions?.length) return {};
  return { questions: event.questions.map(questionViewOf), myAnswers: answersById(membership?.answers) };
}

/** `appUrl` makes the event's absolute link in the Google Calendar entry. */
export function eventPageViewOf({ event, membership, isOwner, isHost = isOwner }: LoadedEvent, appUrl: string, now = new Date()): EventPageView {
  const { id, path } = eventRefOf(event);
  const status = membership?.status ?? null;
  const calendar = {
    title: event.title,
    description: event.description,
    location: event.location,
    startsAt: event.starts_at,
    endsAt: event.ends_at,
    url: new URL(path, appUrl).toString(),
  };
  return {
    id,
    path,
    title: event.title,
    description: event.description,
    location: event.location,
    tags: event.tags,
    ...eventTimeOf(event),
    isPrivate: event.is_private,
    isFull: isFull(event),
    isOver: isOver(event, now),
    isOwner,
    isHost,
    status,
    counts: event.counts,
    maxPeople: event.max_people ?? null,
    seatsLeft: event.seats_left,
    plusOnesMax: event.plus_ones_max ?? 0,
    myGuests: membership?.guests ?? 0,
    guestsAttending: event.guests_attending ?? 0,
    hostId: event.owner_id.toHexString(),
    seesGuests: isHost || (status !== null && GUEST_LIST_STATUSES.includes(status)),
    googleCalendarUrl: googleCalendarUrl(calendar),
    outlookCalendarUrl: outlookCalendarUrl(calendar),
    mapsUrl: event.location ? mapsUrl(event.location) : null,
    shareUrl: !event.is_private ? calendar.url : isHost ? inviteUrlOf(event, appUrl) : null,
    theme: themeOf(event),
    cover: coverViewOf(event),
    ...questionsPart(event, membership),
  };
}

/** The cover photo's two page sizes (URL paths), or null: the theme shows. */
export type CoverView = { wide: string; small: string } | null;

function coverViewOf(event: EventDoc, token?: string | null): CoverView {
  const wide = coverUrl(event, "wide", token);
  const small = coverUrl(event, "small", token);
  return wide && small ? { wide, small } : null;
}

/** A face on the event page's guest list. */
export type GuestFaceView = { userId: string; name: string | null; image: string | null };

export function guestFacesOf(faces: FaceDoc[]): GuestFaceView[] {
  return faces.map((f) => ({ userId: f.user_id.toHexString(), name: f.name, image: f.image }));
}

/** The join page: the invitation, and where the viewer stands. It never shows the description. */
export type JoinPageView = EventTimeView & {
  id: string;
  title: string;
  location: string;
  isPrivate: boolean;
  isFull: boolean;
  counts: EventCounts;
  maxPeople: number | null;
  hostId: string;
  isOwner: boolean;
  /** The owner or a co-host: they manage the event rather than join it. */
  isHost: boolean;
  /** The viewer's membership status, null when they have not joined (or host it). */
  status: AttendanceStatus | null;
  theme: EventTheme;
  cover: CoverView;
  /** What the host asks guests who join; absent when nothing. */
  questions?: QuestionView[];
  /** How many extra people a guest may bring; absent when none. */
  plusOnesMax?: number;
  /** When the invite link stops working (ISO), if it expires: the page must not outlive it. */
  linkExpiresAt: string | null;
};

/** `token`: the invite link's, which the cover's URL carries for a private event. */
export function joinPageViewOf({ event, membership, isOwner, isHost = isOwner }: LoadedEvent, token?: string): JoinPageView {
  return {
    id: event._id.toHexString(),
    title: event.title,
    location: event.location,
    ...eventTimeOf(event),
    isPrivate: event.is_private,
    isFull: isFull(event),
    counts: event.counts,
    maxPeople: event.max_people ?? null,
    hostId: event.owner_id.toHexString(),
    isOwner,
    isHost,
    status: membership?.status ?? null,
    theme: themeOf(event),
    cover: coverViewOf(event, token),
    ...(event.questions?.length ? { questions: event.questions.map(questionViewOf) } : {}),
    ...(event.plus_ones_max ? { plusOnesMax: event.plus_ones_max } : {}),
    linkExpiresAt: iso(event.invite_expires_at),
  };
}

/** The host's Manage page: the event, its counts and its invite link's settings. */
export type ManagePageView = EventTimeView & {
  id: string;
  /** The viewer's part: the owner sees everything; a co-host runs the guests but not the event's settings. */
  role: "owner" | "cohost";
  path: string;
  title: string;
  /** Printed on the QR flyer. */
  location: string;
  isPrivate: boolean;
  counts: EventCounts;
  maxPeople: number | null;
  /** The plus-ones of the guests going (people going = counts.attending + this). */
  guestsAttending: number;
  /** Everyone who answered: going, maybe, waitlisted and not going (not the requests). */
  guestTotal: number;
  inviteLink: string;
  /** File-name stem of the QR code download. */
  slug: string;
  invite: { expiresAt: string | null; maxUses: number | null; uses: number; usesLeft: number | null };
};

export function managePageViewOf(event: EventDoc, inviteLink: string, role: "owner" | "cohost" = "owner"): ManagePageView {
  const { attending, maybe, waitlisted, not_attending } = event.counts;
  return {
    ...eventRefOf(event),
    role,
    location: event.location,
    isPrivate: event.is_private,
    ...eventTimeOf(event),
    counts: event.counts,
    maxPeople: event.max_people ?? null,
    guestsAttending: event.guests_attending ?? 0,
    guestTotal: attending + maybe + waitlisted + not_attending,
    inviteLink,
    slug: eventSlug(event.title),
    invite: {
      expiresAt: iso(event.invite_expires_at),
      maxUses: event.invite_max_uses ?? null,
      uses: event.invite_uses,
      usesLeft: event.invite_uses_left ?? null,
    },
  };
}

/** A guest on the Manage page's list; email and answers (each with its question) only for the hosts. */
export type GuestRowView = {
  userId: string;
  displayName: string | null;
  username: string | null;
  email?: string;
  status: AttendanceStatus;
  joinedAt: string;
  /** Extra people they bring; absent when none. */
  guests?: number;
  answers?: { questionId: string; label: string; text: string }[];
};

/** `questions`: the event's, to show the guest's answers under them (in their order). */
export function guestRowOf(guest: Guest, questions?: readonly QuestionDoc[]): GuestRowView {
  const row: GuestRowView = { userId: guest.user_id, displayName: guest.display_name, username: guest.username, email: guest.email, status: guest.status, joinedAt: guest.joined_at.toISOString() };
  const answered = (questions ?? []).flatMap((q) => {
    const text = answerText(guest.answers?.[q.id]);
    return text ? [{ questionId: q.id, label: q.label, text }] : [];
  });
  if (answered.length) row.answers = answered;
  if (guest.guests) row.guests = guest.guests;
  return row;
}

/** A join request as the requests panel (a client component) gets it: only what it shows. */
export type RequestRowView = { user_id: string; display_name: string | null; username: string | null; email?: string; joined_at: string };

export function requestRowOf(guest: Guest): RequestRowView {
  return { user_id: guest.user_id, display_name: guest.display_name, username: guest.username, email: guest.email, joined_at: guest.joined_at.toISOString() };
}

/** The edit page: the event's id and title, and the form's starting values (times on the event's wall clock). */
/** `cover`: the current cover photo's small size, or null. */
export type EditEventView = EventRefView & { initial: EventFormInput; cover: string | null };

export function editEventViewOf(event: EventDoc): EditEventView {
  return {
    ...eventRefOf(event),
    cover: coverUrl(event, "small"),
    initial: {
      title: event.title,
      description: event.description,
      starts_at: utcToZonedLocal(event.starts_at, event.timezone),
      ends_at: event.ends_at ? utcToZonedLocal(event.ends_at, event.timezone) : "",
      timezone: event.timezone,
      location: event.location,
      max_people: event.max_people ?? "",
      ...(event.plus_ones_max ? { plus_ones_max: event.plus_ones_max } : {}),
      is_private: event.is_private,
      tags: event.tags,
      theme: themeOf(event),
      ...(event.questions?.length ? { questions: event.questions.map(questionFormValueOf) } : {}),
    },
  };
}

/** Where the Manage page's "Duplicate" starts: a week after the event (or after now, for one long past), on its clock. */
export function duplicateStartOf(event: Pick<EventDoc, "starts_at" | "timezone">, now = new Date()): string {
  return utcToZonedLocal(new Date(Math.max(event.starts_at.getTime(), now.getTime()) + 7 * 86_400_000), event.timezone);
}

/** A co-host on the Manage page. */
export type CohostView = { userId: string; label: string; email: string; image: string | null };

export function cohostViewOf(c: { user_id: string; name: string | null; username: string | null; email: string; image: string | null }): CohostView {
  return { userId: c.user_id, label: c.name || c.username || c.email, email: c.email, image: c.image };
}
