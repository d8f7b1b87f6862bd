import { ObjectId } from "mongodb";
import jsQR from "jsqr";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { call, type Handler } from "./events-support";
import { createEvent, db, join, makeUser, rsvp, setUpEventsApi, sink, type User } from "./events-api-support";

// Door check-in (issue 15 item 4): POST /api/v1/events/{id}/check-ins {ticket | user_id}, GET the
// list and counts, DELETE …/check-ins/{user_id} to undo — against the real database, including
// hosts scanning the same ticket at the same time.

setUpEventsApi();

let R: { list: { GET: Handler; POST: Handler }; one: { DELETE: Handler } };
let tickets: typeof import("@/lib/events/tickets");

beforeAll(async () => {
  R = { list: await import("@/app/api/v1/events/[id]/check-ins/route"), one: await import("@/app/api/v1/events/[id]/check-ins/[user_id]/route") };
  tickets = await import("@/lib/events/tickets");
});

type Answer = { status: number; body: Record<string, unknown> & { error?: string; message?: string } };

async function scan(host: User, id: string, ticket: string): Promise<Answer> {
  const res = await call(R.list.POST, "POST", { id }, { token: host.token, body: { ticket } });
  return { status: res.status, body: await res.json() };
}

async function byMember(host: User, id: string, user_id: string): Promise<Answer> {
  const res = await call(R.list.POST, "POST", { id }, { token: host.token, body: { user_id } });
  return { status: res.status, body: await res.json() };
}

async function list(host: User | null, id: string, query: Record<string, string> = {}): Promise<Answer> {
  const res = await call(R.list.GET, "GET", { id }, { token: host?.token, query });
  return { status: res.status, body: await res.json() };
}

const ticketOf = (eventId: string, user: User) => tickets.signTicket(eventId, user.id);
const eventDoc = async (id: string) => (await (await db.collections.events()).findOne({ _id: new ObjectId(id) }))!;
const membership = async (id: string, user: User) => (await db.collections.attendances()).findOne({ _id: `${id}:${user.id}` });

async function named(name: string): Promise<User> {
  const user = await makeUser();
  await (await db.collections.users()).updateOne({ _id: new ObjectId(user.id) }, { $set: { name } });
  return user;
}

/** An event with `n` guests attending. */
async function eventWithGuests(n: number, overrides: Record<string, unknown> = {}) {
  const owner = await named("Olga Owner");
  const ev = await createEvent(owner, overrides);
  const guests: User[] = [];
  for (let i = 0; i < n; i++) {
    const guest = await named(`Guest ${i}`);
    expect((await join(guest, ev)).body.rsvp_status).toBe(ev.event.is_private ? "pending" : "attending");
    guests.push(guest);
  }
  return { owner, ev, guests };
}

