import { ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttendanceStatus } from "@/lib/db/types";
import type { Route } from "@/lib/http/route";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { call, startMailAndRedis, stopMailAndRedis, type Handler } from "./events-support";
import { addGuest, makeEvent, makePerson, type Person } from "./media-support";

// Comments on an event's page (GET/POST /api/v1/events/{id}/comments, DELETE …/comments/{comment_id})
// against the real database, Redis (the rate limit, the job queue) and SMTP server (the host's digest).

type Routes = { comments: { GET: Handler; POST: Handler }; comment: { DELETE: Handler } };

let sink: SmtpSink;
let routes: Routes;
let db: typeof import("@/lib/db");
let service: typeof import("@/lib/events/comments");
let digest: typeof import("@/lib/events/comment-digest");
let queue: typeof import("@/lib/jobs/queue");

beforeAll(async () => {
  sink = await startMailAndRedis();
  db = await import("@/lib/db");
  service = await import("@/lib/events/comments");
  digest = await import("@/lib/events/comment-digest");
  queue = await import("@/lib/jobs/queue");
  routes = {
    comments: await import("@/app/api/v1/events/[id]/comments/route"),
    comment: await import("@/app/api/v1/events/[id]/comments/[comment_id]/route"),
  } as unknown as Routes;
});

// The job queue is this file's own (tests/integration/setup.ts), removed when it is done.
afterAll(() => stopMailAndRedis(sink));

const list = (id: string, who: Person | null, query: Record<string, string> = {}) => call(routes.comments.GET, "GET", { id }, { token: who?.token, query });
const post = (id: string, who: Person | null, body: unknown) => call(routes.comments.POST, "POST", { id }, { token: who?.token, body });
const remove = (id: string, who: Person | null, comment_id: string) => call(routes.comment.DELETE, "DELETE", { id, comment_id }, { token: who?.token });

/** A comment written straight to the database, as if `author` had posted it at `at`. */
async function seedComment(eventId: string, author: Person, body = "seeded", at = new Date()): Promise<string> {
  const _id = new ObjectId();
  await (await db.collections.comments()).insertOne({ _id, event_id: new ObjectId(eventId), author_id: new ObjectId(author.user.id), body, created_at: at });
  return _id.toHexString();
}

async function stored(commentId: string) {
  return (await db.collections.comments()).findOne({ _id: new ObjectId(commentId) });
}

/** The response schemas the routes declare (the OpenAPI document's), to check real answers with. */
function declared(handler: Handler, status = 200) {
  const { response } = (handler as unknown as Route).spec;
  const schema = status in (response as object) ? (response as Record<number, unknown>)[status] : response;
  return schema as { parse(v: unknown): unknown };
}

type Cast = { host: Person; attending: Person; maybe: Person; pending: Person; waitlisted: Person; notAttending: Person; stranger: Person };

async function eventWithEveryone(isPrivate: boolean): Promise<{ id: string } & Cast> {
  const host = await makePerson("host");
  const id = await makeEvent(host, isPrivate);
  const cast = { host, stranger: await makePerson("stranger") } as Cast;
  const statuses: [keyof Cast, AttendanceStatus][] = [
    ["attending", "attending"],
    ["maybe", "maybe"],
    ["pending", "pending"],
    ["waitlisted", "waitlisted"],
    ["notAttending", "not_attending"],
  ];
  for (const [role, status] of statuses) {
    cast[role] = await makePerson(role.toLowerCase());
    await addGuest(id, cast[role], status);
  }
  return { id, ...cast };
}

