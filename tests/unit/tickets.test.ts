import { createHmac, hkdfSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";

// Door tickets (lib/events/tickets.ts): signed, short, tied to one membership, refused when touched.

const SECRET = "a-unit-test-secret-that-is-long-enough-0123456789";
let tickets: typeof import("@/lib/events/tickets");

beforeAll(async () => {
  // env() is read once, on first use: the secret is set before the module loads.
  process.env.AUTH_SECRET = SECRET;
  process.env.MONGODB_URI ??= "mongodb://127.0.0.1:1/unused";
  tickets = await import("@/lib/events/tickets");
});

const EVENT = "65f0c0ffee0000000000a001";
const OTHER_EVENT = "65f0c0ffee0000000000a002";
const USER = "65f0c0ffee0000000000b001";
const OTHER_USER = "65f0c0ffee0000000000b002";

/** Flips one character of the token to another base64url character. */
function flip(token: string, at: number): string {
  const c = token[at] === "A" ? "B" : "A";
  return token.slice(0, at) + c + token.slice(at + 1);
}

describe("signTicket / verifyTicket", () => {
  it("gives back the membership's ids, from a short base64url token that is not the user id", () => {
    const token = tickets.signTicket(EVENT, USER);
    expect(token).toMatch(/^[A-Za-z0-9_-]{54}$/);
    expect(token).not.toContain(USER);
    expect(tickets.verifyTicket(token)).toEqual({ eventId: EVENT, userId: USER });
    // Scanners sometimes add a newline.
    expect(tickets.verifyTicket(`${token}\n`)).toEqual({ eventId: EVENT, userId: USER });
  });

  it("is one ticket per membership: stable, and different for another guest or another event", () => {
    const token = tickets.signTicket(EVENT, USER);
    expect(tickets.signTicket(EVENT, USER)).toBe(token);
    expect(tickets.signTicket(EVENT, OTHER_USER)).not.toBe(token);
    const other = tickets.signTicket(OTHER_EVENT, USER);
    expect(other).not.toBe(token);
    expect(tickets.verifyTicket(other)).toEqual({ eventId: OTHER_EVENT, userId: USER });
  });

  it("refuses any tampered character, in the ids or the signature", () => {
    const token = tickets.signTicket(EVENT, USER);
    for (let at = 0; at < token.length; at++) expect(tickets.verifyTicket(flip(token, at)), `character ${at}`).toBeNull();
  });

  it("refuses a ticket moved to another guest or event by swapping ids under the same signature", () => {
    const raw = Buffer.from(tickets.signTicket(EVENT, USER), "base64url");
    Buffer.from(OTHER_USER, "hex").copy(raw, 12);
    expect(tickets.verifyTicket(raw.toString("base64url"))).toBeNull();
    const moved = Buffer.from(tickets.signTicket(EVENT, USER), "base64url");
    Buffer.from(OTHER_EVENT, "hex").copy(moved, 0);
    expect(tickets.verifyTicket(moved.toString("base64url"))).toBeNull();
  });

  it("refuses a signature made with another key (another purpose, or the raw secret)", () => {
    const ids = Buffer.concat([Buffer.from(EVENT, "hex"), Buffer.from(USER, "hex")]);
    const forge = (key: Uint8Array | string) => Buffer.concat([ids, createHmac("sha256", key).update(ids).digest().subarray(0, 16)]).toString("base64url");
    expect(tickets.verifyTicket(forge(SECRET))).toBeNull();
    expect(tickets.verifyTicket(forge(new Uint8Array(hkdfSync("sha256", SECRET, "invyta", "invyta reminders-off v1", 32))))).toBeNull();
    // The right derivation is accepted: the test forges nothing by accident.
    expect(tickets.verifyTicket(forge(new Uint8Array(hkdfSync("sha256", SECRET, "invyta", "invyta ticket v1", 32))))).toEqual({ eventId: EVENT, userId: USER });
  });

  it("refuses what is not a ticket: the user id, an invite link, other lengths, another spelling of the same bytes", () => {
    const token = tickets.signTicket(EVENT, USER);
    for (const text of ["", USER, `${EVENT}:${USER}`, "https://example.com/events/join?event_id=x&token=y", token.slice(0, -1), `${token}A`, token.replace(/-/g, "+"), "😀".repeat(27)]) {
      expect(tickets.verifyTicket(text), text).toBeNull();
    }
    // The last character holds 2 spare bits: its other spellings decode to the same bytes and are still refused.
    const last = token.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const base = alphabet.indexOf(last) & ~3;
    for (let spare = 0; spare < 4; spare++) {
      const spelled = token.slice(0, -1) + alphabet[base + spare];
      if (spelled !== token) expect(tickets.verifyTicket(spelled)).toBeNull();
    }
  });
});

describe("ticketCode", () => {
  it("is 8 characters of Crockford base32 in two groups, stable, and differs between guests", () => {
    const code = tickets.ticketCode(EVENT, USER);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(tickets.ticketCode(EVENT, USER)).toBe(code);
    expect(tickets.ticketCode(EVENT, OTHER_USER)).not.toBe(code);
    expect(tickets.ticketCode(OTHER_EVENT, USER)).not.toBe(code);
  });
});

describe("ticketViewOf", () => {
  it("shows a ticket only to a guest who is attending, with its QR code as a square path", async () => {
    const { ObjectId } = await import("mongodb");
    const event = { _id: new ObjectId(EVENT) };
    const member = (status: "attending" | "maybe" | "waitlisted" | "pending" | "not_attending") => ({ user_id: new ObjectId(USER), status, checked_in_at: null });
    const view = tickets.ticketViewOf({ event, membership: member("attending") });
    expect(view?.token).toBe(tickets.signTicket(EVENT, USER));
    expect(view?.code).toBe(tickets.ticketCode(EVENT, USER));
    // 54 bytes at error correction M: a version 4 code, 33 modules, and the quiet zone of 2 around it.
    expect(view?.qr.size).toBe(33 + 4);
    expect(view?.qr.path).toMatch(/^(M\d+ \d+h1v1h-1z)+$/);
    for (const status of ["maybe", "waitlisted", "pending", "not_attending"] as const) expect(tickets.ticketViewOf({ event, membership: member(status) })).toBeNull();
    expect(tickets.ticketViewOf({ event, membership: null })).toBeNull();
  });
});

describe("qrPngOf", () => {
  it("draws the ticket as a 1-bit PNG that a QR reader reads back, 6 px a module with the quiet zone", async () => {
    const { default: sharp } = await import("sharp");
    const { default: jsQR } = await import("jsqr");
    const token = tickets.signTicket(EVENT, USER);
    const png = tickets.qrPngOf(token, 6);
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    // IHDR: width, height, then bit depth 1 and colour type 0 (grey).
    expect(png.toString("ascii", 12, 16)).toBe("IHDR");
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([(33 + 4) * 6, (33 + 4) * 6, 1, 0]);
    const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data).toBe(token);
    // The quiet zone is white and the top-left finder pattern's corner black: not mirrored or shifted.
    const at = (x: number, y: number) => data[(y * info.width + x) * 4]!;
    expect(at(0, 0)).toBe(255);
    expect(at(11, 11)).toBe(255);
    expect(at(12, 12)).toBe(0);
    // Another text, another image; the scale sets the size.
    expect(tickets.qrPngOf(tickets.signTicket(EVENT, OTHER_USER), 6).equals(png)).toBe(false);
    const small = await sharp(tickets.qrPngOf(token, 3)).metadata();
    expect(small.width).toBe((33 + 4) * 3);
  });
});
