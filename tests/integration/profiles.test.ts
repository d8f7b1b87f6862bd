import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import { collections } from "@/lib/db/collections";
import { Conflict, NotFound } from "@/lib/errors";
import { getOwnProfile, getPublicProfile, OTHERS_TTL_MS, setUsername, updateProfile } from "@/lib/profiles/service";

async function makeUser(fields: { username?: string; created_at?: Date; verified?: boolean } = {}): Promise<AuthUser> {
  const users = await collections.users();
  const email = `p-${randomBytes(6).toString("hex")}@example.com`;
  const { insertedId } = await users.insertOne({
    email,
    emailVerified: fields.verified === false ? null : new Date(),
    favorites: [],
    created_at: fields.created_at ?? new Date(),
    ...(fields.username ? { username: fields.username, username_lower: fields.username.toLowerCase() } : {}),
  } as never);
  return { id: insertedId.toHexString(), email, username: fields.username ?? null };
}

const uniqueName = (prefix: string) => `${prefix}${randomBytes(4).toString("hex")}`;

describe("profiles service", () => {
  it("answers a new account with empty fields and has_username false", async () => {
    const user = await makeUser({ created_at: new Date("2024-03-01T02:30:00Z") });
    expect(await getOwnProfile(user)).toEqual({
      user_id: user.id,
      display_name: null,
      username: null,
      avatar_url: null,
      bio: "",
      favorites: [],
      // The UTC day, whatever the process's time zone (the integration run uses Asia/Kolkata).
      created_on: "2024-03-01",
      has_username: false,
      email: user.email,
    });
  });

  it("updates the profile and reads it back", async () => {
    const user = await makeUser();
    const name = uniqueName("Alice_");
    const updated = await updateProfile(user, { username: name, bio: "I host board-game nights.", favorites: ["games", "jazz"] });
    expect(updated).toMatchObject({ username: name, bio: "I host board-game nights.", favorites: ["games", "jazz"], has_username: true });
    expect(await getOwnProfile(user)).toEqual(updated);

    // A partial update leaves the other fields alone.
    const again = await updateProfile(user, { bio: "" });
    expect(again).toMatchObject({ username: name, bio: "", favorites: ["games", "jazz"] });

    const stored = await (await collections.users()).findOne({ email: user.email });
    expect(stored?.username_lower).toBe(name.toLowerCase());
  });

  it("lets a user change the case of their own username", async () => {
    const name = uniqueName("bob");
    const user = await makeUser({ username: name });
    expect((await setUsername(user, name.toUpperCase())).username).toBe(name.toUpperCase());
  });

  it("keeps usernames unique regardless of case", async () => {
    const base = uniqueName("alice");
    const first = await makeUser();
    const second = await makeUser();
    await setUsername(first, `A${base}`);
    const attempt = setUsername(second, `a${base}`);
    await expect(attempt).rejects.toBeInstanceOf(Conflict);
    await expect(setUsername(second, `a${base}`)).rejects.toThrow("That username is taken.");
    expect((await getOwnProfile(second)).username).toBeNull();
  });

  it("lets only one of two simultaneous claims on a username win", async () => {
    const name = uniqueName("race");
    const [a, b] = await Promise.all([makeUser(), makeUser()]);
    const results = await Promise.allSettled([setUsername(a, name), setUsername(b, name.toUpperCase())]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason).toBeInstanceOf(Conflict);
  });

  it("shows the email to the owner only", async () => {
    const owner = await makeUser({ username: uniqueName("owner") });
    const other = await makeUser({ username: uniqueName("other") });
    await updateProfile(owner, { bio: "Hello", favorites: ["hiking"] });

    const asStranger = await getPublicProfile(null, owner.id);
    expect(asStranger).not.toHaveProperty("email");
    expect(asStranger).toMatchObject({ user_id: owner.id, username: owner.username, bio: "Hello", favorites: ["hiking"], has_username: true });

    expect(await getPublicProfile(other, owner.id)).not.toHaveProperty("email");
    expect((await getPublicProfile(owner, owner.id)).email).toBe(owner.email);
  });

  it("answers NotFound for malformed, unknown and unverified ids — never a crash", async () => {
    const unverified = await makeUser({ verified: false });
    for (const id of ["not-an-id", "", "123", "zzzzzzzzzzzzzzzzzzzzzzzz", "0123456789abcdef01234567", unverified.id]) {
      await expect(getPublicProfile(null, id), id).rejects.toBeInstanceOf(NotFound);
    }
  });

  it("answers NotFound when the account is gone", async () => {
    const user = await makeUser();
    await (await collections.users()).deleteOne({ email: user.email });
    await expect(updateProfile(user, { bio: "x" })).rejects.toBeInstanceOf(NotFound);
    await expect(getOwnProfile(user)).rejects.toBeInstanceOf(NotFound);
  });

  it("shows others an edit within OTHERS_TTL_MS, and the owner at once, with the id in any case", async () => {
    const owner = await makeUser({ username: uniqueName("host") });
    const other = await makeUser();
    expect((await getPublicProfile(null, owner.id.toUpperCase())).user_id).toBe(owner.id);
    expect((await getPublicProfile(other, owner.id)).bio).toBe("");

    await updateProfile(owner, { bio: "New bio" });
    expect((await getPublicProfile(owner, owner.id)).bio).toBe("New bio");
    await new Promise((r) => setTimeout(r, OTHERS_TTL_MS + 50));
    expect((await getPublicProfile(null, owner.id)).bio).toBe("New bio");
    expect((await getPublicProfile(other, owner.id)).bio).toBe("New bio");

    // An account that stops being verified (or goes) has no public face once the entry is old.
    await (await collections.users()).updateOne({ email: owner.email }, { $set: { emailVerified: null } });
    await new Promise((r) => setTimeout(r, OTHERS_TTL_MS + 50));
    await expect(getPublicProfile(null, owner.id)).rejects.toBeInstanceOf(NotFound);
  });
});
