import { SignJWT, type JWTPayload } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { call, codeFor, newEmail, routes, setUpAuthApi, verifiedUser } from "./auth-api-support";

// API access tokens (GET /api/v1/auth/me): what is refused, and when a token stops working.

setUpAuthApi();

describe("access tokens", () => {
  async function token() {
    const { email, password } = await verifiedUser();
    const body = await (await call(routes.login, { email, password })).json();
    return { ...body, email } as { access_token: string; user_id: string; email: string };
  }

  it("refuses a missing, malformed, tampered or foreign-key token with 401", async () => {
    const { access_token, user_id } = await token();
    expect((await call(routes.me)).status).toBe(401);
    expect((await call(routes.me, undefined, { token: "not-a-jwt" })).status).toBe(401);
    const [h, p, s] = access_token.split(".");
    const flipped = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith("AA") ? "BB" : "AA"}`;
    expect((await call(routes.me, undefined, { token: flipped })).status).toBe(401);
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user_id)
      .setIssuer("invyta")
      .setAudience("invyta-api")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(process.env.AUTH_SECRET));
    const res = await call(routes.me, undefined, { token: foreign });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("refuses an Auth.js session cookie used as a bearer token", async () => {
    const { user_id, email } = await token();
    const { encode } = await import("next-auth/jwt");
    const now = Math.floor(Date.now() / 1000);
    const cookie = await encode({
      token: { sub: user_id, uid: user_id, email, auth_time: now },
      secret: process.env.AUTH_SECRET!,
      salt: "authjs.session-token",
    });
    const res = await call(routes.me, undefined, { token: cookie });
    expect(res.status).toBe(401);
  });

  it("refuses an expired token", async () => {
    const { user_id } = await token();
    const { derivedKey } = await import("@/lib/auth/keys");
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user_id)
      .setIssuer("invyta")
      .setAudience("invyta-api")
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(derivedKey("api-token"));
    const res = await call(routes.me, undefined, { token: expired });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatch(/expired/);
  });

  describe("a token signed with our key but not shaped like ours", () => {
    type Claim = "exp" | "iat" | "iss" | "aud" | "sub";
    let userId: string;
    beforeAll(async () => {
      // A verified user seeded directly: these tests are about reading tokens, not about logging in.
      const { collections } = await import("@/lib/db/collections");
      const users = await collections.users();
      const { insertedId } = await users.insertOne({ email: newEmail(), emailVerified: new Date(), favorites: [], created_at: new Date() } as never);
      userId = insertedId.toHexString();
    });

    /** A token under the real API key with every claim a login sets, less `omit`, plus `set`. */
    async function signedWithout(userId: string, omit: Claim[], set: Partial<Record<Claim, string | number>> = {}) {
      const { derivedKey } = await import("@/lib/auth/keys");
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<Claim, string | number> = { sub: userId, iss: "invyta", aud: "invyta-api", iat: now, exp: now + 3600, ...set };
      for (const claim of omit) delete claims[claim];
      return new SignJWT(claims as JWTPayload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(derivedKey("api-token"));
    }

    it("is accepted with every claim (so the refusals below are about the claims alone)", async () => {
      const res = await call(routes.me, undefined, { token: await signedWithout(userId, []) });
      expect(res.status).toBe(200);
      expect((await res.json()).user_id).toBe(userId);
    });

    it.each<Claim>(["exp", "iat", "iss", "aud", "sub"])("is refused with 401 JSON without %s", async (claim) => {
      const res = await call(routes.me, undefined, { token: await signedWithout(userId, [claim]) });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(expect.objectContaining({ error: expect.any(String), code: "unauthorized" }));
    });

    describe("once verified (lib/auth/tokens.ts keeps verified tokens)", () => {
      afterEach(() => {
        vi.useRealTimers();
      });

      it.each<[string, (now: number) => Partial<Record<Claim, number>>]>([
        ["its expiry", (now) => ({ exp: now + 60 })],
        ["the token lifetime after its issue time", (now) => ({ iat: now - 3540, exp: now + 3600 })],
      ])("is refused with 401 a second past %s", async (_, claims) => {
        const now = Math.floor(Date.now() / 1000);
        const token = await signedWithout(userId, [], claims(now));
        expect((await call(routes.me, undefined, { token })).status).toBe(200);
        vi.useFakeTimers({ toFake: ["Date"], now: (now + 61) * 1000 });
        const res = await call(routes.me, undefined, { token });
        expect(res.status).toBe(401);
        expect((await res.json()).error).toMatch(/expired/);
      });
    });

    it.each<[string, Partial<Record<Claim, string | number>>]>([
      ["another issuer", { iss: "someone-else" }],
      ["the sign-in ticket's audience", { aud: "invyta-sign-in" }],
      ["an issue time in the future", { iat: Math.floor(Date.now() / 1000) + 600 }],
      ["an expiry past the token lifetime, issued two hours ago", { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) + 3600 }],
    ])("is refused with 401 with %s", async (_, set) => {
      const res = await call(routes.me, undefined, { token: await signedWithout(userId, [], set) });
      expect(res.status).toBe(401);
    });
  });

  it("stops working after a password reset", async () => {
    const { access_token, email } = await token();
    expect((await call(routes.me, undefined, { token: access_token })).status).toBe(200);
    // Tokens carry whole seconds: make sure the reset happens in a later second.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call(routes.forgot, { email })).status).toBe(200);
    const code = await codeFor(email, /reset/i);
    const reset = await call(routes.reset, { email, code, password: "brand-new-password" });
    expect(reset.status).toBe(200);
    expect((await call(routes.me, undefined, { token: access_token })).status).toBe(401);
    expect((await call(routes.login, { email, password: "correct horse battery" })).status).toBe(401);
    const fresh = await (await call(routes.login, { email, password: "brand-new-password" })).json();
    expect((await call(routes.me, undefined, { token: fresh.access_token })).status).toBe(200);
  });

  describe("when another process changes the account", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    /** Sets the password's date straight in the collection, as another instance of the app would: this process is not told. */
    async function changePasswordElsewhere(email: string) {
      const { db } = await import("@/lib/db/client");
      const later = new Date((Math.floor(Date.now() / 1000) + 2) * 1000);
      await (await db()).collection("users").updateOne({ email }, { $set: { password_changed_at: later } });
    }

    it("stops working within SIGNED_IN_CHECK_MS once the change is noted", async () => {
      const { SIGNED_IN_CHECK_MS } = await import("@/lib/auth/service");
      const { bumpVersion } = await import("@/lib/db/version-store");
      const { USERS_VERSION_ID } = await import("@/lib/db/version-ring");
      const { access_token, email, user_id } = await token();
      expect((await call(routes.me, undefined, { token: access_token })).status).toBe(200);
      await changePasswordElsewhere(email);
      // What noteUserChange writes in the other process.
      await bumpVersion(USERS_VERSION_ID, user_id);
      await new Promise((r) => setTimeout(r, SIGNED_IN_CHECK_MS + 50));
      expect((await call(routes.me, undefined, { token: access_token })).status).toBe(401);
    });

    it("stops working within SIGNED_IN_TTL_MS when nobody notes the change", async () => {
      const { SIGNED_IN_CHECK_MS, SIGNED_IN_TTL_MS } = await import("@/lib/auth/service");
      const { access_token, email } = await token();
      // The caches' clock is the real one (Date.now, taken when they were made): real waits here.
      // One check first, so that the notes of this account's own sign-up are behind this process.
      await new Promise((r) => setTimeout(r, SIGNED_IN_CHECK_MS + 50));
      // (A read that starts in the millisecond of a drop is not kept: the second one is.)
      for (let i = 0; i < 2; i++) expect((await call(routes.me, undefined, { token: access_token })).status).toBe(200);
      const keptAt = Date.now();
      await changePasswordElsewhere(email);
      await new Promise((r) => setTimeout(r, SIGNED_IN_CHECK_MS + 50));
      // Kept: checking the version document found nothing noted.
      expect((await call(routes.me, undefined, { token: access_token })).status).toBe(200);
      await new Promise((r) => setTimeout(r, keptAt + SIGNED_IN_TTL_MS + 50 - Date.now()));
      expect((await call(routes.me, undefined, { token: access_token })).status).toBe(401);
    }, 30_000);

    it("is told of a verified address and a password reset (noteUserChange)", async () => {
      const { db } = await import("@/lib/db/client");
      const { USERS_VERSION_ID, CATALOG_COLLECTION } = await import("@/lib/db/version-ring");
      const versions = (await db()).collection<{ _id: string; recent?: string[] }>(CATALOG_COLLECTION);
      const recent = async () => (await versions.findOne({ _id: USERS_VERSION_ID }))?.recent ?? [];
      const { access_token, email, user_id } = await token();
      expect((await recent()).at(-1)).toBe(user_id); // the verification, the last change noted
      expect((await call(routes.me, undefined, { token: access_token })).status).toBe(200);
      await versions.updateOne({ _id: USERS_VERSION_ID }, { $pull: { recent: user_id } });
      expect(await recent()).not.toContain(user_id);
      expect((await call(routes.forgot, { email })).status).toBe(200);
      const reset = await call(routes.reset, { email, code: await codeFor(email, /reset/i), password: "brand-new-password" });
      expect(reset.status).toBe(200);
      expect((await recent()).at(-1)).toBe(user_id);
    });
  });

  it("answers forgot-password the same for unknown addresses", async () => {
    const res = await call(routes.forgot, { email: newEmail() });
    expect(res.status).toBe(200);
    expect((await res.json()).message).toMatch(/If that address has an account/);
  });
});
