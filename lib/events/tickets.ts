import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
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

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, "ascii");
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/**
 * The QR code of `text` as a black-and-white PNG (1 bit a pixel), `scale` pixels a module, quiet
 * zone included: what the ticket mail attaches. qrcode's own PNG is 8-bit RGBA with every row
 * filter tried (about 10 ms of CPU a ticket); this one is a few hundred bytes of rows, deflated.
 */
export function qrPngOf(text: string, scale: number): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = modules.size;
  const side = (n + 2 * QUIET_ZONE) * scale;
  const stride = 1 + Math.ceil(side / 8); // the row's filter byte (0: none), then its pixels, 1 = white
  const rows = Buffer.alloc(stride * side, 0xff);
  for (let y = 0; y < side; y++) rows[y * stride] = 0;
  for (let my = 0; my < n; my++) {
    const first = (my + QUIET_ZONE) * scale * stride;
    for (let mx = 0; mx < n; mx++) {
      if (!modules.get(my, mx)) continue;
      for (let px = (mx + QUIET_ZONE) * scale, end = px + scale; px < end; px++) {
        const at = first + 1 + (px >> 3);
        rows[at] = rows[at]! & ~(0x80 >> (px & 7));
      }
    }
    // The module row's other pixel rows are copies of its first.
    for (let dy = 1; dy < scale; dy++) rows.copy(rows, first + dy * stride, first, first + stride);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth; colour type 0 (grey), compression, filter and interlace 0 follow
  return Buffer.concat([PNG_SIGNATURE, pngChunk("IHDR", header), pngChunk("IDAT", deflateSync(rows)), pngChunk("IEND", Buffer.alloc(0))]);
}

/** The viewer's ticket while they are attending; null otherwise (a ticket admits only someone attending). */
export function ticketViewOf({ event, membership }: { event: Pick<EventDoc, "_id">; membership: Pick<AttendanceDoc, "user_id" | "status" | "checked_in_at"> | null }): TicketView | null {
  if (membership?.status !== "attending") return null;
  const eventHex = event._id.toHexString();
  const userHex = membership.user_id.toHexString();
  const token = signTicket(eventHex, userHex);
  return { token, code: ticketCode(eventHex, userHex), qr: qrPathOf(token), checkedInAt: membership.checked_in_at ? membership.checked_in_at.toISOString() : null };
}
