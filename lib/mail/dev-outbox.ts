import "server-only";
import { BlockList, isIPv4, isIPv6 } from "node:net";
import { clientIpFrom } from "@/lib/client-ip";
import { NotFound } from "@/lib/errors";
import { listDevOutbox, type DevOutboxEntry } from "./service";

// The dev outbox shows live sign-in codes, so it answers only a browser on this machine, even when
// the dev server was opened to the network on purpose (HOST=0.0.0.0). The deciding address is the
// TCP socket's, as lib/client-ip.ts stamps it (a client cannot forge the stamp); a header the client
// wrote proves nothing (`X-Forwarded-For: 127.0.0.1`). A forwarding header naming any other address
// refuses too: that is a tunnel or proxy on this machine passing on someone else's request.

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

export function isLoopbackAddress(address: string): boolean {
  const ip = address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  if (isIPv4(ip)) return LOOPBACK.check(ip, "ipv4");
  return isIPv6(ip) && LOOPBACK.check(ip, "ipv6");
}

/** Addresses named by forwarding headers: X-Forwarded-For, X-Real-IP and Forwarded's `for=`. */
function forwardedAddresses(headers: Headers): string[] {
  const listed = ["x-forwarded-for", "x-real-ip"].flatMap((name) => headers.get(name)?.split(",") ?? []);
  const forwarded = [...(headers.get("forwarded") ?? "").matchAll(/for\s*=\s*"?\[?([^\]",;]*)/gi)].map((m) => m[1]!);
  // "203.0.113.9:4711" → "203.0.113.9" (Forwarded may carry a port; bracketed IPv6 lost its port above).
  return [...listed, ...forwarded].map((a) => a.trim().replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1"));
}

/** True only for a request whose socket is loopback and that names no other client. */
export function isLoopbackRequest(headers: Headers): boolean {
  // No trusted proxy header here: only the socket stamp counts.
  return isLoopbackAddress(clientIpFrom(headers)) && forwardedAddresses(headers).every(isLoopbackAddress);
}

/** The dev outbox for this request: NotFound in production and for anyone not on this machine. */
export async function readDevOutbox(requestHeaders: Headers, limit?: number): Promise<DevOutboxEntry[]> {
  if (!isLoopbackRequest(requestHeaders)) throw new NotFound();
  return listDevOutbox(limit);
}
