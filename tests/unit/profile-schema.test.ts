import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/errors";
import {
  bioSchema,
  favoritesSchema,
  profileFormSchema,
  profileUpdateSchema,
  usernameOnlySchema,
  usernameSchema,
} from "@/lib/profiles/schema";

function errorsOf(schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, value: unknown) {
  const result = schema.safeParse(value);
  expect(result.success, JSON.stringify(value)).toBe(false);
  return fieldErrorsOf(result.error as Parameters<typeof fieldErrorsOf>[0]);
}

describe("usernameSchema", () => {
  it("accepts 3–30 letters, digits, _ . - and trims", () => {
    for (const ok of ["abc", "Alice_99", "a.b-c", "x".repeat(30)]) expect(usernameSchema.parse(ok)).toBe(ok);
    expect(usernameSchema.parse("  bob  ")).toBe("bob");
  });

  it("keeps the case the user chose", () => {
    expect(usernameSchema.parse("AliceW")).toBe("AliceW");
  });

  it("refuses short, long and other characters with a clear message", () => {
    expect(usernameSchema.safeParse("").error?.issues[0]?.message).toBe("Choose a username.");
    expect(usernameSchema.safeParse("ab").error?.issues[0]?.message).toBe("Use at least 3 characters.");
    expect(usernameSchema.safeParse("x".repeat(31)).error?.issues[0]?.message).toBe("Use at most 30 characters.");
    for (const bad of ["has space", "émile", "a/b", "<script>", "semi;colon", "ali$ce"]) {
      expect(usernameSchema.safeParse(bad).error?.issues[0]?.message).toMatch(/letters \(a–z\), digits/);
    }
  });

  it("refuses anything that is not a string", () => {
    for (const bad of [null, 42, ["alice"], { $ne: null }]) {
      expect(usernameSchema.safeParse(bad).error?.issues[0]?.message).toBe("Choose a username.");
    }
  });
});

describe("bioSchema", () => {
  it("trims and allows up to 280 characters, empty included", () => {
    expect(bioSchema.parse("  hi  ")).toBe("hi");
    expect(bioSchema.parse("")).toBe("");
    expect(bioSchema.parse("x".repeat(280))).toHaveLength(280);
    expect(bioSchema.parse(` ${"x".repeat(280)} `)).toHaveLength(280);
  });

  it("refuses more than 280 characters", () => {
    expect(bioSchema.safeParse("x".repeat(281)).error?.issues[0]?.message).toBe("Keep the bio to 280 characters or fewer.");
  });
});

describe("favoritesSchema", () => {
  it("trims, lower-cases, collapses spaces and removes duplicates in order", () => {
    expect(favoritesSchema.parse(["  Hiking ", "LIVE   Music", "hiking", "Reading", "live music"])).toEqual([
      "hiking",
      "live music",
      "reading",
    ]);
    expect(favoritesSchema.parse([])).toEqual([]);
  });

  it("limits each category to 1–30 characters without commas", () => {
    expect(favoritesSchema.safeParse(["   "]).error?.issues[0]?.message).toBe("A favorite category cannot be empty.");
    expect(favoritesSchema.parse(["x".repeat(30)])).toEqual(["x".repeat(30)]);
    expect(favoritesSchema.safeParse(["x".repeat(31)]).error?.issues[0]?.message).toMatch(/30 characters or fewer/);
    expect(favoritesSchema.safeParse(["a,b"]).error?.issues[0]?.message).toMatch(/commas/);
    expect(favoritesSchema.safeParse(["a\u0000b"]).success).toBe(false);
  });

  it("allows at most 20 distinct categories, counting after duplicates are removed", () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `tag${i}`);
    expect(favoritesSchema.parse([...twenty, "TAG0", "tag1"])).toEqual(twenty);
    const errors = errorsOf(favoritesSchema, [...twenty, "one more"]);
    expect(errors[""]).toEqual(["Choose at most 20 favorite categories."]);
  });

  it("refuses a non-list and non-string items", () => {
    expect(favoritesSchema.safeParse("hiking").success).toBe(false);
    expect(favoritesSchema.safeParse([1, 2]).success).toBe(false);
    expect(favoritesSchema.safeParse([{ $ne: null }]).success).toBe(false);
  });
});

describe("profileUpdateSchema", () => {
  it("accepts any one field and ignores unknown keys", () => {
    expect(profileUpdateSchema.parse({ bio: " Hi " })).toEqual({ bio: "Hi" });
    expect(profileUpdateSchema.parse({ username: "alice", email: "evil@example.com", _id: "x" })).toEqual({ username: "alice" });
  });

  it("requires at least one field", () => {
    expect(errorsOf(profileUpdateSchema, {})[""]).toEqual(["Send at least one of display_name, username, bio or favorites."]);
    expect(profileUpdateSchema.safeParse({ other: 1 }).success).toBe(false);
  });

  it("reads the original API's `favorite` and misspelled `favorates` as `favorites`", () => {
    expect(profileUpdateSchema.parse({ favorite: ["Hiking", "reading"] })).toEqual({ favorites: ["hiking", "reading"] });
    expect(profileUpdateSchema.parse({ favorates: ["Jazz"] })).toEqual({ favorites: ["jazz"] });
    // The current name wins when both are sent.
    expect(profileUpdateSchema.parse({ favorites: ["a1"], favorite: ["b2"], favorates: ["c3"] })).toEqual({ favorites: ["a1"] });
    expect(profileUpdateSchema.parse({ favorite: ["b2"], favorates: ["c3"] })).toEqual({ favorites: ["b2"] });
  });

  it("validates the aliases like `favorites`, reporting under favorites", () => {
    const errors = errorsOf(profileUpdateSchema, { favorite: "hiking" });
    expect(errors.favorites).toEqual(["Send favorites as a list of categories."]);
  });

  it("refuses operator-injection objects in place of strings", () => {
    for (const body of [
      { username: { $ne: null } },
      { bio: { $gt: "" } },
      { favorites: { $exists: true } },
      { favorite: [{ $ne: null }] },
      { username: "alice", bio: { $where: "1" } },
    ]) {
      expect(profileUpdateSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });

  it("refuses a body that is not an object", () => {
    for (const body of [null, "username=alice", ["alice"], 42]) {
      expect(profileUpdateSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });

  it("accepts what the profile form sends", () => {
    const form = profileFormSchema.parse({ display_name: "", username: "Alice", bio: "", favorites: ["Hiking"] });
    expect(profileUpdateSchema.parse(form)).toEqual({ display_name: null, username: "Alice", bio: "", favorites: ["hiking"] });
    const named = profileFormSchema.parse({ display_name: " Alice  Liddell ", username: "Alice", bio: "", favorites: [] });
    expect(profileUpdateSchema.parse(named).display_name).toBe("Alice  Liddell");
  });
});

describe("usernameOnlySchema", () => {
  it("takes just the username", () => {
    expect(usernameOnlySchema.parse({ username: " carol ", bio: "ignored" })).toEqual({ username: "carol" });
    expect(errorsOf(usernameOnlySchema, { username: { $ne: null } }).username).toEqual(["Choose a username."]);
  });
});
