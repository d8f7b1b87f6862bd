import "server-only";
import type { ServerResponse } from "node:http";
import { onEveryRequest } from "@/lib/request-hooks";

// Which services this process currently cannot reach (the database, the rate-limit store), noted by
// the code that talks to them, and what pages answer meanwhile. An API route maps the failure to
// 503 itself (lib/api.ts); a page cannot: Next answers 500 for a render that failed before streaming,
// and an error boundary (app/error.tsx) cannot set a status. So on the way out, a 500 from a request
// that ran into an outage becomes 503 with Retry-After: "come back", not "we are broken".
// A page that had already started streaming (a loading.tsx shell) has sent its 200; it still shows
// the error boundary's "temporarily unavailable".

export type Service = "database" | "rate-limit-store";

/** Retry-After on a page answered 503: about how long the driver and ioredis take to find a server again. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

type State = { down: Map<Service, number>; lastSeen: Map<Service, number> };
const g = globalThis as typeof globalThis & { __invytaOutages?: State };

function state(): State {
  g.__invytaOutages ??= { down: new Map(), lastSeen: new Map() };
  return g.__invytaOutages;
}

/** `service` failed to answer just now. */
export function noteOutage(service: Service): void {
  const now = Date.now();
  const { down, lastSeen } = state();
  if (!down.has(service)) down.set(service, now);
  lastSeen.set(service, now);
}

/** `service` answered again. */
export function noteRecovered(service: Service): void {
  state().down.delete(service);
}

/** True when some service is down now, or failed at any moment since `sinceMs` (a request's start). */
export function outageSince(sinceMs: number): boolean {
  const { down, lastSeen } = state();
  if (down.size > 0) return true;
  for (const at of lastSeen.values()) if (at >= sinceMs) return true;
  return false;
}

/** Makes every 500 of this process's servers a 503 + Retry-After when its request ran into an outage. */
export function installOutageStatus(): void {
  onEveryRequest("outage-status", (_req, res) => outageAware(res, Date.now()));
}

export function outageAware(res: ServerResponse, startedAt: number): void {
  // Node writes headers through writeHead, also when the status was set on res.statusCode.
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    if (statusCode !== 500 || !outageSince(startedAt)) return writeHead.call(this, statusCode, ...(rest as []));
    this.setHeader("Retry-After", String(OUTAGE_RETRY_AFTER_SECONDS));
    this.setHeader("Cache-Control", "no-store");
    // A reason phrase given for 500 ("Internal Server Error") must not travel with 503.
    const args = typeof rest[0] === "string" ? rest.slice(1) : rest;
    return writeHead.call(this, 503, ...(args as []));
  } as typeof res.writeHead;
}
