import { ObjectId } from "mongodb";
import { NextRequest } from "next/server";
import sharp from "sharp";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import { addGuest, bytesOf, call, jpegWithGps, makeEvent, makePerson, multipart, type Handler, type Person } from "./media-support";

// Pictures that stand for something (issue 13): an event's cover photo (PUT/DELETE
// /api/v1/events/{id}/cover, GET /events/{id}/cover/{size}) and a person's avatar (PUT/DELETE
// /api/v1/profile/avatar, GET /avatars/{user id}).

// The picture routes under /events and /avatars read the Auth.js session; here the test sets it.
const session = vi.hoisted(() => ({ user: null as AuthUser | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));

type Routes = {
  cover: { PUT: Handler; DELETE: Handler };
  coverFile: { GET: Handler };
  event: { GET: Handler; DELETE: Handler };
  avatar: { PUT: Handler; DELETE: Handler };
  avatarFile: { GET: Handler };
};
let routes: Routes;

beforeAll(async () => {
  routes = {
    cover: await import("@/app/api/v1/events/[id]/cover/route"),
    coverFile: await import("@/app/events/[id]/cover/[size]/route"),
    event: await import("@/app/api/v1/events/[id]/route"),
    avatar: await import("@/app/api/v1/profile/avatar/route"),
    avatarFile: await import("@/app/avatars/[userId]/route"),
  } as unknown as Routes;
});

function form(data: Buffer | string, name = "file", type = "image/jpeg") {
  const body = multipart([{ name, filename: "photo.jpg", type, data }]);
  return { body: new Uint8Array(body.body), headers: { "content-type": body.contentType } };
}

async function setCover(person: Person | null, eventId: string, data: Buffer | string, name?: string) {
  const res = await call(routes.cover.PUT, "PUT", { id: eventId }, { person, ...form(data, name) });
  return { status: res.status, body: await res.json() };
}

/** GET /events/{id}/cover/{size} as `viewer` (the session), with its query. */
function getCover(eventId: string, size: string, viewer: Person | null, query: Record<string, string> = {}, headers: Record<string, string> = {}) {
  session.user = viewer?.user ?? null;
  const url = new URL(`http://localhost/events/${eventId}/cover/${size}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return routes.coverFile.GET(new NextRequest(url, { headers }), { params: Promise.resolve({ id: eventId, size }) as Promise<never> });
}

function getAvatar(userId: string, query: Record<string, string> = {}) {
  const url = new URL(`http://localhost/avatars/${userId}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return routes.avatarFile.GET(new NextRequest(url), { params: Promise.resolve({ userId }) as Promise<never> });
}

/** The cover's URLs as the event JSON names them → { size: {v, token?} }. */
function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

async function pictureFiles(owner: string): Promise<number> {
  const { db } = await import("@/lib/db");
  return (await db()).collection("media.files").countDocuments({ "metadata.picture_of": owner });
}

async function wide(width = 3000, height = 1000): Promise<Buffer> {
  return jpegWithGps(width, height);
}

describe("an event's cover photo", () => {
  it("is cut to 1600×800 and 800×400 WebP and a 1200×630 JPEG, without metadata, named in the event's JSON", async () => {
    const owner = await makePerson("cover");
    const eventId = await makeEvent(owner, false);
    const { status, body } = await setCover(owner, eventId, await wide());
    expect(status, JSON.stringify(body)).toBe(200);
    const cover = body.event.cover as Record<string, string>;
    expect(Object.keys(cover).sort()).toEqual(["og", "small", "wide"]);
    expect(cover.wide).toMatch(new RegExp(`/events/${eventId}/cover/wide\\?v=[0-9a-f]{24}$`));

    const expected = { wide: ["webp", 1600, 800], small: ["webp", 800, 400], og: ["jpeg", 1200, 630] } as const;
    for (const [size, [format, width, height]] of Object.entries(expected)) {
      const res = await getCover(eventId, size, null, queryOf(cover[size]!));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(`image/${format}`);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const meta = await sharp(await bytesOf(res)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([format, width, height]);
      expect(meta.exif).toBeUndefined(); // the upload's GPS position is gone
    }
    // The event's own JSON names it too, for anyone who may see the event.
    const read = await (await call(routes.event.GET, "GET", { id: eventId })).json();
    expect(read.cover).toEqual(cover);
    expect(await pictureFiles(`event-${eventId}`)).toBe(3);
  });

  it("is the host's alone to set or remove: a guest gets 403, a stranger to a private event 404, nobody signed in 401", async () => {
    const owner = await makePerson("cover");
    const guest = await makePerson("cover");
    const stranger = await makePerson("cover");
    const eventId = await makeEvent(owner, true);
    await addGuest(eventId, guest, "attending");
    const photo = await wide(400, 200);
    expect((await setCover(guest, eventId, photo)).status).toBe(403);
    expect((await setCover(stranger, eventId, photo)).status).toBe(404);
    expect((await setCover(null, eventId, photo)).status).toBe(401);
    expect((await call(routes.cover.DELETE, "DELETE", { id: eventId }, { person: guest })).status).toBe(403);
    expect((await setCover(owner, new ObjectId().toHexString(), photo)).status).toBe(404);
    expect(await pictureFiles(`event-${eventId}`)).toBe(0);
  });

  it("refuses what is not a photo it can use, with a clear error and nothing stored", async () => {
    const owner = await makePerson("cover");
    const eventId = await makeEvent(owner, false);
    const text = await setCover(owner, eventId, "just some text, not a photo");
    expect(text.status).toBe(415);
    expect(text.body.error).toMatch(/JPEG, PNG, WebP or GIF/);
    const broken = await setCover(owner, eventId, Buffer.concat([(await wide(400, 200)).subarray(0, 300)]));
    expect(broken.status).toBe(415);
    expect((await setCover(owner, eventId, Buffer.alloc(0))).status).toBe(400);
    expect((await setCover(owner, eventId, await wide(400, 200), "photo")).status).toBe(400); // not in the field `file`
    const huge = await call(routes.cover.PUT, "PUT", { id: eventId }, { person: owner, ...form(Buffer.alloc(16 * 1024 * 1024, 1)) });
    expect(huge.status).toBe(413);
    const json = await call(routes.cover.PUT, "PUT", { id: eventId }, { person: owner, json: { file: "x" } });
    expect(json.status).toBe(415);
    expect(await pictureFiles(`event-${eventId}`)).toBe(0);
  });

  it("of a private event is seen by the host, its guests and an invite link's holder; anyone else gets 404", async () => {
    const owner = await makePerson("cover");
    const guest = await makePerson("cover");
    const stranger = await makePerson("cover");
    const eventId = await makeEvent(owner, true);
    await addGuest(eventId, guest, "attending");
    const { body } = await setCover(owner, eventId, await wide(800, 400));
    const { v } = queryOf(body.event.cover.small);
    const { collections } = await import("@/lib/db");
    const { invite_token } = (await (await collections.events()).findOne({ _id: new ObjectId(eventId) }))!;

    for (const viewer of [owner, guest]) {
      const res = await getCover(eventId, "small", viewer, { v: v! });
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("private, max-age=3600");
    }
    expect((await getCover(eventId, "small", null, { v: v! })).status).toBe(404);
    expect((await getCover(eventId, "small", stranger, { v: v! })).status).toBe(404);
    expect((await getCover(eventId, "small", null, { v: v!, token: "not-the-token" })).status).toBe(404);
    expect((await getCover(eventId, "og", null, { v: v!, token: invite_token })).status).toBe(200);
    // The invite page's view names the token in the URL only for a private event.
    const read = await (await call(routes.event.GET, "GET", { id: eventId }, { query: { token: invite_token } })).json();
    expect(queryOf(read.cover.wide).token).toBe(invite_token);
  });

  it("is replaced and removed without leaving files behind; an old URL gets the current cover, briefly cached", async () => {
    const owner = await makePerson("cover");
    const eventId = await makeEvent(owner, false);
    const first = (await setCover(owner, eventId, await wide(800, 400))).body.event.cover;
    const second = (await setCover(owner, eventId, await wide(900, 450))).body.event.cover;
    expect(second.wide).not.toBe(first.wide);
    expect(await pictureFiles(`event-${eventId}`)).toBe(3);

    const stale = await getCover(eventId, "wide", null, queryOf(first.wide));
    expect(stale.status).toBe(200);
    expect(stale.headers.get("cache-control")).toBe("public, max-age=60");
    const etag = stale.headers.get("etag")!;
    expect(etag).toContain(queryOf(second.wide).v);
    expect((await getCover(eventId, "wide", null, queryOf(second.wide), { "if-none-match": etag })).status).toBe(304);

    const removed = await call(routes.cover.DELETE, "DELETE", { id: eventId }, { person: owner });
    expect(removed.status).toBe(200);
    expect((await removed.json()).event.cover).toBeNull();
    expect(await pictureFiles(`event-${eventId}`)).toBe(0);
    expect((await getCover(eventId, "wide", null, queryOf(second.wide))).status).toBe(404);
    expect((await call(routes.cover.DELETE, "DELETE", { id: eventId }, { person: owner })).status).toBe(200); // none is fine
    expect((await getCover(eventId, "huge", null)).status).toBe(404);
  });

  it("goes with its event", async () => {
    const owner = await makePerson("cover");
    const eventId = await makeEvent(owner, false);
    await setCover(owner, eventId, await wide(800, 400));
    expect((await call(routes.event.DELETE, "DELETE", { id: eventId }, { person: owner })).status).toBe(200);
    expect(await pictureFiles(`event-${eventId}`)).toBe(0);
  });

  it("of concurrent uploads, leaves exactly the last one stored", async () => {
    const owner = await makePerson("cover");
    const eventId = await makeEvent(owner, false);
    const photos = await Promise.all([1, 2, 3, 4].map((i) => wide(400 + i * 10, 200)));
    const results = await Promise.all(photos.map((p) => setCover(owner, eventId, p)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await pictureFiles(`event-${eventId}`)).toBe(3);
    const read = await (await call(routes.event.GET, "GET", { id: eventId })).json();
    expect((await getCover(eventId, "wide", null, queryOf(read.cover.wide))).headers.get("cache-control")).toContain("immutable");
  });
});

describe("avatars", () => {
  async function setAvatar(person: Person | null, data: Buffer | string) {
    const res = await call(routes.avatar.PUT, "PUT", {}, { person, ...form(data) });
    return { status: res.status, body: await res.json() };
  }

  it("are a 256×256 WebP, public, named in the profile, and follow into the faces of events the person goes to", async () => {
    const host = await makePerson("avatar");
    const person = await makePerson("avatar");
    const eventId = await makeEvent(host, false);
    const { joinEvent } = await import("@/lib/events/membership");
    const { collections } = await import("@/lib/db");
    const { invite_token } = (await (await collections.events()).findOne({ _id: new ObjectId(eventId) }))!;
    await joinEvent(person.user, eventId, invite_token);
    const faceImage = async () => {
      const ev = await (await collections.events()).findOne({ _id: new ObjectId(eventId) });
      return ev?.faces?.find((f) => f.user_id.toHexString() === person.user.id)?.image;
    };
    expect(await faceImage()).toBeNull();

    const { status, body } = await setAvatar(person, await jpegWithGps(600, 400));
    expect(status, JSON.stringify(body)).toBe(200);
    const url = body.profile.avatar_url as string;
    expect(url).toMatch(new RegExp(`/avatars/${person.user.id}\\?v=[0-9a-f]{24}$`));
    const res = await getAvatar(person.user.id, queryOf(url));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const meta = await sharp(await bytesOf(res)).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(["webp", 256, 256, undefined]);
    expect(await faceImage()).toBe(new URL(url).pathname + new URL(url).search);

    const again = (await setAvatar(person, await jpegWithGps(300, 300))).body.profile.avatar_url as string;
    expect(again).not.toBe(url);
    expect(await pictureFiles(`user-${person.user.id}`)).toBe(1);
    expect(await faceImage()).toBe(new URL(again).pathname + new URL(again).search);

    const removed = await call(routes.avatar.DELETE, "DELETE", {}, { person });
    expect((await removed.json()).profile.avatar_url).toBeNull();
    expect(await pictureFiles(`user-${person.user.id}`)).toBe(0);
    expect(await faceImage()).toBeNull();
    expect((await getAvatar(person.user.id)).status).toBe(404);
  });

  it("need a signed-in person and a photo", async () => {
    const person = await makePerson("avatar");
    expect((await setAvatar(null, await jpegWithGps(100, 100))).status).toBe(401);
    expect((await setAvatar(person, "<svg xmlns='http://www.w3.org/2000/svg'/>")).status).toBe(415);
    expect((await getAvatar("not-an-id")).status).toBe(404);
    expect((await getAvatar(person.user.id)).status).toBe(404);
  });
});
