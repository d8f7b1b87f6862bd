import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { isPagePath, stampSecurityHeaders } from "@/lib/response-security";
import { API_CSP, isCameraPath } from "@/lib/security-headers";

function exchange(url: string, headers: Record<string, string> = {}) {
  const req = new IncomingMessage(new Socket());
  req.url = url;
  Object.assign(req.headers, headers);
  return { req, res: new ServerResponse(req) };
}

const OPTS = { dev: false, https: true, production: true };
const nonceOf = (csp: unknown) => /'nonce-([^']+)'/.exec(String(csp))?.[1];
const stamped = (url: string, headers: Record<string, string> = {}, opts = OPTS) => {
  const x = exchange(url, headers);
  stampSecurityHeaders(x.req, x.res, opts);
  return x;
};

describe("response security headers", () => {
  it("puts the same fresh nonce policy on a page request and its response", () => {
    const { req, res } = stamped("/events/abc?x=1");
    const csp = res.getHeader("content-security-policy");
    expect(req.headers["content-security-policy"]).toBe(csp);
    expect(nonceOf(csp)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(String(csp)).toContain("upgrade-insecure-requests");
    expect(nonceOf(stamped("/events/abc").res.getHeader("content-security-policy"))).not.toBe(nonceOf(csp));
  });

  it("replaces a policy the client sent, so a client cannot choose the nonce Next stamps", () => {
    const { req } = stamped("/", {
      "content-security-policy": "script-src 'nonce-chosen'",
      "content-security-policy-report-only": "script-src 'nonce-chosen'",
    });
    expect(req.headers["content-security-policy"]).not.toContain("nonce-chosen");
    expect(req.headers["content-security-policy-report-only"]).toBeUndefined();
  });

  it("gives the API its own policy and leaves the request alone; Next's own files get no CSP", () => {
    for (const url of ["/api/v1/events", "/api", "/api?x=1"]) {
      const { req, res } = stamped(url, { "content-security-policy": "script-src 'nonce-chosen'" });
      expect(res.getHeader("content-security-policy")).toBe(API_CSP);
      expect(req.headers["content-security-policy"]).toBe("script-src 'nonce-chosen'");
    }
    const { req, res } = stamped("/_next/static/chunks/a.js");
    expect(req.headers["content-security-policy"]).toBeUndefined();
    expect(res.getHeader("content-security-policy")).toBeUndefined();
    expect(isPagePath("/apiary")).toBe(true);
    expect(isPagePath("/events/join?token=x")).toBe(true);
  });

  it("sends the static set on every response, HSTS only in production", () => {
    for (const url of ["/", "/api/health", "/_next/static/chunks/a.js", "/icon.svg"]) {
      const { res } = stamped(url);
      expect(res.getHeader("x-content-type-options")).toBe("nosniff");
      expect(res.getHeader("x-frame-options")).toBe("DENY");
      expect(res.getHeader("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.getHeader("cross-origin-opener-policy")).toBe("same-origin");
      expect(res.getHeader("strict-transport-security")).toContain("max-age=");
    }
    expect(stamped("/", {}, { ...OPTS, production: false }).res.getHeader("strict-transport-security")).toBeUndefined();
  });

  it("lets only an event page and its door check-in use the camera", () => {
    expect(stamped("/events/abc?x=1").res.getHeader("permissions-policy")).toContain("camera=(self)");
    expect(stamped("/events/abc/check-in").res.getHeader("permissions-policy")).toContain("camera=(self)");
    for (const url of ["/", "/events", "/events/abc/manage", "/api/v1/events/abc"]) {
      expect(stamped(url).res.getHeader("permissions-policy")).toContain("camera=()");
    }
    expect(isCameraPath("/events/abc/")).toBe(true);
    expect(isCameraPath("/events/abc#x")).toBe(true);
    expect(isCameraPath("/eventsx/abc")).toBe(false);
    expect(isCameraPath("/events/abc/check-in?x=1")).toBe(true);
    expect(isCameraPath("/events/abc/check-ins")).toBe(false);
  });
});
