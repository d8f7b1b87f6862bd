import { beforeAll, describe, expect, it } from "vitest";
import { addGuest, call, fakeMp4, jpeg, loadRoutes, makeEvent, makePerson, mediaCounts, multipart, uploadOk, type MediaRoutes, type Person } from "./media-support";

// THE PERMISSION TABLE of the media endpoints (DESIGN.md "Who may do what"): every endpoint × every
// kind of caller, on a private and a public event. Upload: the host and guests attending or maybe.
// Approved items: whoever may see the guest list (anyone, for a public event). Pending and rejected
// items: the host and their uploader. Moderation: the host. Delete: the host or the uploader.
// "The host" is the owner or a co-host (issue 15): the cohost column matches the owner's.
// A private event a caller cannot see is a 404, exactly like a missing one.

type Actor = "anonymous" | "stranger" | "pending" | "waitlisted" | "attending" | "maybe" | "uploader" | "cohost" | "owner";
type Privacy = "private" | "public";
const ACTORS: Actor[] = ["anonymous", "stranger", "pending", "waitlisted", "attending", "maybe", "uploader", "cohost", "owner"];

let routes: MediaRoutes;
type Scenario = {
  id: string;
  people: Record<Exclude<Actor, "anonymous">, Person>;
  /** Uploaded by `uploader`: one approved by the host, one still pending. */
  approved: string;
  pending: string;
};

async function scenario(privacy: Privacy): Promise<Scenario> {
  const owner = await makePerson("owner");
  const id = await makeEvent(owner, privacy === "private");
  const people = {
    owner,
    stranger: await makePerson("stranger"),
    pending: await makePerson("pending"),
    waitlisted: await makePerson("waitlisted"),
    attending: await makePerson("attending"),
    maybe: await makePerson("maybe"),
    uploader: await makePerson("uploader"),
    cohost: await makePerson("cohost"),
  };
  await (await import("@/lib/events/cohosts")).addCohost(owner.user, id, { email: people.cohost.user.email });
  // A public event has no join requests; its "pending" row is a guest who has not been let in anywhere.
  if (privacy === "private") await addGuest(id, people.pending, "pending");
  await addGuest(id, people.waitlisted, "waitlisted");
  await addGuest(id, people.attending, "attending");
  await addGuest(id, people.maybe, "maybe");
  await addGuest(id, people.uploader, "attending");
  const approved = await uploadOk(routes, id, people.uploader, await jpeg(), "approved.jpg");
  const pending = await uploadOk(routes, id, people.uploader, await jpeg(), "pending.jpg");
  const res = await call(routes.moderation.POST, "POST", { id, file_id: approved }, { person: owner, json: { status: "approved" } });
  expect(res.status).toBe(200);
  return { id, people, approved, pending };
}

const who = (s: Scenario, actor: Actor): Person | null => (actor === "anonymous" ? null : s.people[actor]);

let S: Record<Privacy, Scenario>;

beforeAll(async () => {
  routes = await loadRoutes();
  S = { private: await scenario("private"), public: await scenario("public") };
});

type Run = (s: Scenario, person: Person | null) => Promise<Response>;

// ---- the endpoints ----------------------------------------------------------------------------------

/** A fresh item of `s`'s uploader, approved by the host or still pending. */
async function freshItem(s: Scenario, approve: boolean): Promise<string> {
  const fileId = await uploadOk(routes, s.id, s.people.uploader, await jpeg(), "del.jpg");
  if (approve) {
    const res = await call(routes.moderation.POST, "POST", { id: s.id, file_id: fileId }, { person: s.people.owner, json: { status: "approved" } });
    expect(res.status).toBe(200);
  }
  return fileId;
}

const endpoints = {
  "POST /events/{id}/media (upload)": async (s, person) => {
    const form = multipart([{ name: "file", filename: "v.mp4", data: fakeMp4(2000) }]);
    return call(routes.media.POST, "POST", { id: s.id }, { person, body: new Uint8Array(form.body), headers: { "content-type": form.contentType } });
  },
  "GET /events/{id}/media (list)": (s, person) => call(routes.media.GET, "GET", { id: s.id }, { person }),
  "GET /events/{id}/media/{file_id} (approved item)": (s, person) => call(routes.file.GET, "GET", { id: s.id, file_id: s.approved }, { person }),
  "GET /events/{id}/media/{file_id} (pending item: host and uploader only)": (s, person) =>
    call(routes.file.GET, "GET", { id: s.id, file_id: s.pending }, { person }),
  "GET /events/{id}/media/{file_id}/preview (pending item)": (s, person) => call(routes.preview.GET, "GET", { id: s.id, file_id: s.pending }, { person }),
  "GET /events/{id}/media/{file_id}/preview (approved item)": (s, person) => call(routes.preview.GET, "GET", { id: s.id, file_id: s.approved }, { person }),
  "POST /events/{id}/media/{file_id}/moderation": (s, person) =>
    call(routes.moderation.POST, "POST", { id: s.id, file_id: s.approved }, { person, json: { status: "approved" } }),
  "POST /events/{id}/media/moderate (the original's route)": (s, person) =>
    call(routes.moderate.POST, "POST", { id: s.id }, { person, json: { file_id: s.approved, status: "approved" } }),
  // Deletion takes each row's own fresh item, so the row does not depend on another.
  "DELETE /events/{id}/media/{file_id} (approved item)": async (s, person) => {
    const fileId = await freshItem(s, true);
    const res = await call(routes.file.DELETE, "DELETE", { id: s.id, file_id: fileId }, { person });
    const left = await mediaCounts(fileId);
    // Refused: still there. Allowed: gone, chunks too.
    expect(left.files).toBe(res.status === 200 ? 0 : 1);
    if (res.status === 200) expect(left.chunks).toBe(0);
    return res;
  },
  "DELETE /events/{id}/media/{file_id} (pending item)": async (s, person) => {
    const fileId = await freshItem(s, false);
    const res = await call(routes.file.DELETE, "DELETE", { id: s.id, file_id: fileId }, { person });
    expect((await mediaCounts(fileId)).files).toBe(res.status === 200 ? 0 : 1);
    return res;
  },
} satisfies Record<string, Run>;
type Endpoint = keyof typeof endpoints;

