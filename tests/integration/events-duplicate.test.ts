import { ObjectId } from "mongodb";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { eventInput } from "../support/event-input";
import { multipart } from "../support/multipart";
import { call, makePerson } from "./events-support";

// Duplicating an event (issue 15 item 5): its settings at a new time, its own invite link, no guests.

async function lib() {
  return { ...(await import("@/lib/events/details")), ...(await import("@/lib/events/reminders")), db: (await import("@/lib/db")).collections };
}

describe("POST /api/v1/events/{id}/duplicate", () => {
  it("copies the details, cover and reminders to a new time, with a new link and no guests", async () => {
    const { createEvent, setReminderSettings, db } = await lib();
    const host = await makePerson("dup");
    const source = await createEvent(
      host.user,
      eventInput({ title: "Book club", description: "Chapter 3", timezone: "Europe/Berlin", location: "Café Kranzler", max_people: 12, is_private: true, tags: ["books"], theme: "forest", days: 3, ends_at: null }),
    );
    const id = source._id.toHexString();
    await (await db.events()).updateOne({ _id: source._id }, { $set: { ends_at: new Date(source.starts_at.getTime() + 2 * 3600_000) } });
    await setReminderSettings(host.user, id, [60]);
    const coverRoute = (await import("@/app/api/v1/events/[id]/cover/route")) as unknown as { PUT: (req: Request, ctx: unknown) => Promise<Response> };
    const photo = await sharp({ create: { width: 400, height: 200, channels: 3, background: "#0ea5e9" } }).jpeg().toBuffer();
    const form = multipart([{ name: "file", filename: "c.jpg", type: "image/jpeg", data: photo }]);
    const { NextRequest } = await import("next/server");
    const put = await coverRoute.PUT(
      new NextRequest(`http://localhost/api/v1/events/${id}/cover`, { method: "PUT", body: new Uint8Array(form.body), headers: { "content-type": form.contentType, authorization: `Bearer ${host.token}` } }),
      { params: Promise.resolve({ id }) },
    );
    expect(put.status).toBe(200);
    await (await db.attendances()).insertOne({ _id: `${id}:${new ObjectId().toHexString()}`, event_id: source._id, user_id: new ObjectId(), status: "attending", created_at: new Date(), updated_at: new Date() });

    const route = (await import("@/app/api/v1/events/[id]/duplicate/route")) as unknown as { POST: Parameters<typeof call>[0] };
    const res = await call(route.POST, "POST", { id }, { token: host.token, body: { starts_at: "2031-05-02T19:30" } });
    expect(res.status).toBe(201);
    const { event } = await res.json();
    expect(event).toMatchObject({
      title: "Book club",
      description: "Chapter 3",
      timezone: "Europe/Berlin",
      location: "Café Kranzler",
      max_people: 12,
      seats_left: 12,
      is_private: true,
      tags: ["books"],
      theme: "forest",
      starts_at: "2031-05-02T17:30:00.000Z", // 19:30 in Berlin, summer time
      ends_at: "2031-05-02T19:30:00.000Z", // as long as the original
      counts: { attending: 0, maybe: 0, pending: 0, waitlisted: 0, not_attending: 0 },
    });
    expect(event.event_id).not.toBe(id);
    expect(event.invite_link).not.toBe((await (await db.events()).findOne({ _id: source._id }))!.invite_token);
    expect(new URL(event.invite_link).searchParams.get("token")).not.toBe(source.invite_token);
    expect(event.cover.wide).toContain(`/events/${event.event_id}/cover/wide`);
    const copy = await (await db.events()).findOne({ _id: new ObjectId(event.event_id) });
    expect(copy?.reminder_offsets).toEqual([60]);
    expect(copy?.cover?.wide.equals(source.cover?.wide ?? new ObjectId())).toBe(false); // its own files
    expect(await (await db.reminders()).countDocuments({ event_id: copy!._id })).toBe(1);
    expect(await (await db.attendances()).countDocuments({ event_id: copy!._id })).toBe(0);
  });

  it("is the host's alone, and refuses a time that is not one", async () => {
    const { createEvent } = await lib();
    const host = await makePerson("dup");
    const other = await makePerson("dup");
    const source = await createEvent(host.user, eventInput({ title: "Public talk", timezone: "America/New_York" }));
    const id = source._id.toHexString();
    const route = (await import("@/app/api/v1/events/[id]/duplicate/route")) as unknown as { POST: Parameters<typeof call>[0] };
    const post = (token: string | undefined, body: unknown) => call(route.POST, "POST", { id }, { token, body });
    expect((await post(other.token, { starts_at: "2031-01-01T10:00" })).status).toBe(403);
    expect((await post(undefined, { starts_at: "2031-01-01T10:00" })).status).toBe(401);
    expect((await post(host.token, {})).status).toBe(400);
    expect((await post(host.token, { starts_at: "tomorrow" })).status).toBe(400);
    expect((await post(host.token, { starts_at: { $gt: "" } })).status).toBe(400);
    expect((await post(host.token, { starts_at: "2031-02-30T10:00" })).status).toBe(400); // no such day
    expect((await post(host.token, { starts_at: "2020-01-01T10:00" })).status).toBe(400); // in the past
    expect((await post(host.token, { starts_at: "2031-01-01T10:00", ends_at: "2031-01-01T09:00" })).status).toBe(400);
  });
});
