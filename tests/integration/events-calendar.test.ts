import { describe, expect, it } from "vitest";
import { APP_URL, createEvent, makeUser, routes, setUpEventsApi, YEAR } from "./events-api-support";
import { call } from "./events-support";

// The calendar file (GET /api/v1/events/{id}/calendar.ics).

setUpEventsApi();

describe("GET /api/v1/events/{id}/calendar.ics", () => {
  it("serves an iCalendar file named after the event", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { title: "Rust Meetup: Café Edition", location: "Berlin, Kreuzberg" });
    const res = await call(routes.ics.GET, "GET", { id: ev.id });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="rust-meetup-cafe-edition.ics"');
    const text = await res.text();
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text).toContain("SUMMARY:Rust Meetup: Café Edition");
    expect(text).toContain("LOCATION:Berlin\\, Kreuzberg");
    expect(text).toContain(`DTSTART:${(ev.event.starts_at as string).replace(/[-:]|\.\d{3}/g, "")}`);
    expect(text).toContain("END:VCALENDAR");
    // A stable UID at the app's host, the first SEQUENCE, and an alarm two hours before.
    expect(text).toContain(`UID:${ev.id}@${new URL(APP_URL).hostname}`);
    expect(text).toContain("SEQUENCE:0");
    expect(text).toContain("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT2H\r\n");
  });

  it("writes an event's times on its own clock with its VTIMEZONE, and raises SEQUENCE when the time changes", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { date: undefined, starts_at: `${YEAR}-07-14T21:30`, timezone: "America/New_York" });
    const text = await (await call(routes.ics.GET, "GET", { id: ev.id })).text();
    expect(text).toContain(`DTSTART;TZID=America/New_York:${YEAR}0714T213000`);
    expect(text).toContain("BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n");
    expect(text).toContain("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU");
    expect(text).toContain("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU");

    const moved = await call(routes.event.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { starts_at: `${YEAR}-07-14T22:00`, timezone: "America/New_York" } });
    expect(moved.status).toBe(200);
    const after = await (await call(routes.ics.GET, "GET", { id: ev.id })).text();
    expect(after).toContain("SEQUENCE:1");
    expect(after).toContain(`UID:${ev.id}@${new URL(APP_URL).hostname}`);
    expect(after).toContain(`DTSTART;TZID=America/New_York:${YEAR}0714T220000`);
  });

  it("keeps a private event's file out of shared caches, and from strangers", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { is_private: true, title: "Secret Dinner" });
    const res = await call(routes.ics.GET, "GET", { id: ev.id }, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(await res.text()).toContain("SUMMARY:Secret Dinner");
    expect((await call(routes.ics.GET, "GET", { id: ev.id })).status).toBe(404);
    expect((await call(routes.ics.GET, "GET", { id: ev.id }, { token: (await makeUser()).token })).status).toBe(404);
  });
});