describe("POST /api/v1/events/{id}/check-ins", () => {
  it("checks a guest in once, by their ticket: who, when, and the counts move", async () => {
    const { owner, ev, guests } = await eventWithGuests(2);
    const [ana] = guests;
    const before = await list(owner, ev.id);
    expect(before.body.counts).toEqual({ checked_in: { guests: 0, people: 0 }, expected: { guests: 2, people: 2 } });

    const first = await scan(owner, ev.id, ticketOf(ev.id, ana!));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      message: "Checked in: Guest 0",
      guest: { user_id: ana!.id, name: "Guest 0", party_size: 1, answers: [], ticket_code: tickets.ticketCode(ev.id, ana!.id), checked_in_by: { user_id: owner.id, name: "Olga Owner" } },
      counts: { checked_in: { guests: 1, people: 1 }, expected: { guests: 2, people: 2 } },
    });
    const stored = await membership(ev.id, ana!);
    expect(stored?.checked_in_by?.toHexString()).toBe(owner.id);
    expect(Math.abs(stored!.checked_in_at!.getTime() - Date.now())).toBeLessThan(10_000);
    expect((await eventDoc(ev.id)).checked_in).toEqual({ guests: 1, people: 1 });

    // A second scan is refused, naming who came in, when and by whom; nothing moves.
    const again = await scan(owner, ev.id, ticketOf(ev.id, ana!));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/^Already checked in: Guest 0 came in at \d{1,2}:\d{2} [AP]M by you\.$/);
    expect((await eventDoc(ev.id)).checked_in).toEqual({ guests: 1, people: 1 });
  });

  it("refuses a ticket of another event, a forged or mangled ticket, and a guest who no longer attends", async () => {
    const { owner, ev, guests } = await eventWithGuests(2);
    const other = await eventWithGuests(1);
    const theirs = ticketOf(other.ev.id, other.guests[0]!);
    expect(await scan(owner, ev.id, theirs)).toEqual({ status: 409, body: { error: "This ticket is for another event.", code: "conflict" } });
    // Valid for its own event, still.
    expect((await scan(other.owner, other.ev.id, theirs)).status).toBe(200);

    const notTickets = [guests[0]!.id, `${ev.id}:${guests[0]!.id}`, ticketOf(ev.id, guests[0]!).replace(/.$/, (c) => (c === "A" ? "B" : "A")), "hello"];
    for (const text of notTickets) expect(await scan(owner, ev.id, text), text).toEqual({ status: 400, body: { error: "Not a ticket: this code is not an Invyta ticket.", code: "invalid" } });
    expect((await call(R.list.POST, "POST", { id: ev.id }, { token: owner.token, body: {} })).status).toBe(400);
    expect((await call(R.list.POST, "POST", { id: ev.id }, { token: owner.token, body: { ticket: "x", user_id: guests[0]!.id } })).status).toBe(400);

    // A signed ticket of this event for someone who never joined.
    const stranger = await makeUser();
    expect((await scan(owner, ev.id, ticketOf(ev.id, stranger))).status).toBe(404);

    expect((await rsvp(guests[1]!, ev.id, "not_attending")).body.rsvp_status).toBe("not_attending");
    const gone = await scan(owner, ev.id, ticketOf(ev.id, guests[1]!));
    expect(gone.status).toBe(409);
    expect(gone.body.error).toBe("Guest 1 is not attending any more: their ticket does not admit them.");
    expect((await eventDoc(ev.id)).checked_in ?? { guests: 0, people: 0 }).toEqual({ guests: 0, people: 0 });
  });

  it("shows the party size and the answers to the event's questions, and counts people", async () => {
    const { owner, ev, guests } = await eventWithGuests(1);
    const guest = guests[0]!;
    const questions = [
      { id: "q1", kind: "one_choice", label: "Meal", required: true, choices: ["Vegan", "Fish"] },
      { id: "q2", kind: "many_choices", label: "Allergies", required: false, choices: ["Nuts", "Gluten"] },
      { id: "q3", kind: "checkbox", label: "Photos are fine", required: true },
      { id: "q4", kind: "short_text", label: "Unanswered", required: false },
    ];
    await (await db.collections.events()).updateOne({ _id: new ObjectId(ev.id) }, { $set: { questions, guests_attending: 2 } as never });
    await (await db.collections.attendances()).updateOne(
      { _id: `${ev.id}:${guest.id}` },
      { $set: { guests: 2, answers: [{ question_id: "q3", value: true }, { question_id: "q1", value: "Vegan" }, { question_id: "q2", value: ["Nuts", "Gluten"] }] } },
    );
    const result = await scan(owner, ev.id, ticketOf(ev.id, guest));
    expect(result.status).toBe(200);
    expect(result.body.message).toBe("Checked in: Guest 0 (party of 3)");
    expect(result.body.guest).toMatchObject({
      party_size: 3,
      answers: [
        { question: "Meal", answer: "Vegan" },
        { question: "Allergies", answer: "Nuts, Gluten" },
        { question: "Photos are fine", answer: "Yes" },
      ],
    });
    expect(result.body.counts).toEqual({ checked_in: { guests: 1, people: 3 }, expected: { guests: 1, people: 3 } });

    // Undo moves the counts back by the party; a second undo finds nothing.
    const undo = await call(R.one.DELETE, "DELETE", { id: ev.id, user_id: guest.id }, { token: owner.token });
    expect(undo.status).toBe(200);
    expect((await undo.json()).counts.checked_in).toEqual({ guests: 0, people: 0 });
    expect((await call(R.one.DELETE, "DELETE", { id: ev.id, user_id: guest.id }, { token: owner.token })).status).toBe(404);
    expect((await scan(owner, ev.id, ticketOf(ev.id, guest))).status).toBe(200);
  });

  it("takes the check-in back when a checked-in guest stops attending, and admits them again when they return", async () => {
    const { owner, ev, guests } = await eventWithGuests(2);
    const [a, b] = guests;
    expect((await scan(owner, ev.id, ticketOf(ev.id, a!))).status).toBe(200);
    expect((await scan(owner, ev.id, ticketOf(ev.id, b!))).status).toBe(200);
    expect((await rsvp(a!, ev.id, "maybe")).body.rsvp_status).toBe("maybe");
    expect((await list(owner, ev.id)).body.counts).toEqual({ checked_in: { guests: 1, people: 1 }, expected: { guests: 1, people: 1 } });
    expect(await membership(ev.id, a!)).toMatchObject({ checked_in_at: null, checked_in_by: null });
    expect((await rsvp(a!, ev.id, "attending")).body.rsvp_status).toBe("attending");
    expect((await scan(owner, ev.id, ticketOf(ev.id, a!))).body.counts).toEqual({ checked_in: { guests: 2, people: 2 }, expected: { guests: 2, people: 2 } });
  });

  it("keeps the people checked in right when a checked-in guest changes their party", async () => {
    const { owner, ev, guests } = await eventWithGuests(1, { max_people: 10, plus_ones_max: 3 });
    const guest = guests[0]!;
    const resize = async (n: number) => {
      const res = await call((await import("@/app/api/v1/events/[id]/rsvp/route")).POST, "POST", { id: ev.id }, { token: guest.token, body: { rsvp_status: "attending", guests: n } });
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await resize(1);
    expect((await scan(owner, ev.id, ticketOf(ev.id, guest))).body.counts).toEqual({ checked_in: { guests: 1, people: 2 }, expected: { guests: 1, people: 2 } });
    await resize(3);
    expect((await list(owner, ev.id)).body.counts).toEqual({ checked_in: { guests: 1, people: 4 }, expected: { guests: 1, people: 4 } });
    await resize(0);
    expect((await list(owner, ev.id)).body.counts).toEqual({ checked_in: { guests: 1, people: 1 }, expected: { guests: 1, people: 1 } });
    // Undoing takes back the party as it is now.
    expect((await call(R.one.DELETE, "DELETE", { id: ev.id, user_id: guest.id }, { token: owner.token })).status).toBe(200);
    expect((await eventDoc(ev.id)).checked_in).toEqual({ guests: 0, people: 0 });
  });

  it("checks in a guest picked from the list (no ticket), once", async () => {
    const { owner, ev, guests } = await eventWithGuests(1);
    expect((await byMember(owner, ev.id, guests[0]!.id)).status).toBe(200);
    expect((await byMember(owner, ev.id, guests[0]!.id)).body.error).toMatch(/^Already checked in: Guest 0/);
    expect((await byMember(owner, ev.id, new ObjectId().toHexString())).status).toBe(404);
    expect((await byMember(owner, ev.id, "nope")).status).toBe(400);
  });
});

