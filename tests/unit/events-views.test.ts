import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import type { AttendanceDoc, AttendanceStatus, EventDoc } from "@/lib/db/types";
import {
  cardBasicsOf,
  editEventViewOf,
  eventCardOf,
  eventPageViewOf,
  eventRefOf,
  guestFacesOf,
  guestRowOf,
  hostedRowsOf,
  joinedRowsOf,
  joinPageViewOf,
  managePageViewOf,
  requestRowOf,
} from "@/lib/events/views";

// View functions over plain documents: ids come out as strings, times as ISO (and in the event's
// own zone where words are formatted). Run under a non-UTC TZ: nothing here may use the machine's zone.

const EVENT_ID = new ObjectId("665f1c2e9b1d4a0012345678");
const OWNER_ID = new ObjectId("665f1c2e9b1d4a00aaaaaaaa");
const GUEST_ID = new ObjectId("665f1c2e9b1d4a00bbbbbbbb");
const APP_URL = "https://invyta.example";

function eventDoc(over: Partial<EventDoc> = {}): EventDoc {
  return {
    _id: EVENT_ID,
    owner_id: OWNER_ID,
    title: "Summer BBQ on the roof!",
    description: "Bring a salad.",
    starts_at: new Date("2030-06-01T16:00:00Z"),
    ends_at: new Date("2030-06-01T20:00:00Z"),
    timezone: "Europe/Paris",
    location: "12 Rue de la Paix",
    max_people: 10,
    seats_left: 7,
    is_private: false,
    tags: ["food", "music"],
    search_terms: [],
    invite_token: "tok",
    invite_expires_at: new Date("2030-05-30T10:00:00Z"),
    invite_max_uses: 50,
    invite_uses_left: 45,
    invite_uses: 5,
    counts: { attending: 3, maybe: 2, pending: 4, waitlisted: 1, not_attending: 6 },
    created_at: new Date("2030-01-01T00:00:00Z"),
    updated_at: new Date("2030-01-01T00:00:00Z"),
    ...over,
  };
}

function membership(status: AttendanceStatus): AttendanceDoc {
  const now = new Date("2030-01-02T00:00:00Z");
  return { _id: `${EVENT_ID.toHexString()}:${GUEST_ID.toHexString()}`, event_id: EVENT_ID, user_id: GUEST_ID, status, created_at: now, updated_at: now };
}

const BEFORE = new Date("2030-05-01T00:00:00Z");
const AFTER = new Date("2030-06-02T00:00:00Z");
const WHEN = "Sat, Jun 1, 2030, 6:00 PM – 10:00 PM GMT+2";

describe("eventPageViewOf", () => {
  it("gives the page string ids, ISO times and the time in the event's zone", () => {
    const view = eventPageViewOf({ event: eventDoc(), membership: null, isOwner: false }, APP_URL, BEFORE);
    expect(view).toMatchObject({
      id: "665f1c2e9b1d4a0012345678",
      path: "/events/665f1c2e9b1d4a0012345678",
      hostId: "665f1c2e9b1d4a00aaaaaaaa",
      startsAt: "2030-06-01T16:00:00.000Z",
      endsAt: "2030-06-01T20:00:00.000Z",
      when: WHEN,
      timezone: "Europe/Paris",
      isPrivate: false,
      isFull: false,
      isOver: false,
      isOwner: false,
      status: null,
      maxPeople: 10,
      seatsLeft: 7,
      seesGuests: false,
    });
    expect(JSON.parse(JSON.stringify(view))).toEqual(view); // plain data all the way down
  });

  it("links the Google Calendar entry to the event's absolute URL", () => {
    const { googleCalendarUrl } = eventPageViewOf({ event: eventDoc(), membership: null, isOwner: false }, APP_URL, BEFORE);
    const details = new URL(googleCalendarUrl).searchParams.get("details");
    expect(details).toContain("https://invyta.example/events/665f1c2e9b1d4a0012345678");
    expect(new URL(googleCalendarUrl).searchParams.get("dates")).toBe("20300601T160000Z/20300601T200000Z");
  });

  it("shares a public event's page with anyone, a private event's invite link with its host only", () => {
    const shareUrl = (isPrivate: boolean, isOwner: boolean, status: AttendanceStatus | null = null) =>
      eventPageViewOf({ event: eventDoc({ is_private: isPrivate }), membership: status ? membership(status) : null, isOwner }, APP_URL, BEFORE).shareUrl;
    expect(shareUrl(false, false)).toBe("https://invyta.example/events/665f1c2e9b1d4a0012345678");
    expect(shareUrl(false, true)).toBe("https://invyta.example/events/665f1c2e9b1d4a0012345678");
    expect(shareUrl(true, true)).toBe("https://invyta.example/events/join?event_id=665f1c2e9b1d4a0012345678&token=tok");
    expect(shareUrl(true, false, "attending")).toBeNull();
    expect(shareUrl(true, false)).toBeNull();
  });

  it("links the place to a maps search, and Outlook to a prefilled entry", () => {
    const view = eventPageViewOf({ event: eventDoc(), membership: null, isOwner: false }, APP_URL, BEFORE);
    expect(new URL(view.mapsUrl!).searchParams.get("query")).toBe("12 Rue de la Paix");
    expect(new URL(view.outlookCalendarUrl).searchParams.get("startdt")).toBe("2030-06-01T16:00:00.000Z");
    expect(eventPageViewOf({ event: eventDoc({ location: "" }), membership: null, isOwner: false }, APP_URL, BEFORE).mapsUrl).toBeNull();
  });

  it("says who sees the guest list: the host and guests going or maybe", () => {
    const seen = (status: AttendanceStatus | null, isOwner = false) =>
      eventPageViewOf({ event: eventDoc(), membership: status ? membership(status) : null, isOwner }, APP_URL, BEFORE).seesGuests;
    expect(seen(null, true)).toBe(true);
    expect(seen("attending")).toBe(true);
    expect(seen("maybe")).toBe(true);
    for (const status of ["pending", "waitlisted", "not_attending", null] as const) expect(seen(status)).toBe(false);
  });

  it("carries the viewer's status, fullness and whether the event is over", () => {
    const view = eventPageViewOf({ event: eventDoc({ seats_left: 0 }), membership: membership("waitlisted"), isOwner: false }, APP_URL, AFTER);
    expect(view).toMatchObject({ status: "waitlisted", isFull: true, isOver: true });
  });

  it("has no end when the event has none, and no capacity when it is unlimited", () => {
    const view = eventPageViewOf({ event: eventDoc({ ends_at: null, max_people: null, seats_left: null }), membership: null, isOwner: false }, APP_URL, BEFORE);
    expect(view).toMatchObject({ endsAt: null, maxPeople: null, seatsLeft: null, isFull: false });
  });
});

