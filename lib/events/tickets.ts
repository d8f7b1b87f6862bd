import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import QRCode from "qrcode";
import { derivedKey } from "@/lib/auth/keys";
import type { AttendanceDoc, EventDoc } from "@/lib/db/types";

// A guest's door ticket: base64url of the membership's two ids (event, then user: 12 bytes each) and
// the first 16 bytes of their HMAC-SHA-256 under the "ticket" key (lib/auth/keys.ts). 54 characters,
// so the QR code stays small; the server finds the membership by `_id` ("<event hex>:<user hex>")
// without a lookup table, and nobody can make a ticket without AUTH_SECRET. The ticket never
// changes for a membership: whether it still admits anyone is the membership's status, read at the door.

const ID_BYTES = 12;
const MAC_BYTES = 16;
const TOKEN_BYTES = 2 * ID_BYTES + MAC_BYTES;
const HEX_ID = /^[0-9a-f]{24}$/;
/** The token's shape: exactly TOKEN_BYTES bytes in base64url, no padding. */
export const TICKET_PATTERN = /^[A-Za-z0-9_-]{54}$/;

export type TicketIds = { eventId: string; userId: string };

function macOf(ids: Buffer): Buffer {
  return createHmac("sha256", derivedKey("ticket")).update(ids).digest().subarray(0, MAC_BYTES);
}

function idsOf(eventId: string, userId: string): Buffer {
  if (!HEX_ID.test(eventId) || !HEX_ID.test(userId)) throw new Error("A ticket needs two ObjectId hex strings.");
  return Buffer.concat([Buffer.from(eventId, "hex"), Buffer.from(userId, "hex")]);
}

/** The ticket of the membership of `userId` in `eventId` (both hex). */
export function signTicket(eventId: string, userId: string): string {
  const ids = idsOf(eventId, userId);
  return Buffer.concat([ids, macOf(ids)]).toString("base64url");
}

/** The ids a ticket was signed for; null for anything that is not a ticket of ours (MACs compared in constant time). */
export function verifyTicket(token: string): TicketIds | null {
  const text = token.trim();
  if (!TICKET_PATTERN.test(text)) return null;
  const raw = Buffer.from(text, "base64url");
  // Canonical only: the last character carries 2 spare bits, and another spelling of the same bytes is not our ticket.
  if (raw.length !== TOKEN_BYTES || raw.toString("base64url") !== text) return null;
  const ids = raw.subarray(0, 2 * ID_BYTES);
  if (!timingSafeEqual(raw.subarray(2 * ID_BYTES), macOf(ids))) return null;
  return { eventId: ids.subarray(0, ID_BYTES).toString("hex"), userId: ids.subarray(ID_BYTES).toString("hex") };
}

// Crockford's base32 without I, L, O, U: read aloud and typed without mix-ups.
const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * The ticket's short code, "K7QF-9X2M": 40 bits of its MAC, printed under the QR code and beside the
 * guest's name on the host's list, so a host checking someone in by name can compare the two.
 * It identifies a ticket to a person, it does not admit anyone (check-in takes the whole ticket or
 * a host's choice from the list).
 */
export function ticketCode(eventId: string, userId: string): string {
  const mac = macOf(idsOf(eventId, userId));
  let bits = 0n;
  for (const byte of mac.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let code = "";
  for (let i = 7; i >= 0; i--) code += CODE_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A guest's ticket as their event page shows it: the QR code as one SVG path over a `size`-module square (quiet zone included). */
export type TicketView = { token: string; code: string; qr: { size: number; path: string }; checkedInAt: string | null };

const QUIET_ZONE = 2;

/** The QR code of `text` as an SVG path of unit squares, drawn on the server (no QR library in the page's JS). */
export function qrPathOf(text: string): { size: number; path: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = modules.size;
  let path = "";
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (modules.get(x, y)) path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`;
    }
  }
  return { size: n + 2 * QUIET_ZONE, path };
}

/** The viewer's ticket while they are attending; null otherwise (a ticket admits only someone attending). */
export function ticketViewOf({ event, membership }: { event: Pick<EventDoc, "_id">; membership: Pick<AttendanceDoc, "user_id" | "status" | "checked_in_at"> | null }): TicketView | null {
  if (membership?.status !== "attending") return null;
  const eventHex = event._id.toHexString();
  const userHex = membership.user_id.toHexString();
  const token = signTicket(eventHex, userHex);
  return { token, code: ticketCode(eventHex, userHex), qr: qrPathOf(token), checkedInAt: membership.checked_in_at ? membership.checked_in_at.toISOString() : null };
}