describe("who may check people in", () => {
  it("the owner and co-hosts; a guest gets 403, a stranger 404 on a private event, nobody signed in 401", async () => {
    const owner = await named("Private Host");
    const ev = await createEvent(owner, { is_private: true });
    const guest = await named("Approved Guest");
    const cohost = await named("Co Host");
    const stranger = await makeUser();
    await (await db.collections.events()).updateOne({ _id: new ObjectId(ev.id) }, { $set: { cohost_ids: [new ObjectId(cohost.id)] } as never });
    expect((await join(guest, ev)).body.rsvp_status).toBe("pending");
    const approve = await import("@/app/api/v1/events/[id]/requests/[user_id]/route");
    expect((await call(approve.POST, "POST", { id: ev.id, user_id: guest.id }, { token: owner.token, body: { action: "approve" } })).status).toBe(200);
    const ticket = ticketOf(ev.id, guest);

    expect((await list(guest, ev.id)).status).toBe(403);
    expect((await scan(guest, ev.id, ticket)).status).toBe(403);
    expect((await list(stranger, ev.id)).status).toBe(404);
    expect((await scan(stranger, ev.id, ticket)).status).toBe(404);
    expect((await list(null, ev.id)).status).toBe(401);
    expect((await call(R.list.POST, "POST", { id: ev.id }, { body: { ticket } })).status).toBe(401);
    expect((await call(R.one.DELETE, "DELETE", { id: ev.id, user_id: guest.id }, { token: guest.token })).status).toBe(403);

    expect((await list(cohost, ev.id)).status).toBe(200);
    const byCohost = await scan(cohost, ev.id, ticket);
    expect(byCohost.status).toBe(200);
    expect(byCohost.body.guest).toMatchObject({ checked_in_by: { user_id: cohost.id, name: "Co Host" } });
    expect((await scan(owner, ev.id, ticket)).body.error).toMatch(/^Already checked in: Approved Guest came in at .* by Co Host\.$/);
  });
});

