import { describe, expect, it } from "vitest";
import { createEvent, makeUser, routes, rsvp, setUpEventsApi } from "./events-api-support";
import { call } from "./events-support";

// The guest list (GET /api/v1/events/{id}/attendees): what the host and a guest see.

setUpEventsApi();

describe("GET /api/v1/events/{id}/attendees", () => {
  it("shows emails to the host only", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const [a, b] = [await makeUser(), await makeUser()];
    await rsvp(a, ev.id, "attending");
    await rsvp(b, ev.id, "not_attending");
    const asOwner = await (await call(routes.attendees.GET, "GET", { id: ev.id }, { token: owner.token })).json();
    expect(asOwner.attendees).toEqual([
      { user_id: a.id, display_name: null, username: null, status: "attending", joined_at: expect.stringMatching(/^\d{4}-.*Z$/), email: a.email },
      { user_id: b.id, display_name: null, username: null, status: "not_attending", joined_at: expect.any(String), email: b.email },
    ]);
    const asGuest = await (await call(routes.attendees.GET, "GET", { id: ev.id }, { token: a.token })).json();
    expect(asGuest.attendees).toEqual([{ user_id: a.id, display_name: null, username: null, status: "attending", joined_at: expect.any(String) }]);
    expect((await call(routes.attendees.GET, "GET", { id: ev.id }, { token: b.token })).status).toBe(403);
  });
});
