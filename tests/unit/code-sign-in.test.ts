import { describe, expect, it } from "vitest";
import { usernameCandidate } from "@/lib/auth/code-sign-in";
import { usernameSchema } from "@/lib/profiles/schema";

describe("usernameCandidate", () => {
  it("makes the name itself the first try: ASCII letters and digits joined by _", () => {
    expect(usernameCandidate("Zoë Ortiz", 0)).toBe("zoe_ortiz");
    expect(usernameCandidate("  Jean-Luc  O'Neil ", 0)).toBe("jean_luc_o_neil");
    expect(usernameCandidate("ÅSA 2", 0)).toBe("asa_2");
  });

  it("adds four digits on the next tries, eight after that", () => {
    expect(usernameCandidate("Zoë Ortiz", 1)).toMatch(/^zoe_ortiz_\d{4}$/);
    expect(usernameCandidate("Zoë Ortiz", 4)).toMatch(/^zoe_ortiz_\d{8}$/);
  });

  it("starts from guest when too little of the name is ASCII", () => {
    expect(usernameCandidate("李雷", 0)).toMatch(/^guest_\d{4}$/);
    expect(usernameCandidate(null, 0)).toMatch(/^guest_\d{4}$/);
    expect(usernameCandidate("🎉", 2)).toMatch(/^guest_\d{4}$/);
    expect(usernameCandidate("Al", 0)).toBe("guest_al");
  });

  it("always gives a username the profile form accepts", () => {
    const names = ["Zoë Ortiz", "x".repeat(200), "a b c d e f g h i j k l m n o p", "___", "Ωμέγα", "O'Brien-Smith Jr.", ""];
    for (const name of names) {
      for (const attempt of [0, 1, 4]) {
        const username = usernameCandidate(name, attempt);
        expect(usernameSchema.safeParse(username).success, `${name} → ${username}`).toBe(true);
      }
    }
  });
});