describe("hosts scanning at the same time", () => {
  it.each([2, 5, 10])("%i concurrent scans of one ticket by two hosts: exactly one check-in, counted once", async (n) => {
    const { owner, ev, guests } = await eventWithGuests(1);
    const cohost = await named("Door Two");
    await (await db.collections.events()).updateOne({ _id: new ObjectId(ev.id) }, { $set: { cohost_ids: [new ObjectId(cohost.id)] } as never });
    const ticket = ticketOf(ev.id, guests[0]!);
    const results = await Promise.all(Array.from({ length: n }, (_, i) => scan(i % 2 === 0 ? owner : cohost, ev.id, ticket)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(n - 1);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error).toMatch(/^Already checked in: Guest 0/);
    expect((await eventDoc(ev.id)).checked_in).toEqual({ guests: 1, people: 1 });
  });

  it("many guests scanned twice each at once, a scan racing an RSVP change: the counts equal the memberships checked in", async () => {
    const { owner, ev, guests } = await eventWithGuests(12);
    const leaving = guests.slice(0, 4);
    const scans = guests.flatMap((g) => [scan(owner, ev.id, ticketOf(ev.id, g)), scan(owner, ev.id, ticketOf(ev.id, g))]);
    const changes = leaving.map((g) => rsvp(g, ev.id, "not_attending"));
    const results = await Promise.all(scans);
    await Promise.all(changes);
    // Each guest at most once; the ones who stayed exactly once.
    const admitted = results.filter((r) => r.status === 200).map((r) => (r.body.guest as { user_id: string }).user_id);
    expect(new Set(admitted).size).toBe(admitted.length);
    for (const g of guests.slice(4)) expect(admitted).toContain(g.id);
    const checkedIn = await (await db.collections.attendances()).countDocuments({ event_id: new ObjectId(ev.id), checked_in_at: { $ne: null } });
    expect(checkedIn).toBe(8);
    expect((await eventDoc(ev.id)).checked_in).toEqual({ guests: 8, people: 8 });
    expect((await list(owner, ev.id)).body.counts).toEqual({ checked_in: { guests: 8, people: 8 }, expected: { guests: 8, people: 8 } });
  });
});

describe("GET /api/v1/events/{id}/check-ins", () => {
  it("lists the guests attending with their check-ins, a page at a time, and finds them by name, email or ticket code", async () => {
    const { owner, ev, guests } = await eventWithGuests(5);
    await rsvp(guests[4]!, ev.id, "maybe");
    expect((await scan(owner, ev.id, ticketOf(ev.id, guests[1]!))).status).toBe(200);

    const all = await list(owner, ev.id);
    const rows = all.body.guests as Array<{ user_id: string; name: string; email: string; checked_in_at: string | null; ticket_code: string }>;
    expect(rows.map((r) => r.name)).toEqual(["Guest 0", "Guest 1", "Guest 2", "Guest 3"]);
    expect(rows[1]!.checked_in_at).not.toBeNull();
    expect(rows[0]!.checked_in_at).toBeNull();
    expect(all.body.next_cursor).toBeNull();

    const page1 = await list(owner, ev.id, { limit: "3" });
    expect((page1.body.guests as unknown[]).length).toBe(3);
    const page2 = await list(owner, ev.id, { limit: "3", cursor: page1.body.next_cursor as string });
    expect((page2.body.guests as Array<{ name: string }>).map((g) => g.name)).toEqual(["Guest 3"]);
    expect(page2.body.next_cursor).toBeNull();

    const names = async (query: Record<string, string>) => ((await list(owner, ev.id, query)).body.guests as Array<{ name: string }>).map((g) => g.name);
    expect(await names({ q: "guest 2" })).toEqual(["Guest 2"]);
    expect(await names({ q: "GUEST" })).toEqual(["Guest 0", "Guest 1", "Guest 2", "Guest 3"]);
    expect(await names({ q: guests[3]!.email.toUpperCase() })).toEqual(["Guest 3"]);
    expect(await names({ q: rows[2]!.ticket_code })).toEqual(["Guest 2"]);
    expect(await names({ q: rows[2]!.ticket_code.replace("-", "").toLowerCase() })).toEqual(["Guest 2"]);
    expect(await names({ q: "Guest 4" })).toEqual([]); // maybe, not attending
    expect(await names({ q: "nobody at all" })).toEqual([]);
    // A search pages too: with limit 1, each page holds the next match.
    const first = await list(owner, ev.id, { q: "guest", limit: "1" });
    const second = await list(owner, ev.id, { q: "guest", limit: "1", cursor: first.body.next_cursor as string });
    expect((second.body.guests as Array<{ name: string }>).map((g) => g.name)).toEqual(["Guest 1"]);

    expect((await list(owner, ev.id, { cursor: "bogus" })).status).toBe(400);
    expect((await list(owner, ev.id, { limit: "0" })).status).toBe(400);
  });
});

describe("the ticket by mail", () => {
  it("is queued when a guest starts attending, and the worker mails it", async () => {
    const { startWorker } = await import("@/lib/jobs/queue");
    const { HANDLERS } = await import("@/lib/jobs/handlers");
    const worker = startWorker(HANDLERS);
    try {
      const { ev, guests } = await eventWithGuests(1);
      const mail = await sink.waitFor((m) => m.to.includes(guests[0]!.email) && m.subject === `Your ticket for ${ev.event.title}`);
      expect(mail.text).toContain(tickets.ticketCode(ev.id, guests[0]!.id));
    } finally {
      await worker.close();
    }
  });

  it("goes once to a guest who starts attending, with the QR code inline and the short code", async () => {
    const { ev, guests } = await eventWithGuests(1);
    const guest = guests[0]!;
    const { sendTicketMail } = await import("@/lib/events/ticket-mail");
    // The job may have run already in this process's worker; either way one mail, never two.
    await sendTicketMail(`${ev.id}:${guest.id}`);
    expect(await sendTicketMail(`${ev.id}:${guest.id}`)).toBe(false);
    const mail = await sink.waitFor((m) => m.to.includes(guest.email) && /Your ticket for/.test(m.subject));
    const code = tickets.ticketCode(ev.id, guest.id);
    expect(mail.text).toContain(code);
    expect(mail.attachments.some((a) => a.filename === "ticket.png" && a.contentType === "image/png")).toBe(true);
    // The parser inlines the cid: image as a data URL: it is the guest's ticket.
    const dataUrl = /src="data:image\/png;base64,([^"]+)"/.exec(mail.html)?.[1];
    expect(dataUrl, "an inline PNG").toBeDefined();
    const { data, info } = await sharp(Buffer.from(dataUrl!, "base64")).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data).toBe(ticketOf(ev.id, guest));
    expect(sink.messages().filter((m) => m.to.includes(guest.email) && /Your ticket for/.test(m.subject))).toHaveLength(1);

    // Not attending (any more): no mail.
    const other = await named("Gone Guest");
    await join(other, ev);
    await rsvp(other, ev.id, "not_attending");
    await (await db.collections.mailSends()).deleteOne({ _id: `ticket:${ev.id}:${other.id}` });
    expect(await sendTicketMail(`${ev.id}:${other.id}`)).toBe(false);
  });
});
