import "server-only";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";

// The one patch of this process's HTTP(S) servers. Route handlers see neither the socket nor the
// Node response, so what needs them (the client's socket address, lib/client-ip.ts; a
// Content-Length Next would drop, lib/response-length.ts) runs here, on each request before Next
// sees it. The server listens before instrumentation runs, so the patch goes on the prototypes.

type Hook = (req: IncomingMessage, res: ServerResponse) => void;
/** After the hooks: false lets Next handle the request now; a promise, whether the claim answered it (else Next handles it then). */
type Claim = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | false;

const g = globalThis as typeof globalThis & { __invytaRequestHooks?: Map<string, Hook>; __invytaRequestClaim?: Claim };

/** Runs `hook` on every request this process's servers receive; a second call with the same name replaces it. */
export function onEveryRequest(name: string, hook: Hook): void {
  patchServers().set(name, hook);
}

/**
 * Lets `claim` answer requests before Next does (./http/shared-pages/serve.ts): it runs after every
 * hook, and one that returns a promise holds the request back until it settles. One claim per
 * process; a second call replaces it.
 */
export function claimRequests(claim: Claim): void {
  patchServers();
  g.__invytaRequestClaim = claim;
}

function patchServers(): Map<string, Hook> {
  if (g.__invytaRequestHooks) return g.__invytaRequestHooks;
  const hooks = new Map<string, Hook>();
  g.__invytaRequestHooks = hooks;
  for (const Server of [http.Server, https.Server]) {
    // Node types emit as a list of per-event overloads; the patch forwards every event unchanged.
    const emit = Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
    Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event !== "request") return emit.call(this, event, ...args);
      const [req, res] = args as [IncomingMessage, ServerResponse];
      for (const run of hooks.values()) run(req, res);
      const claimed = g.__invytaRequestClaim?.(req, res);
      if (!claimed) return emit.call(this, event, ...args);
      const toNext = () => emit.call(this, event, ...args);
      claimed.then((answered) => answered || toNext(), toNext).catch((err: Error) => console.error(`[invyta] request not handled: ${err.message}`));
      return true;
    } as typeof Server.prototype.emit;
  }
  return hooks;
}