// ---- THE TABLE --------------------------------------------------------------------------------------------

/** Expected status per actor, in the order of ACTORS. */
type Statuses = readonly [number, number, number, number, number, number, number, number, number];
//                                    anonymous stranger pending waitlisted attending maybe uploader cohost owner
const all200: Statuses =             [200,      200,     200,    200,       200,      200,  200,     200,   200];
/** Approved items: whoever may see the guest list. */
const guestListPrivate: Statuses =   [404,      404,     404,    404,       200,      200,  200,     200,   200];
const pendingItem: Statuses =        [404,      404,     404,    404,       404,      404,  200,     200,   200];
const moderationPrivate: Statuses =  [401,      404,     403,    403,       403,      403,  403,     200,   200];
const moderationPublic: Statuses =   [401,      403,     403,    403,       403,      403,  403,     200,   200];

const TABLE: Record<Endpoint, { private: Statuses; public: Statuses }> = {
  "POST /events/{id}/media (upload)": {
    private:                         [401,      404,     403,    403,       201,      201,  201,     201,   201],
    public:                          [401,      403,     403,    403,       201,      201,  201,     201,   201],
  },
  "GET /events/{id}/media (list)": {
    private:                         [404,      404,     403,    403,       200,      200,  200,     200,   200],
    public: all200,
  },
  "GET /events/{id}/media/{file_id} (approved item)": { private: guestListPrivate, public: all200 },
  "GET /events/{id}/media/{file_id} (pending item: host and uploader only)": { private: pendingItem, public: pendingItem },
  "GET /events/{id}/media/{file_id}/preview (pending item)": { private: pendingItem, public: pendingItem },
  "GET /events/{id}/media/{file_id}/preview (approved item)": { private: guestListPrivate, public: all200 },
  "POST /events/{id}/media/{file_id}/moderation": { private: moderationPrivate, public: moderationPublic },
  "POST /events/{id}/media/moderate (the original's route)": { private: moderationPrivate, public: moderationPublic },
  "DELETE /events/{id}/media/{file_id} (approved item)": {
    private:                         [401,      404,     404,    404,       403,      403,  200,     200,   200],
    public:                          [401,      403,     403,    403,       403,      403,  200,     200,   200],
  },
  "DELETE /events/{id}/media/{file_id} (pending item)": {
    private:                         [401,      404,     404,    404,       404,      404,  200,     200,   200],
    public:                          [401,      404,     404,    404,       404,      404,  200,     200,   200],
  },
};

for (const [endpoint, statuses] of Object.entries(TABLE) as [Endpoint, (typeof TABLE)[Endpoint]][]) {
  describe(endpoint, () => {
    for (const privacy of ["private", "public"] as const) {
      ACTORS.forEach((actor, i) => {
        const expected = statuses[privacy][i]!;
        it(`${privacy} event, ${actor} → ${expected}`, async () => {
          const s = S[privacy];
          const res = await endpoints[endpoint](s, who(s, actor));
          const text = await res.text();
          expect(res.status, text.slice(0, 300)).toBe(expected);
        });
      });
    }
  });
}

describe("what each caller sees in the list", () => {
  it("anonymous and strangers see approved items of a public event only; the host sees everything with counts", async () => {
    const s = S.public;
    const ids = async (person: Person | null) =>
      ((await (await call(routes.media.GET, "GET", { id: s.id }, { person })).json()).media as { file_id: string }[]).map((m) => m.file_id);
    expect(await ids(null)).toContain(s.approved);
    expect(await ids(null)).not.toContain(s.pending);
    expect(await ids(s.people.stranger)).not.toContain(s.pending);
    expect(await ids(s.people.attending)).not.toContain(s.pending);
    expect(await ids(s.people.uploader)).toContain(s.pending);
    const asOwner = await (await call(routes.media.GET, "GET", { id: s.id }, { person: s.people.owner })).json();
    expect(asOwner.media.map((m: { file_id: string }) => m.file_id)).toContain(s.pending);
    expect(asOwner.counts.pending).toBeGreaterThanOrEqual(1);
    const anon = await (await call(routes.media.GET, "GET", { id: s.id }, {})).json();
    expect(anon.counts).toBeUndefined();
  });

  it("a bad bearer token is a 401, even where anonymous callers are welcome", async () => {
    const res = await call(routes.media.GET, "GET", { id: S.public.id }, { headers: { authorization: "Bearer not.a.token" } });
    expect(res.status).toBe(401);
  });

  it("an unknown or malformed event or file id is a 404", async () => {
    const owner = S.private.people.owner;
    expect((await call(routes.media.GET, "GET", { id: "nope" }, { person: owner })).status).toBe(404);
    expect((await call(routes.file.GET, "GET", { id: S.private.id, file_id: "nope" }, { person: owner })).status).toBe(404);
    expect((await call(routes.file.GET, "GET", { id: S.private.id, file_id: "0".repeat(24) }, { person: owner })).status).toBe(404);
    // A file of another event is not found through this one.
    expect((await call(routes.file.GET, "GET", { id: S.public.id, file_id: S.private.approved }, { person: owner })).status).toBe(404);
  });
});