describe("comments: who may read, write and delete them", () => {
  // Expected statuses by role: list, post, delete own, delete someone else's.
  const SEES = { list: 200, post: 201, own: 200 };
  const REFUSED = { list: 403, post: 403, own: 403, other: 403 };
  const table = (isPrivate: boolean): Record<keyof Cast | "signedOut", { list: number; post: number; own: number; other: number }> => ({
    host: { ...SEES, other: 200 },
    attending: { ...SEES, other: 403 },
    maybe: { ...SEES, other: 403 },
    pending: REFUSED,
    waitlisted: REFUSED,
    notAttending: REFUSED,
    // A private event does not exist for a stranger; a public one is theirs to see, not its comments.
    stranger: isPrivate ? { list: 404, post: 404, own: 404, other: 404 } : REFUSED,
    signedOut: { list: 401, post: 401, own: 401, other: 401 },
  });

  for (const isPrivate of [true, false]) {
    it(`follows the guest list's rule on a ${isPrivate ? "private" : "public"} event`, async () => {
      const ev = await eventWithEveryone(isPrivate);
      const expected = table(isPrivate);
      const got: Record<string, { list: number; post: number; own: number; other: number }> = {};
      for (const role of Object.keys(expected) as (keyof typeof expected)[]) {
        const who = role === "signedOut" ? null : ev[role];
        // "Own": a comment the person wrote while they could (seeded for those who cannot now).
        const own = await seedComment(ev.id, who ?? ev.attending, `by ${role}`);
        const others = await seedComment(ev.id, role === "maybe" ? ev.attending : ev.maybe, `for ${role} to delete`);
        got[role] = {
          list: (await list(ev.id, who)).status,
          post: (await post(ev.id, who, { body: `hello from ${role}` })).status,
          own: (await remove(ev.id, who, own)).status,
          other: (await remove(ev.id, who, others)).status,
        };
        expect(!!(await stored(own)), `${role}'s own comment is still there`).toBe(got[role]!.own !== 200);
        expect(!!(await stored(others)), `the comment ${role} tried to delete is still there`).toBe(got[role]!.other !== 200);
      }
      expect(got).toEqual(expected);
    });
  }

  it("answers with the declared shapes, author names, and who may delete each", async () => {
    const ev = await eventWithEveryone(true);
    await (await db.collections.users()).updateOne({ _id: new ObjectId(ev.attending.user.id) }, { $set: { name: "Ana Díaz" } });

    const posted = await post(ev.id, ev.attending, { body: "  See you there! Map: https://example.com/map?x=1  " });
    expect(posted.status).toBe(201);
    const body = await posted.json();
    declared(routes.comments.POST, 201).parse(body);
    expect(body).toEqual({
      message: "Comment posted",
      comment: {
        comment_id: expect.stringMatching(/^[0-9a-f]{24}$/),
        author_id: ev.attending.user.id,
        author_name: "Ana Díaz",
        body: "See you there! Map: https://example.com/map?x=1",
        created_at: expect.stringMatching(/Z$/),
        can_delete: true,
      },
    });
    expect((await post(ev.id, ev.maybe, { body: "Maybe!\r\nBringing snacks." })).status).toBe(201);

    const asHost = await (await list(ev.id, ev.host)).json();
    declared(routes.comments.GET).parse(asHost);
    expect(asHost.comments.map((c: { author_name: string; body: string; can_delete: boolean }) => [c.author_name, c.body, c.can_delete])).toEqual([
      [ev.maybe.user.username, "Maybe!\nBringing snacks.", true],
      ["Ana Díaz", "See you there! Map: https://example.com/map?x=1", true],
    ]);
    expect(asHost.next_cursor).toBeNull();
    const asMaybe = await (await list(ev.id, ev.maybe)).json();
    expect(asMaybe.comments.map((c: { can_delete: boolean }) => c.can_delete)).toEqual([true, false]);

    const gone = await remove(ev.id, ev.attending, body.comment.comment_id);
    expect(gone.status).toBe(200);
    const goneBody = await gone.json();
    declared(routes.comment.DELETE).parse(goneBody);
    expect(goneBody).toEqual({ message: "Comment deleted", comment_id: body.comment.comment_id });
    // Twice, or an id that is not a comment of this event: 404.
    expect((await remove(ev.id, ev.attending, body.comment.comment_id)).status).toBe(404);
    expect((await remove(ev.id, ev.host, "not-an-id")).status).toBe(404);
    const elsewhere = await makeEvent(ev.host, false);
    const foreign = await seedComment(elsewhere, ev.host);
    expect((await remove(ev.id, ev.host, foreign)).status).toBe(404);
    expect(await stored(foreign)).not.toBeNull();
    // An event that does not exist.
    expect((await list(new ObjectId().toHexString(), ev.host)).status).toBe(404);
    expect((await post("not-an-id", ev.host, { body: "hi" })).status).toBe(404);
  });

  it("are deleted with their event", async () => {
    const ev = await eventWithEveryone(false);
    await seedComment(ev.id, ev.attending);
    await (await import("@/lib/events/details")).deleteEvent(ev.host.user, ev.id);
    expect(await (await db.collections.comments()).countDocuments({ event_id: new ObjectId(ev.id) })).toBe(0);
  });
});

