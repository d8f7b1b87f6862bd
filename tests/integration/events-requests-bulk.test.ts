import { describe, expect, it } from "vitest";
import type { AttendanceStatus } from "@/lib/db/types";
import { DAY, db, newEvent, routes, seedMembers, service, setUpEventsPaging } from "./events-paging-support";
import { call, makePerson } from "./events-support";

// Approve all / deny all (POST /api/v1/events/{id}/requests) decides every request, however many batches it takes.

setUpEventsPaging();

describe("POST /events/{id}/requests decides every request, however many", () => {
  it("approves more than one batch, up to capacity and then onto the waitlist", async () => {
    const owner = await makePerson("all");
    const ev = await newEvent(owner, { max_people: 200 });
    const base = Date.now() - DAY;
    await seedMembers(ev._id, Array<AttendanceStatus>(250).fill("pending"), (i) => new Date(base + Math.floor(i / 4)));
    const res = await call(routes.requests.POST, "POST", { id: ev.id }, { token: owner.token, body: { action: "approve" } });
    expect(await res.json()).toEqual({ message: "250 requests approved", decided: 250 });
    const event = await (await db.collections.events()).findOne({ _id: ev._id });
    expect(event!.counts).toEqual(await service.recountEvent(ev.id));
    expect(event!.counts).toMatchObject({ pending: 0, attending: 200, waitlisted: 50 });
    expect(event!.seats_left).toBe(0);
    expect(await (await call(routes.requests.GET, "GET", { id: ev.id }, { token: owner.token })).json()).toEqual({ requests: [], next_cursor: null });
  });

  it("denies more than one batch, and leaves a request that came after the click", async () => {
    const owner = await makePerson("all");
    const ev = await newEvent(owner);
    const base = Date.now() - DAY;
    await seedMembers(ev._id, [...Array<AttendanceStatus>(230).fill("pending"), "attending"], (i) => new Date(base + i));
    const [later] = await seedMembers(ev._id, ["pending"], () => new Date(Date.now() + 60_000));
    const res = await call(routes.requests.POST, "POST", { id: ev.id }, { token: owner.token, body: { action: "deny" } });
    expect(await res.json()).toEqual({ message: "230 requests denied", decided: 230 });
    const left = await (await db.collections.attendances()).find({ event_id: ev._id }).toArray();
    expect(left.map((m) => m.status).sort()).toEqual(["attending", "pending"]);
    expect(left.find((m) => m.status === "pending")!._id).toEqual(later!._id);
    expect((await (await db.collections.events()).findOne({ _id: ev._id }))!.counts).toEqual(await service.recountEvent(ev.id));
  });
});
