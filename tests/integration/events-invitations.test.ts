import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createEvent, makeUser, routes, setUpEventsApi, sink } from "./events-api-support";
import { call } from "./events-support";

// Emailing the invite link (POST /api/v1/events/{id}/invitations), read from a real SMTP server.

setUpEventsApi();

describe("POST /api/v1/events/{id}/invitations", () => {
  it("emails the invite link to each address", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { title: "Garden Party" });
    const to = [`inv-${randomBytes(4).toString("hex")}@example.com`, `inv-${randomBytes(4).toString("hex")}@example.com`];
    const res = await call(routes.invitations.POST, "POST", { id: ev.id }, { token: owner.token, body: { emails: [to[0], to[1]!.toUpperCase(), to[0]] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ message: expect.any(String), sent: 2, failed: [] });
    for (const address of to) {
      const mail = await sink.waitFor((m) => m.to.includes(address));
      expect(mail.subject).toContain("Garden Party");
      expect(mail.text).toContain(ev.link);
    }
    for (const bad of [{ emails: ["not-an-email"] }, { emails: [] }, { emails: Array.from({ length: 51 }, (_, i) => `x${i}@example.com`) }, {}]) {
      const r = await call(routes.invitations.POST, "POST", { id: ev.id }, { token: owner.token, body: bad });
      expect(r.status, JSON.stringify(bad).slice(0, 40)).toBe(400);
    }
  });
});