describe("what a comment may say", () => {
  it("refuses empty, too long, control characters and anything but a string, with a message for the field", async () => {
    const ev = await eventWithEveryone(false);
    // Each try counts against the poster's limit (10 a minute): a new guest for each.
    const guest = async () => {
      const person = await makePerson("guest");
      await addGuest(ev.id, person, "attending");
      return person;
    };
    const refused = async (body: unknown, raw?: string) => {
      const who = await guest();
      const res = raw === undefined ? await post(ev.id, who, body) : await call(routes.comments.POST, "POST", { id: ev.id }, { token: who.token, raw });
      expect(res.status, JSON.stringify(body ?? raw)).toBe(400);
      const answer = await res.json();
      expect(answer.code).toBe("invalid");
      return answer.issues?.body?.[0] ?? answer.error;
    };
    expect(await refused({ body: "" })).toBe("Write something first.");
    expect(await refused({ body: "  \n\t " })).toBe("Write something first.");
    expect(await refused({ body: "x".repeat(1001) })).toBe("Keep the comment under 1,000 characters.");
    expect(await refused({ body: "bell\u0007" })).toMatch(/cannot contain control characters/);
    expect(await refused({ body: "nul\u0000" })).toMatch(/cannot contain control characters/);
    expect(await refused({ body: "broken \ud800" })).toMatch(/broken character/);
    expect(await refused({ body: { $gt: "" } })).toBe("The comment must be text.");
    expect(await refused({ body: ["a"] })).toBe("The comment must be text.");
    expect(await refused({ body: 42 })).toBe("The comment must be text.");
    expect(await refused({})).toBe("The comment must be text.");
    await refused(undefined, "{not json");
    expect(await (await db.collections.comments()).countDocuments({ event_id: new ObjectId(ev.id) })).toBe(0);

    // 1000 characters as a person counts them (a family emoji is one), after trimming.
    expect((await post(ev.id, ev.attending, { body: ` ${"x".repeat(1000)} ` })).status).toBe(201);
    expect((await post(ev.id, ev.attending, { body: "👩🏽‍💻".repeat(1000) })).status).toBe(201);
    expect((await post(ev.id, ev.attending, { body: "Tabs\tand\nlines are fine" })).status).toBe(201);
  });

  it("posting is limited to 10 a minute per person", async () => {
    const ev = await eventWithEveryone(false);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await post(ev.id, ev.maybe, { body: `comment ${i}` })).status);
    expect(statuses).toEqual([...Array(10).fill(201), 429]);
    const limited = await post(ev.id, ev.maybe, { body: "one more" });
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    // Someone else still may.
    expect((await post(ev.id, ev.attending, { body: "me too" })).status).toBe(201);
  });
});

