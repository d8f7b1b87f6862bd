import "server-only";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { onEveryRequest } from "@/lib/request-hooks";

// The client's IP comes from the TCP socket, or from the one header a trusted proxy of ours sets
// (TRUSTED_PROXY_HEADER) — never from a header the client chose. Route handlers cannot see the
// socket, and Next keeps a client-sent X-Forwarded-For, so the HTTP server writes the socket
// address into SOCKET_IP_HEADER on every request, overwriting whatever the client sent.

export const SOCKET_IP_HEADER = "x-invyta-socket-ip";

/** What all requests share when their address is unknown: one rate-limit bucket (too strict, never too lax). */
export const UNKNOWN_IP = "unknown";

type SocketIpState = { tag: string };
const g = globalThis as typeof globalThis & { __invytaSocketIp?: SocketIpState };

/**
 * The header value carries a per-process secret tag: a request that reached the server before this
 * patch was installed (the server listens before instrumentation runs) keeps the client's forged
 * value, which then lacks the tag and is ignored.
 */
export function socketIpHeaderValue(ip: string): string {
  return `${socketIpState().tag} ${ip}`;
}

function socketIpState(): SocketIpState {
  g.__invytaSocketIp ??= { tag: randomBytes(16).toString("hex") };
  return g.__invytaSocketIp;
}

/** Stamps each request this process's servers receive with its socket address (overwriting a client's value). */
export function installSocketIpHeader(): void {
  onEveryRequest("socket-ip", (req) => {
    const address = req.socket?.remoteAddress;
    if (address) req.headers[SOCKET_IP_HEADER] = socketIpHeaderValue(address);
    else delete req.headers[SOCKET_IP_HEADER];
  });
}

/** The client's IP for rate limiting; "unknown" when neither the trusted header nor the socket stamp is present. */
export function clientIp(headers: Headers): string {
  return clientIpFrom(headers, env().TRUSTED_PROXY_HEADER);
}

export function clientIpFrom(headers: Headers, trustedHeader?: string): string {
  if (trustedHeader) {
    // The last entry of an X-Forwarded-For style list is the one our own proxy appended;
    // earlier entries are whatever the client sent.
    const last = headers.get(trustedHeader)?.split(",").at(-1)?.trim();
    if (last) return normalizeIp(last);
  }
  const stamped = headers.get(SOCKET_IP_HEADER);
  const space = stamped?.indexOf(" ") ?? -1;
  if (stamped && space > 0 && stamped.slice(0, space) === socketIpState().tag) {
    return normalizeIp(stamped.slice(space + 1));
  }
  return UNKNOWN_IP;
}

/** "::ffff:1.2.3.4" (IPv4 on a dual-stack socket) → "1.2.3.4". */
function normalizeIp(ip: string): string {
  return ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
}
