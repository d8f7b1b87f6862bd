import { ObjectId } from "mongodb";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import { byKey, cycle, DAY, newEvent, seedMembers, service, setUpEventsPaging } from "./events-paging-support";
import { makePerson, type Handler } from "./events-support";

// The guest list as CSV (GET /events/{id}/guests.csv): everyone, however many, streamed; for the host only.

setUpEventsPaging();

// The CSV export is a page route that reads the Auth.js session; here the signed-in user is set by the test.
const session = vi.hoisted(() => ({ user: null as AuthUser | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));

let csvRoute: { GET: Handler };

beforeAll(async () => {
  csvRoute = await import("@/app/events/[id]/guests.csv/route");
});

describe("GET /events/{id}/guests.csv", () => {
  const csvOf = (id: string) => csvRoute.GET(new NextRequest(`http://localhost/events/${id}/guests.csv`), { params: Promise.resolve({ id }) as Promise<never> });
  /** The body as it is, BOM included (Response.text() drops a leading BOM). */
  const textOf = async (res: Response) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());

  it("has every guest and request of an event with more than 1000 guests, streamed", async () => {
    const owner = await makePerson("csv");
    const ev = await newEvent(owner, { title: "Huge, \"quoted\" fest" });
    const base = Date.now() - DAY;
    const n = 1500; // 1200 guests and 300 requests: past the old 1000-row cut
    const members = await seedMembers(
      ev._id,
      cycle(n),
      (i) => new Date(base + Math.floor(i / 3)),
      (i) => (i % 100 === 0 ? `=SUM(1+1)-${i}` : i % 100 === 1 ? `Smith, ${i}` : undefined),
    );
    session.user = owner.user;
    const started = Date.now();
    const res = await csvOf(ev.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="huge-quoted-fest-guests\.csv"$/);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.body).toBeInstanceOf(ReadableStream);
    const text = await textOf(res);
    expect(Date.now() - started).toBeLessThan(15_000);

    expect(text.startsWith("\uFEFFname,username,email,status,joined_at\r\n")).toBe(true);
    const records = text.slice(1).split("\r\n").slice(1, -1);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(records).toHaveLength(n);
    const expected = [...members].sort(byKey);
    const emails = records.map((line) => /(seed-[0-9a-f]+-\d+@example\.com)/.exec(line)?.[1]);
    expect(emails).toEqual(expected.map((m) => m.email));
    expect(new Set(emails).size).toBe(n);
    const statuses = records.map((line) => line.split(",").at(-2));
    expect(statuses.filter((s) => s === "pending")).toHaveLength(300);
    expect(statuses.filter((s) => s === "attending")).toHaveLength(300);

    // Formula injection is still neutralized and commas still quoted, on every page.
    const m0 = members[0]!;
    expect(records).toContain(`,'=SUM(1+1)-0,${m0.email},attending,${m0.created_at.toISOString()}`);
    expect(records).toContain(`,'=SUM(1+1)-1200,${members[1200]!.email},attending,${members[1200]!.created_at.toISOString()}`);
    expect(records).toContain(`,"Smith, 1101",${members[1101]!.email},maybe,${members[1101]!.created_at.toISOString()}`);
  });

  it("is for the host only", async () => {
    const owner = await makePerson("csv");
    const ev = await newEvent(owner, { is_private: false });
    const guest = await makePerson("csv");
    await service.rsvp(guest.user, ev.id, "attending");
    session.user = null;
    expect((await csvOf(ev.id)).status).toBe(401);
    session.user = guest.user;
    expect((await csvOf(ev.id)).status).toBe(403);
    session.user = (await makePerson("csv")).user;
    expect((await csvOf(new ObjectId().toHexString())).status).toBe(404);
    session.user = owner.user;
    expect(await textOf(await csvOf(ev.id))).toMatch(/^\uFEFFname,username,email,status,joined_at\r\n,,csv-[0-9a-f]+@example\.com,attending,\S+Z\r\n$/);
  });
});
