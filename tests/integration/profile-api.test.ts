import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { issueApiToken } from "@/lib/auth/tokens";
import { collections } from "@/lib/db/collections";

// Dynamic, like the other route tests: lint refuses static imports from app/.
const { GET: getProfile, PATCH: patchProfile, POST: postProfile } = await import("@/app/api/v1/profile/route");
const { GET: getUser } = await import("@/app/api/v1/users/[user_id]/route");

const BASE = "http://localhost/api/v1";
const noParams = { params: Promise.resolve({}) };
const userParams = (user_id: string) => ({ params: Promise.resolve({ user_id }) });

async function makeUser(username?: string) {
  const users = await collections.users();
  const email = `api-${randomBytes(6).toString("hex")}@example.com`;
  const { insertedId } = await users.insertOne({
    email,
    emailVerified: new Date(),
    favorites: [],
    created_at: new Date(),
    ...(username ? { username, username_lower: username.toLowerCase() } : {}),
  } as never);
  const id = insertedId.toHexString();
  return { id, email, token: (await issueApiToken(id)).access_token };
}

type Init = { token?: string; authorization?: string; body?: unknown; rawBody?: string };

function request(path: string, method: string, { token, authorization, body, rawBody }: Init = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (authorization ?? token) headers.authorization = authorization ?? `Bearer ${token}`;
  return new NextRequest(`${BASE}${path}`, { method, headers, body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)) });
}

const uniqueName = (prefix: string) => `${prefix}${randomBytes(4).toString("hex")}`;

