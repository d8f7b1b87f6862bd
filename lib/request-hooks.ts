import "server-only";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";

// The one patch of this process's HTTP(S) servers. Route handlers see neither the socket nor the
// Node response, so what needs them (the client's socket address, lib/client-ip.ts; a
// Content-Length Next would drop, lib/response-length.ts) runs here, on each request before Next
// sees it. The server listens before instrumentation runs, so the patch goes on the prototypes.

type Hook = (req: IncomingMessage, res: ServerResponse) => void;

const g = globalThis as typeof globalThis & { __invytaRequestHooks?: Map<string, Hook> };

/** Runs `hook` on every request this process's servers receive; a second call with the same name replaces it. */
export function onEveryRequest(name: string, hook: Hook): void {
  if (!g.__invytaRequestHooks) {
    const hooks = new Map<string, Hook>();
    g.__invytaRequestHooks = hooks;
    for (const Server of [http.Server, https.Server]) {
      // Node types emit as a list of per-event overloads; the patch forwards every event unchanged.
      const emit = Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
      Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
        if (event === "request") for (const run of hooks.values()) run(args[0] as IncomingMessage, args[1] as ServerResponse);
        return emit.call(this, event, ...args);
      } as typeof Server.prototype.emit;
    }
  }
  g.__invytaRequestHooks.set(name, hook);
}
