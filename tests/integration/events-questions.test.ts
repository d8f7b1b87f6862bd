import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import { createEvent, db, getEvent, makeUser, routes, setUpEventsApi, type User } from "./events-api-support";
import { call } from "./events-support";

// Questions for guests (issue 15 item 3): the host asks, guests answer when they join or RSVP, and
// only the hosts see the answers (guest list API, CSV export); a duplicate asks the same (item 5).

setUpEventsApi();

// The CSV export is a page route that reads the Auth.js session; here the test says who is signed in.
const session = vi.hoisted(() => ({ user: null as AuthUser | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));

const QUESTIONS = [
  { kind: "short_text", label: "Name on your badge", required: true },
  { kind: "one_choice", label: "Meal", required: true, choices: ["Vegan", "Fish"] },
  { kind: "many_choices", label: "Which days?", choices: ["Fri", "Sat"] },
  { kind: "long_text", label: "Anything else?" },
  { kind: "checkbox", label: "I agree to the house rules", required: true },
];

type Question = { id: string; kind: string; label: string; required: boolean; choices?: string[] };

async function eventWithQuestions(owner: User, overrides: Record<string, unknown> = {}) {
  const ev = await createEvent(owner, { questions: QUESTIONS, ...overrides });
  const questions = ev.event.questions as Question[];
  const qid = (label: string) => questions.find((q) => q.label === label)!.id;
  const good = { [qid("Name on your badge")]: "Ann", [qid("Meal")]: "Fish", [qid("I agree to the house rules")]: true };
  return { ...ev, questions, qid, good };
}

const joinWith = async (user: User, ev: { id: string; token: string }, answers?: unknown) => {
  const res = await call(routes.join.POST, "POST", {}, { token: user.token, body: { event_id: ev.id, token: ev.token, ...(answers === undefined ? {} : { answers }) } });
  return { status: res.status, body: await res.json() };
};
const rsvpWith = async (user: User, id: string, rsvp_status: string, answers?: unknown) => {
  const res = await call(routes.rsvp.POST, "POST", { id }, { token: user.token, body: { rsvp_status, ...(answers === undefined ? {} : { answers }) } });
  return { status: res.status, body: await res.json() };
};
const attendees = async (user: User, id: string) => {
  const res = await call(routes.attendees.GET, "GET", { id }, { token: user.token });
  return { status: res.status, body: await res.json() };
};
const membership = async (eventId: string, userId: string) => (await db.collections.attendances()).findOne({ _id: `${eventId}:${userId}` });

describe("questions for guests", () => {
  it("are created with the event, with stable ids, and shown to whoever sees it", async () => {
    const owner = await makeUser();
    const ev = await eventWithQuestions(owner);
    expect(ev.questions.map((q) => [q.kind, q.label, q.required])).toEqual([
      ["short_text", "Name on your badge", true],
      ["one_choice", "Meal", true],
      ["many_choices", "Which days?", false],
      ["long_text", "Anything else?", false],
      ["checkbox", "I agree to the house rules", true],
    ]);
    expect(ev.questions[1]!.choices).toEqual(["Vegan", "Fish"]);
    const read = await getEvent(ev.id);
    expect(read.body.questions).toEqual(ev.questions);

    // An edit keeps the ids it is given and makes new ones for new questions.
    const kept = ev.questions.slice(0, 2);
    const patch = await call(routes.event.PATCH, "PATCH", { id: ev.id }, { token: owner.token, body: { questions: [...kept, { kind: "short_text", label: "T-shirt size" }] } });
    expect(patch.status).toBe(200);
    const after = (await patch.json()).event.questions as Question[];
    expect(after.slice(0, 2)).toEqual(kept);
    expect(after[2]!.id).not.toBe(ev.questions[2]!.id);
  });

  it("are refused when invalid, with a message naming the problem", async () => {
    const owner = await makeUser();
    const tooMany = await call(routes.events.POST, "POST", {}, { token: owner.token, body: { title: "x", date: "2031-01-01", questions: Array(11).fill({ kind: "short_text", label: "Q" }) } });
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(await tooMany.json())).toContain("Ask at most 10 questions.");
    const noChoices = await call(routes.events.POST, "POST", {}, { token: owner.token, body: { title: "x", date: "2031-01-01", questions: [{ kind: "one_choice", label: "Meal", choices: ["Only"] }] } });
    expect(noChoices.status).toBe(400);
    expect((await noChoices.json()).issues["questions.0.choices"]).toEqual(["Give 2 to 20 choices, one per line."]);
  });

  it("must be answered to join: 400 naming each missing answer, and nothing taken", async () => {
    const owner = await makeUser();
    const ev = await eventWithQuestions(owner);
    const guest = await makeUser();

    const none = await joinWith(guest, ev);
    expect(none.status).toBe(400);
    expect(none.body.error).toContain("“Name on your badge” needs an answer.");
    expect(none.body.error).toContain("Tick “I agree to the house rules” to continue.");
    expect(none.body.issues).toHaveProperty([`answers.${ev.qid("Meal")}`]);

    const badChoice = await joinWith(guest, ev, { ...ev.good, [ev.qid("Meal")]: "Pizza" });
    expect(badChoice.status).toBe(400);
    expect(badChoice.body.error).toBe("Choose one of the listed answers for “Meal”.");
    const unticked = await joinWith(guest, ev, { ...ev.good, [ev.qid("I agree to the house rules")]: false });
    expect(unticked.body.error).toBe("Tick “I agree to the house rules” to continue.");
    const unknown = await joinWith(guest, ev, { ...ev.good, $where: "1" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('This event has no question "$where".');
    const injected = await joinWith(guest, ev, { ...ev.good, [ev.qid("Meal")]: { $gt: "" } });
    expect(injected.status).toBe(400);
    expect(await membership(ev.id, guest.id)).toBeNull();
    expect((await getEvent(ev.id, owner)).body.invite_uses).toBe(0);

    const ok = await joinWith(guest, ev, { ...ev.good, [ev.qid("Which days?")]: ["Sat"] });
    expect(ok.status).toBe(200);
    expect(ok.body.rsvp_status).toBe("attending");
    expect((await membership(ev.id, guest.id))?.answers).toEqual([
      { question_id: ev.qid("Name on your badge"), value: "Ann" },
      { question_id: ev.qid("Meal"), value: "Fish" },
      { question_id: ev.qid("Which days?"), value: ["Sat"] },
      { question_id: ev.qid("I agree to the house rules"), value: true },
    ]);
  });

  it("must be answered to RSVP attending or maybe, not to decline; a later RSVP keeps them unless new ones come", async () => {
    const owner = await makeUser();
    const ev = await eventWithQuestions(owner);
    const guest = await makeUser();

    const none = await rsvpWith(guest, ev.id, "attending");
    expect(none.status).toBe(400);
    expect(none.body.error).toContain("“Name on your badge” needs an answer.");
    expect((await rsvpWith(guest, ev.id, "maybe", { [ev.qid("Meal")]: "Vegan" })).status).toBe(400);
    expect(await membership(ev.id, guest.id)).toBeNull();

    const declined = await rsvpWith(await makeUser(), ev.id, "not_attending");
    expect(declined.status).toBe(200);

    expect((await rsvpWith(guest, ev.id, "maybe", ev.good)).status).toBe(200);
    const first = (await membership(ev.id, guest.id))?.answers;
    expect(first).toHaveLength(3);

    // A change of mind without answers keeps them; with answers, they replace the old ones.
    expect((await rsvpWith(guest, ev.id, "attending")).body.rsvp_status).toBe("attending");
    expect((await membership(ev.id, guest.id))?.answers).toEqual(first);
    expect((await rsvpWith(guest, ev.id, "not_attending")).status).toBe(200);
    expect((await membership(ev.id, guest.id))?.answers).toEqual(first);
    const changed = await rsvpWith(guest, ev.id, "attending", { ...ev.good, [ev.qid("Meal")]: "Vegan" });
    expect(changed.status).toBe(200);
    expect((await membership(ev.id, guest.id))?.answers).toContainEqual({ question_id: ev.qid("Meal"), value: "Vegan" });
    const wrong = await rsvpWith(guest, ev.id, "attending", { [ev.qid("Meal")]: "Vegan" });
    expect(wrong.status).toBe(400);
    expect((await membership(ev.id, guest.id))?.status).toBe("attending");
  });

  it("answers are the hosts' to see: in the guest list API and the CSV export, never another guest's", async () => {
    const owner = await makeUser();
    const ev = await eventWithQuestions(owner);
    const ann = await makeUser();
    const bob = await makeUser();
    expect((await joinWith(ann, ev, { ...ev.good, [ev.qid("Anything else?")]: "=HYPERLINK(\"x\")", [ev.qid("Which days?")]: ["Fri", "Sat"] })).status).toBe(200);
    expect((await joinWith(bob, ev, { ...ev.good, [ev.qid("Name on your badge")]: "Bob, Jr." })).status).toBe(200);

    const hostView = await attendees(owner, ev.id);
    expect(hostView.status).toBe(200);
    const annRow = hostView.body.attendees.find((a: { user_id: string }) => a.user_id === ann.id);
    expect(annRow.answers).toEqual({
      [ev.qid("Name on your badge")]: "Ann",
      [ev.qid("Meal")]: "Fish",
      [ev.qid("Which days?")]: ["Fri", "Sat"],
      [ev.qid("Anything else?")]: '=HYPERLINK("x")',
      [ev.qid("I agree to the house rules")]: true,
    });

    const guestView = await attendees(bob, ev.id);
    expect(guestView.status).toBe(200);
    expect(guestView.body.attendees).toHaveLength(2);
    for (const row of guestView.body.attendees) expect(row).not.toHaveProperty("answers");
    expect(JSON.stringify(guestView.body)).not.toContain("Fish");
    // The event itself shows the questions, not anyone's answers.
    expect(JSON.stringify((await getEvent(ev.id, bob)).body)).not.toContain("Bob, Jr.");

    const csvRoute = (await import("@/app/events/[id]/guests.csv/route")) as unknown as { GET: (req: NextRequest, ctx: unknown) => Promise<Response> };
    const csvOf = async (user: User) => {
      session.user = { id: user.id, email: user.email, username: null };
      return csvRoute.GET(new NextRequest(`http://localhost/events/${ev.id}/guests.csv`), { params: Promise.resolve({ id: ev.id }) });
    };
    const csv = await csvOf(owner);
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe("name,username,email,status,joined_at,Name on your badge,Meal,Which days?,Anything else?,I agree to the house rules");
    const annLine = lines.find((l) => l.includes(ann.email))!;
    expect(annLine).toMatch(/,Ann,Fish,Fri; Sat,"'=HYPERLINK\(""x""\)",Yes$/);
    expect(lines.find((l) => l.includes(bob.email))).toMatch(/,"Bob, Jr\.",Fish,,,Yes$/);
    expect((await csvOf(bob)).status).toBe(403);
  });

  it("duplicating an event copies its questions", async () => {
    const owner = await makeUser();
    const ev = await eventWithQuestions(owner);
    const res = await call(routes.duplicate.POST, "POST", { id: ev.id }, { token: owner.token, body: { starts_at: "2031-05-02T19:30" } });
    expect(res.status).toBe(201);
    const { event } = await res.json();
    expect(event.questions).toEqual(ev.questions);
    // And they are asked there too.
    const link = new URL(event.invite_link);
    const copy = { id: event.event_id as string, token: link.searchParams.get("token")! };
    expect((await joinWith(await makeUser(), copy)).status).toBe(400);
    expect((await joinWith(await makeUser(), copy, ev.good)).status).toBe(200);
  });

  it("an event without questions is joined and answered as before", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner);
    expect(ev.event.questions).toEqual([]);
    const guest = await makeUser();
    expect((await joinWith(guest, ev)).status).toBe(200);
    expect((await rsvpWith(guest, ev.id, "maybe")).status).toBe(200);
    expect((await membership(ev.id, guest.id))?.answers).toBeUndefined();
    expect((await joinWith(await makeUser(), ev, { anything: "x" })).status).toBe(400);
  });
});