describe("/api/v1/profile", () => {
  it("GET answers the signed-in user's own profile, with email", async () => {
    const me = await makeUser();
    const res = await getProfile(request("/profile", "GET", { token: me.token }), noParams);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user_id: me.id,
      display_name: null,
      username: null,
      avatar_url: null,
      bio: "",
      favorites: [],
      created_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      has_username: false,
      email: me.email,
    });
  });

  it("PATCH sets and clears the display name that others see", async () => {
    const me = await makeUser(uniqueName("dn_"));
    const patch = (body: unknown) => patchProfile(request("/profile", "PATCH", { token: me.token, body }), noParams);
    const set = await patch({ display_name: "  Zoë Ortiz  " });
    expect(set.status).toBe(200);
    expect((await set.json()).profile.display_name).toBe("Zoë Ortiz");
    const seen = await getUser(request(`/users/${me.id}`, "GET"), userParams(me.id));
    expect((await seen.json()).display_name).toBe("Zoë Ortiz");
    for (const cleared of ["", null]) {
      const res = await patch({ display_name: cleared });
      expect((await res.json()).profile.display_name).toBeNull();
    }
    for (const bad of ["x".repeat(61), "two\nlines", 7]) {
      const res = await patch({ display_name: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await res.json()).issues).toHaveProperty("display_name");
    }
  });

  it("PATCH and POST update and answer the original message with the profile", async () => {
    const me = await makeUser();
    const name = uniqueName("Dana_");
    const patched = await patchProfile(request("/profile", "PATCH", { token: me.token, body: { username: name, bio: " Hi! " } }), noParams);
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ message: "User Updated.", profile: { username: name, bio: "Hi!", has_username: true } });

    const posted = await postProfile(request("/profile", "POST", { token: me.token, body: { favorites: ["Jazz", "jazz", "Hiking"] } }), noParams);
    expect(posted.status).toBe(200);
    expect((await posted.json()).profile).toMatchObject({ username: name, bio: "Hi!", favorites: ["jazz", "hiking"] });

    const read = await getProfile(request("/profile", "GET", { token: me.token }), noParams);
    expect(await read.json()).toMatchObject({ username: name, favorites: ["jazz", "hiking"] });
  });

  it("tells other processes of a new username, and not of a new bio (noteUserChange)", async () => {
    const { db } = await import("@/lib/db/client");
    const { CATALOG_COLLECTION, USERS_VERSION_ID } = await import("@/lib/db/version-ring");
    const versions = (await db()).collection<{ _id: string; seq?: number; recent?: string[] }>(CATALOG_COLLECTION);
    const seq = async () => (await versions.findOne({ _id: USERS_VERSION_ID }))?.seq ?? 0;
    const me = await makeUser();
    // A session names the username (one without is sent to choose one): other processes must drop it.
    expect((await patchProfile(request("/profile", "PATCH", { token: me.token, body: { username: uniqueName("Noted_") } }), noParams)).status).toBe(200);
    expect((await versions.findOne({ _id: USERS_VERSION_ID }))?.recent?.at(-1)).toBe(me.id);
    const before = await seq();
    expect((await patchProfile(request("/profile", "PATCH", { token: me.token, body: { bio: "Only the bio" } }), noParams)).status).toBe(200);
    expect(await seq()).toBe(before);
  });

  it("accepts the original `favorite` and misspelled `favorates`, answering `favorites`", async () => {
    const me = await makeUser();
    const legacy = await postProfile(request("/profile", "POST", { token: me.token, body: { favorite: ["Hiking", "reading"] } }), noParams);
    expect(legacy.status).toBe(200);
    const body = await legacy.json();
    expect(body.profile.favorites).toEqual(["hiking", "reading"]);
    expect(body.profile).not.toHaveProperty("favorite");

    const misspelled = await patchProfile(request("/profile", "PATCH", { token: me.token, body: { favorates: ["Movies"] } }), noParams);
    expect((await misspelled.json()).profile.favorites).toEqual(["movies"]);
  });

  it("answers 401 without a token and with a garbage one", async () => {
    const none = await getProfile(request("/profile", "GET"), noParams);
    expect(none.status).toBe(401);
    expect((await none.json()).code).toBe("unauthorized");
    expect(none.headers.get("www-authenticate")).toContain("Bearer");

    for (const authorization of ["Bearer garbage", "Bearer aaa.bbb.ccc", "Basic dXNlcjpwYXNz"]) {
      const res = await patchProfile(request("/profile", "PATCH", { authorization, body: { bio: "x" } }), noParams);
      expect(res.status, authorization).toBe(401);
    }
  });

  it("answers 400 for wrong types, operator objects, empty updates and malformed JSON", async () => {
    const me = await makeUser();
    const cases: Init[] = [
      { body: { username: { $ne: null } } },
      { body: { username: 12345 } },
      { body: { bio: ["a"] } },
      { body: { favorites: "hiking" } },
      { body: { favorite: [{ $gt: "" }] } },
      { body: { username: "no spaces allowed" } },
      { body: { bio: "x".repeat(281) } },
      { body: {} },
      { body: ["username"] },
      { rawBody: "{not json" },
    ];
    for (const init of cases) {
      const res = await patchProfile(request("/profile", "PATCH", { token: me.token, ...init }), noParams);
      expect(res.status, JSON.stringify(init)).toBe(400);
      expect((await res.json()).code).toBe("invalid");
    }
    const injected = await patchProfile(request("/profile", "PATCH", { token: me.token, body: { username: { $ne: null } } }), noParams);
    expect((await injected.json()).issues.username).toEqual(["Choose a username."]);
  });

  it("answers 409 for a username taken in any case", async () => {
    const name = uniqueName("Erin");
    await makeUser(name);
    const me = await makeUser();
    const res = await postProfile(request("/profile", "POST", { token: me.token, body: { username: name.toLowerCase() } }), noParams);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "That username is taken.", code: "conflict" });
  });
});

describe("/api/v1/users/{user_id}", () => {
  it("shows a profile to anyone, without the email", async () => {
    const owner = await makeUser(uniqueName("frank"));
    const res = await getUser(request(`/users/${owner.id}`, "GET"), userParams(owner.id));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ user_id: owner.id, has_username: true });
    expect(body).not.toHaveProperty("email");
  });

  it("shows the email to its owner only", async () => {
    const owner = await makeUser(uniqueName("gina"));
    const other = await makeUser(uniqueName("hank"));
    const asOther = await getUser(request(`/users/${owner.id}`, "GET", { token: other.token }), userParams(owner.id));
    expect(await asOther.json()).not.toHaveProperty("email");
    const asOwner = await getUser(request(`/users/${owner.id}`, "GET", { token: owner.token }), userParams(owner.id));
    expect((await asOwner.json()).email).toBe(owner.email);
  });

  it("answers 404 for a malformed or unknown id, and 401 for a bad token", async () => {
    for (const id of ["not-an-id", "0123456789abcdef01234567"]) {
      const res = await getUser(request(`/users/${id}`, "GET"), userParams(id));
      expect(res.status, id).toBe(404);
      expect((await res.json()).code).toBe("not_found");
    }
    const someone = await makeUser();
    const bad = await getUser(request(`/users/${someone.id}`, "GET", { authorization: "Bearer garbage" }), userParams(someone.id));
    expect(bad.status).toBe(401);
  });
});