describe("paging", () => {
  it("pages newest first with the keyset cursor, ties broken by id, no comment twice", async () => {
    const ev = await eventWithEveryone(false);
    const t0 = Date.now() - 3600_000;
    const ids: string[] = [];
    // 45 comments over 15 milliseconds: three in each, so pages split inside a millisecond.
    for (let i = 0; i < 45; i++) ids.push(await seedComment(ev.id, i % 2 ? ev.attending : ev.maybe, `comment ${i}`, new Date(t0 + Math.floor(i / 3))));
    const newestFirst = ids
      .map((id, i) => ({ id, at: t0 + Math.floor(i / 3) }))
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .map((c) => c.id);

    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const res = await list(ev.id, ev.attending, cursor ? { cursor } : {});
      expect(res.status).toBe(200);
      const page = await res.json();
      sizes.push(page.comments.length);
      seen.push(...page.comments.map((c: { comment_id: string }) => c.comment_id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([20, 20, 5]);
    expect(seen).toEqual(newestFirst);

    const all = await (await list(ev.id, ev.host, { limit: "100" })).json();
    expect(all.comments).toHaveLength(45);
    expect(all.next_cursor).toBeNull();
    const small = await (await list(ev.id, ev.host, { limit: "7" })).json();
    expect(small.comments.map((c: { comment_id: string }) => c.comment_id)).toEqual(newestFirst.slice(0, 7));

    const bad: Record<string, string>[] = [{ limit: "101" }, { limit: "0" }, { limit: "abc" }, { cursor: "garbage" }, { cursor: Buffer.from('{"$gt":""}').toString("base64url") }];
    for (const query of bad) {
      expect((await list(ev.id, ev.host, query)).status, JSON.stringify(query)).toBe(400);
    }
  });
});

describe("the host's digest of new comments", () => {
  const HOUR = 3600_000;
  const data = (id: string) => ({ event_id: id });

  async function digestEvent() {
    const host = await makePerson("host");
    const id = await makeEvent(host, true);
    await (await db.collections.events()).updateOne({ _id: new ObjectId(id) }, { $set: { title: "Garden party" } });
    const ana = await makePerson("ana");
    const ben = await makePerson("ben");
    await (await db.collections.users()).updateOne({ _id: new ObjectId(ana.user.id) }, { $set: { name: "Ana" } });
    await addGuest(id, ana, "attending");
    await addGuest(id, ben, "maybe");
    return { id, host, ana, ben };
  }

  const mailsTo = (email: string) => sink.messages().filter((m) => m.to.includes(email));

  it("many comments in an hour ask for one digest; it mails the host all of them once", async () => {
    const { id, host, ana, ben } = await digestEvent();
    // A fixed hour in the past: [hourStart, hourStart + 1 h).
    const hourStart = Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR;
    const at = (minutes: number) => new Date(hourStart + minutes * 60_000);
    await service.postComment(ana.user, id, "Can I bring my dog?", at(5));
    await service.postComment(ben.user, id, "Parking: https://example.com/parking", at(20));
    await service.postComment(host.user, id, "Yes, dogs welcome!", at(25));
    await service.postComment(ana.user, id, "Great, see you <there> & then", at(59));

    // One job for the event's hour, however many comments; the host's own asks for none.
    const jobs = (await queue.queue().getDelayed()).filter((j) => j.data.event_id === id);
    // (lib/jobs/queue.ts stores the id "comments-digest:<event>:<hour>" with "_" for ":".)
    expect(jobs.map((j) => j.id)).toEqual([expect.stringMatching(new RegExp(`^comments-digest[:_]${id}[:_]${hourStart / HOUR}$`))]);
    expect(jobs[0]!.delay).toBe(55 * 60_000 + 10_000);
    expect(jobs[0]!.name).toBe("comments:digest");

    expect(await digest.handleDigest(data(id), at(60 + 1))).toBe(3);
    const mails = mailsTo(host.user.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe("3 new comments on Garden party");
    for (const text of ["Can I bring my dog?", "Parking: https://example.com/parking", "Great, see you <there> & then"]) expect(mail.text).toContain(text);
    expect(mail.text).not.toContain("dogs welcome");
    expect(mail.text).toMatch(/Ana · /);
    expect(mail.text).toContain(`${ben.user.username} · `);
    expect(mail.text.indexOf("dog?")).toBeLessThan(mail.text.indexOf("Parking"));
    expect(mail.text).toContain(`/events/${id}#comments`);
    expect(mail.html).toContain("see you &lt;there&gt; &amp; then");

    // Again: nothing new, nothing sent.
    expect(await digest.handleDigest(data(id), at(60 + 2))).toBe(0);
    expect(mailsTo(host.user.email)).toHaveLength(1);
  });

  it("two workers running the same digest at once send one email", async () => {
    const { id, host, ana, ben } = await digestEvent();
    const hourStart = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
    await service.postComment(ana.user, id, "First!", new Date(hourStart + 60_000));
    expect(await digest.handleDigest(data(id), new Date(hourStart + HOUR + 30_000))).toBe(1);
    await service.postComment(ben.user, id, "Running late", new Date(hourStart + HOUR + 5 * 60_000));

    const now = new Date(hourStart + 2 * HOUR + 30_000);
    const results = await Promise.all([digest.handleDigest(data(id), now), digest.handleDigest(data(id), now), digest.handleDigest(data(id), now)]);
    expect(results.sort()).toEqual([0, 0, 1]);
    const mails = mailsTo(host.user.email);
    expect(mails.map((m) => m.subject)).toEqual(["A new comment on Garden party", "A new comment on Garden party"]);
    expect(mails[1]!.text).toContain("Running late");
    expect(mails[1]!.text).not.toContain("First!");
  });

  it("nothing from guests, a deleted event or a bad job: no mail", async () => {
    const { id, host } = await digestEvent();
    const hourStart = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
    await service.postComment(host.user, id, "Only me here", new Date(hourStart + 60_000));
    expect(await digest.handleDigest(data(id), new Date(hourStart + HOUR + 30_000))).toBe(0);
    expect(await digest.handleDigest(data(new ObjectId().toHexString()))).toBe(0);
    expect(await digest.handleDigest({ event_id: { $ne: null } })).toBe(0);
    expect(mailsTo(host.user.email)).toHaveLength(0);
    // The worker finds the handler by the job's name.
    const { HANDLERS } = await import("@/lib/jobs/handlers");
    expect(HANDLERS["comments:digest"]).toBe(digest.commentJobs["comments:digest"]);
  });

  // Last: it stops the SMTP server and starts another on the same port.
  it("a digest that cannot be sent is sent by the retry", async () => {
    const { id, host, ana } = await digestEvent();
    const hourStart = Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR;
    await service.postComment(ana.user, id, "Is it still on?", new Date(hourStart + 60_000));
    const port = sink.port;
    await sink.stop();
    await expect(digest.handleDigest(data(id), new Date(hourStart + HOUR + 30_000))).rejects.toThrow(/Could not send mail/);
    const event = await (await db.collections.events()).findOne({ _id: new ObjectId(id) });
    expect(event?.comments_digest_through).toBeUndefined();

    sink = await startSmtpSink({ port });
    expect(await digest.handleDigest(data(id), new Date(hourStart + HOUR + 60_000))).toBe(1);
    expect(mailsTo(host.user.email).map((m) => m.subject)).toEqual(["A new comment on Garden party"]);
  });
});
