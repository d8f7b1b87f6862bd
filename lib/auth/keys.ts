import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

// Each use of AUTH_SECRET gets its own derived key, so a value made for one purpose (an API token,
// a sign-in ticket, a code hash) is never accepted for another — nor as an Auth.js session cookie,
// which Auth.js derives with its own salt.
export type KeyPurpose = "api-token" | "sign-in-ticket" | "otp-hash" | "reminders-off" | "ticket";

const cache = new Map<string, Uint8Array<ArrayBuffer>>();

export function derivedKey(purpose: KeyPurpose): Uint8Array<ArrayBuffer> {
  const secret = env().AUTH_SECRET;
  const id = `${purpose}:${secret}`;
  let key = cache.get(id);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, "invyta", `invyta ${purpose} v1`, 32));
    cache.set(id, key);
  }
  return key;
}

const jwtKeys = new Map<string, Promise<CryptoKey>>();

/**
 * The derived key as an HMAC-SHA-256 CryptoKey for signing and verifying JWTs: imported once, since
 * jose imports a raw key again on every call (half the cost of verifying a bearer token).
 */
export function jwtKey(purpose: Extract<KeyPurpose, "api-token" | "sign-in-ticket">): Promise<CryptoKey> {
  const id = `${purpose}:${env().AUTH_SECRET}`;
  let key = jwtKeys.get(id);
  if (!key) {
    key = crypto.subtle.importKey("raw", derivedKey(purpose), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    jwtKeys.set(id, key);
  }
  return key;
}

export function hmacHex(purpose: KeyPurpose, value: string): string {
  return createHmac("sha256", derivedKey(purpose)).update(value).digest("hex");
}

export function equalHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