describe("joinPageViewOf", () => {
  it("shows the invitation, not the description, and where the viewer stands", () => {
    const view = joinPageViewOf({ event: eventDoc({ is_private: true }), membership: membership("pending"), isOwner: false });
    expect(view).toEqual({
      id: "665f1c2e9b1d4a0012345678",
      title: "Summer BBQ on the roof!",
      location: "12 Rue de la Paix",
      timezone: "Europe/Paris",
      startsAt: "2030-06-01T16:00:00.000Z",
      endsAt: "2030-06-01T20:00:00.000Z",
      when: WHEN,
      isPrivate: true,
      isFull: false,
      counts: { attending: 3, maybe: 2, pending: 4, waitlisted: 1, not_attending: 6 },
      maxPeople: 10,
      hostId: "665f1c2e9b1d4a00aaaaaaaa",
      isOwner: false,
      isHost: false,
      status: "pending",
      theme: "indigo",
      cover: null,
      linkExpiresAt: "2030-05-30T10:00:00.000Z",
    });
    expect(joinPageViewOf({ event: eventDoc(), membership: null, isOwner: true })).toMatchObject({ isOwner: true, status: null });
    expect(joinPageViewOf({ event: eventDoc({ invite_expires_at: null }), membership: null, isOwner: false }).linkExpiresAt).toBeNull();
  });

  it("names the cover's sizes by file, with the invite token for a private event only", () => {
    const cover = { wide: new ObjectId("665f1c2e9b1d4a00cccccc01"), small: new ObjectId("665f1c2e9b1d4a00cccccc02"), og: new ObjectId("665f1c2e9b1d4a00cccccc03") };
    const base = "/events/665f1c2e9b1d4a0012345678/cover";
    expect(joinPageViewOf({ event: eventDoc({ is_private: true, cover }), membership: null, isOwner: false }, "tok_123").cover).toEqual({
      wide: `${base}/wide?v=665f1c2e9b1d4a00cccccc01&token=tok_123`,
      small: `${base}/small?v=665f1c2e9b1d4a00cccccc02&token=tok_123`,
    });
    expect(joinPageViewOf({ event: eventDoc({ cover }), membership: null, isOwner: false }, "tok_123").cover?.small).toBe(`${base}/small?v=665f1c2e9b1d4a00cccccc02`);
    expect(eventPageViewOf({ event: eventDoc({ cover }), membership: null, isOwner: false }, APP_URL, BEFORE).cover?.wide).toBe(`${base}/wide?v=665f1c2e9b1d4a00cccccc01`);
    expect(eventPageViewOf({ event: eventDoc({ cover: null }), membership: null, isOwner: false }, APP_URL, BEFORE).cover).toBeNull();
  });
});

