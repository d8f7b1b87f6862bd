import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { APP_URL, createEvent, DAY, db, getEvent, inviteLinkOf, join, makeUser, routes, setUpEventsApi } from "./events-api-support";
import { call, randomIp } from "./events-support";

// The invite link (/api/v1/events/{id}/invite-link) and joining through it (POST /api/v1/events/join).

setUpEventsApi();

describe("invite link and POST /api/v1/events/join", () => {
  it("answers the link in the original shape", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const link = await inviteLinkOf(owner, ev.id);
    expect(link).toEqual({ invite_link: expect.any(String), expires_at: null, max_uses: null, uses: 0 });
    expect(link.invite_link).toBe(`${new URL(APP_URL).origin}/events/join?event_id=${ev.id}&token=${ev.token}`);
    expect(ev.token).toMatch(/^[A-Za-z0-9_-]{32}$/);

    await join(await makeUser(), ev);
    expect((await inviteLinkOf(owner, ev.id)).uses).toBe(1);
  });

  it("rotating makes the old token a 404", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const rotated = await call(routes.inviteLink.POST, "POST", { id: ev.id }, { token: owner.token });
    expect(rotated.status).toBe(200);
    const body = await rotated.json();
    expect(body.invite_link).not.toBe(ev.link);
    const newToken = new URL(body.invite_link).searchParams.get("token")!;

    const old = await join(await makeUser(), ev);
    expect(old.status).toBe(404);
    expect(old.body.code).toBe("not_found");
    expect((await join(await makeUser(), { id: ev.id, token: newToken })).status).toBe(200);
    expect((await inviteLinkOf(owner, ev.id)).invite_link).toBe(body.invite_link);
  });

  it("an expired link is a 404, for joining and for the preview", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { is_private: true });
    const preview = await call(routes.event.GET, "GET", { id: ev.id }, { query: { token: ev.token } });
    expect(preview.status).toBe(200);

    const inPast = await call(routes.inviteLink.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { expires_at: new Date(Date.now() - DAY).toISOString() } });
    expect(inPast.status).toBe(400);
    const future = new Date(Date.now() + DAY);
    const set = await call(routes.inviteLink.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { expires_at: future.toISOString() } });
    expect(set.status).toBe(200);
    expect((await set.json()).expires_at).toBe(future.toISOString());

    await (await db.collections.events()).updateOne({ _id: new ObjectId(ev.id) }, { $set: { invite_expires_at: new Date(Date.now() - 1000) } });
    expect((await join(await makeUser(), ev)).status).toBe(404);
    expect((await call(routes.event.GET, "GET", { id: ev.id }, { query: { token: ev.token } })).status).toBe(404);

    const cleared = await call(routes.inviteLink.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { expires_at: null } });
    expect((await cleared.json()).expires_at).toBeNull();
    expect((await join(await makeUser(), ev)).status).toBe(200);
  });

  it("max_uses=1 admits one new guest; the second gets 404", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const set = await call(routes.inviteLink.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { max_uses: 1 } });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ max_uses: 1, uses: 0 });
    for (const bad of [{ max_uses: 0 }, { max_uses: 1.5 }, { max_uses: "1" }, { expires_at: "tomorrow" }]) {
      const res = await call(routes.inviteLink.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }

    const first = await makeUser();
    expect((await join(first, ev)).status).toBe(200);
    expect((await join(await makeUser(), ev)).status).toBe(404);
    // A used-up link admits no one new, but the guest who used it still gets their status back.
    const again = await join(first, ev);
    expect(again.status).toBe(200);
    expect(again.body.rsvp_status).toBe("attending");
    expect((await getEvent(ev.id, first)).body.rsvp_status).toBe("attending");
    expect(await inviteLinkOf(owner, ev.id)).toMatchObject({ max_uses: 1, uses: 1 });
  });

  it("joining twice changes nothing", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const guest = await makeUser();
    const first = await join(guest, ev);
    expect(first).toEqual({ status: 200, body: { message: "Successfully joined the event", rsvp_status: "attending" } });
    const second = await join(guest, ev);
    expect(second).toEqual(first);
    const { body } = await getEvent(ev.id, owner);
    expect(body.counts.attending).toBe(1);
    expect(body.invite_uses).toBe(1);
    expect(body.seats_left).toBe(99);
    expect(await (await db.collections.attendances()).countDocuments({ event_id: new ObjectId(ev.id) })).toBe(1);
  });

  it("joining a private event asks the host, with the original message", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { is_private: true });
    const guest = await makeUser();
    const res = await join(guest, ev);
    expect(res).toEqual({ status: 200, body: { message: "Your request to join the event is pending approval", rsvp_status: "pending" } });
    expect((await getEvent(ev.id, guest)).body.rsvp_status).toBe("pending");
    // The host joining their own link is told so, and nothing is stored.
    expect((await join(owner, ev)).body.message).toBe("You are the host of this event");
  });

  it("answers bad join bodies with 400 and bad ids or tokens with 404", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const user = await makeUser();
    const cases: Array<[unknown, number]> = [
      [{ event_id: ev.id }, 400],
      [{ token: ev.token }, 400],
      [{ event_id: ev.id, token: { $ne: null } }, 400],
      [{ event_id: ev.id, token: "" }, 400],
      [{ event_id: "not-an-id", token: ev.token }, 404],
      [{ event_id: new ObjectId().toHexString(), token: ev.token }, 404],
      [{ event_id: ev.id, token: `${ev.token}x` }, 404],
      [{ event_id: ev.id, token: ev.token.toUpperCase() === ev.token ? "nope" : ev.token.toUpperCase() }, 404],
    ];
    for (const [body, status] of cases) {
      const res = await call(routes.join.POST, "POST", {}, { token: user.token, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
    }
    expect((await call(routes.join.POST, "POST", {}, { body: { event_id: ev.id, token: ev.token } })).status).toBe(401);
  });

  it("limits invite-token attempts per IP: the 31st within a minute is a 429 with Retry-After", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    const guesser = await makeUser();
    const ip = randomIp();
    for (let i = 0; i < 30; i++) {
      const res = await call(routes.join.POST, "POST", {}, { token: guesser.token, ip, body: { event_id: ev.id, token: `guess-${i}` } });
      expect(res.status, `attempt ${i + 1}`).toBe(404);
    }
    const limited = await call(routes.join.POST, "POST", {}, { token: guesser.token, ip, body: { event_id: ev.id, token: ev.token } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).code).toBe("rate_limited");
    // Another address is not affected.
    expect((await join(guesser, ev)).status).toBe(200);
  });
});
