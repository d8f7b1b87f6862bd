import "server-only";
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { onEveryRequest } from "@/lib/request-hooks";
import { API_CSP, isCameraPath, pageCsp, PERMISSIONS_POLICY_CAMERA, staticSecurityHeaders } from "@/lib/security-headers";

// Every response's security headers, set on the Node response before Next sees the request.
// Pages get a fresh CSP nonce: Next stamps its own scripts with the nonce it finds in the request's
// Content-Security-Policy header (server/app-render/get-script-nonce-from-header.js), so the policy
// goes on the Node request too. A Next proxy did this before at ~3 ms of CPU per page (it builds a
// Web Request and re-applies the headers), and next.config.ts `headers()` matched its rules on every
// request at ~0.2 ms (a tenth of an API read): here each is a few setHeader calls. A route that sets
// a header itself (a download's sandbox CSP) replaces the one set here.

export type SecurityOptions = Parameters<typeof pageCsp>[1] & { production: boolean };

/** Whether `url` (a request target) renders a page: everything but the API and Next's own files. */
export function isPagePath(url: string): boolean {
  return !url.startsWith("/api/") && url !== "/api" && !url.startsWith("/_next/");
}

const isApiPath = (url: string) => url === "/api" || url.startsWith("/api/") || url.startsWith("/api?");

/** Puts the security headers on a response, and on a page request a fresh nonce policy (replacing any the client sent). */
export function stampSecurityHeaders(req: IncomingMessage, res: ServerResponse, opts: SecurityOptions, fixed = staticSecurityHeaders(opts.production)): void {
  const url = req.url ?? "/";
  for (const { key, value } of fixed) res.setHeader(key, value);
  if (isApiPath(url)) {
    res.setHeader("Content-Security-Policy", API_CSP);
    return;
  }
  if (!isPagePath(url)) return;
  const csp = pageCsp(randomBytes(16).toString("base64"), opts);
  req.headers["content-security-policy"] = csp;
  delete req.headers["content-security-policy-report-only"];
  res.setHeader("Content-Security-Policy", csp);
  if (isCameraPath(url)) res.setHeader("Permissions-Policy", PERMISSIONS_POLICY_CAMERA);
}

/** Stamps every response of this process's servers (lib/request-hooks.ts). */
export function installSecurityHeaders(): void {
  const opts: SecurityOptions = {
    dev: process.env.NODE_ENV === "development",
    https: (process.env.APP_URL ?? "").startsWith("https://"),
    production: process.env.NODE_ENV === "production",
  };
  const fixed = staticSecurityHeaders(opts.production);
  onEveryRequest("security-headers", (req, res) => stampSecurityHeaders(req, res, opts, fixed));
}