describe("managePageViewOf", () => {
  it("counts everyone who answered (not the requests) and carries the invite link's settings", () => {
    const view = managePageViewOf(eventDoc(), "https://invyta.example/events/join?x");
    expect(view).toMatchObject({
      id: "665f1c2e9b1d4a0012345678",
      path: "/events/665f1c2e9b1d4a0012345678",
      guestTotal: 3 + 2 + 1 + 6,
      inviteLink: "https://invyta.example/events/join?x",
      slug: "summer-bbq-on-the-roof",
      when: WHEN,
      invite: { expiresAt: "2030-05-30T10:00:00.000Z", maxUses: 50, uses: 5, usesLeft: 45 },
    });
  });

  it("says no limits as nulls", () => {
    const view = managePageViewOf(eventDoc({ invite_expires_at: null, invite_max_uses: null, invite_uses_left: null }), "link");
    expect(view.invite).toEqual({ expiresAt: null, maxUses: null, uses: 5, usesLeft: null });
  });
});

describe("cards", () => {
  it("gives every card its basics, and My events' cards a copy of the counts", () => {
    const event = eventDoc({ seats_left: 0 });
    expect(cardBasicsOf(event)).toEqual({
      id: "665f1c2e9b1d4a0012345678",
      title: "Summer BBQ on the roof!",
      startsAt: "2030-06-01T16:00:00.000Z",
      endsAt: "2030-06-01T20:00:00.000Z",
      timezone: "Europe/Paris",
      location: "12 Rue de la Paix",
      isFull: true,
      maxPeople: 10,
    });
    const card = eventCardOf(event);
    expect(card).toMatchObject({ isPrivate: false, counts: event.counts });
    expect(card.counts).not.toBe(event.counts);
    expect(hostedRowsOf([event])).toEqual([{ event: card }]);
  });

  it("splits joined events at now: upcoming soonest first, past most recent first", () => {
    const at = (iso: string, title: string) => eventDoc({ _id: new ObjectId(), title, starts_at: new Date(iso), ends_at: null });
    // listJoinedEvents answers soonest first.
    const joined = [
      { event: at("2030-01-01T10:00:00Z", "old"), status: "attending" as const },
      { event: at("2030-03-01T10:00:00Z", "recent"), status: "maybe" as const },
      { event: at("2030-06-01T10:00:00Z", "next"), status: "waitlisted" as const },
      { event: at("2030-07-01T10:00:00Z", "later"), status: "pending" as const },
    ];
    const { upcoming, past } = joinedRowsOf(joined, BEFORE);
    expect(upcoming.map((r) => [r.event.title, r.status])).toEqual([["next", "waitlisted"], ["later", "pending"]]);
    expect(past.map((r) => [r.event.title, r.status])).toEqual([["recent", "maybe"], ["old", "attending"]]);
  });
});

describe("guests", () => {
  const guest = { user_id: GUEST_ID.toHexString(), display_name: "Ann Lee", username: "ann", status: "attending" as const, joined_at: new Date("2030-01-02T03:04:05Z"), email: "ann@example.com" };

  it("gives the guest list and the requests panel ISO join times", () => {
    expect(guestRowOf(guest)).toEqual({ userId: guest.user_id, displayName: "Ann Lee", username: "ann", email: "ann@example.com", status: "attending", joinedAt: "2030-01-02T03:04:05.000Z" });
    // The requests panel is a client component: only what it shows crosses.
    expect(requestRowOf(guest)).toEqual({ user_id: guest.user_id, display_name: "Ann Lee", username: "ann", email: "ann@example.com", joined_at: "2030-01-02T03:04:05.000Z" });
  });

  it("turns the event's faces into string ids", () => {
    expect(guestFacesOf([{ user_id: GUEST_ID, name: "Ann Lee", image: null }])).toEqual([{ userId: "665f1c2e9b1d4a00bbbbbbbb", name: "Ann Lee", image: null }]);
  });
});

describe("editEventViewOf", () => {
  it("starts the form on the event's wall clock, with empty boxes for what is unset", () => {
    expect(editEventViewOf(eventDoc())).toEqual({
      ...eventRefOf(eventDoc()),
      cover: null,
      initial: {
        title: "Summer BBQ on the roof!",
        description: "Bring a salad.",
        starts_at: "2030-06-01T18:00",
        ends_at: "2030-06-01T22:00",
        timezone: "Europe/Paris",
        location: "12 Rue de la Paix",
        max_people: 10,
        is_private: false,
        tags: ["food", "music"],
        theme: "indigo",
      },
    });
    expect(editEventViewOf(eventDoc({ ends_at: null, max_people: null })).initial).toMatchObject({ ends_at: "", max_people: "" });
  });
});
