import "server-only";
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { onEveryRequest } from "@/lib/request-hooks";
import { pageCsp } from "@/lib/security-headers";

// Every page gets a fresh CSP nonce. Next stamps its own scripts with the nonce it finds in the
// request's Content-Security-Policy header (server/app-render/get-script-nonce-from-header.js), so
// the policy goes on the Node request before Next sees it, and on the response. A Next proxy did
// this before at ~3 ms of CPU per page (it builds a Web Request and re-applies the headers): a
// fifth of an event page's cost. API routes and static files get theirs from next.config.ts.

type CspOptions = Parameters<typeof pageCsp>[1];

/** Whether `url` (a request target) renders a page: everything but the API and Next's own files. */
export function isPagePath(url: string): boolean {
  return !url.startsWith("/api/") && url !== "/api" && !url.startsWith("/_next/");
}

/** Puts a fresh nonce policy on a page request (replacing any the client sent) and its response. */
export function stampPageCsp(req: IncomingMessage, res: ServerResponse, opts: CspOptions): void {
  if (!isPagePath(req.url ?? "/")) return;
  const csp = pageCsp(randomBytes(16).toString("base64"), opts);
  req.headers["content-security-policy"] = csp;
  delete req.headers["content-security-policy-report-only"];
  res.setHeader("Content-Security-Policy", csp);
}

/** Stamps every page request of this process's servers (lib/request-hooks.ts). */
export function installPageCsp(): void {
  const opts: CspOptions = {
    dev: process.env.NODE_ENV === "development",
    https: (process.env.APP_URL ?? "").startsWith("https://"),
  };
  onEveryRequest("page-csp", (req, res) => stampPageCsp(req, res, opts));
}
