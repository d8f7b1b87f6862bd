import { describe, expect, it } from "vitest";
import { createEvent, makeUser, routes, setUpEventsApi } from "./events-api-support";
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
