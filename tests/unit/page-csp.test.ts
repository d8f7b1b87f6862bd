import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { isPagePath, stampPageCsp } from "@/lib/page-csp";

function exchange(url: string, headers: Record<string, string> = {}) {
  const req = new IncomingMessage(new Socket());
  req.url = url;
  Object.assign(req.headers, headers);
  return { req, res: new ServerResponse(req) };
}

const OPTS = { dev: false, https: true };
const nonceOf = (csp: unknown) => /'nonce-([^']+)'/.exec(String(csp))?.[1];

describe("page CSP", () => {
  it("puts the same fresh nonce policy on a page request and its response", () => {
    const { req, res } = exchange("/events/abc?x=1");
    stampPageCsp(req, res, OPTS);
    const csp = res.getHeader("content-security-policy");
    expect(req.headers["content-security-policy"]).toBe(csp);
    expect(nonceOf(csp)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(String(csp)).toContain("upgrade-insecure-requests");

    const second = exchange("/events/abc");
    stampPageCsp(second.req, second.res, OPTS);
    expect(nonceOf(second.res.getHeader("content-security-policy"))).not.toBe(nonceOf(csp));
  });

  it("replaces a policy the client sent, so a client cannot choose the nonce Next stamps", () => {
    const { req, res } = exchange("/", {
      "content-security-policy": "script-src 'nonce-chosen'",
      "content-security-policy-report-only": "script-src 'nonce-chosen'",
    });
    stampPageCsp(req, res, OPTS);
    expect(req.headers["content-security-policy"]).not.toContain("nonce-chosen");
    expect(req.headers["content-security-policy-report-only"]).toBeUndefined();
  });

  it("leaves the API and Next's own files alone", () => {
    for (const url of ["/api/v1/events", "/api", "/_next/static/chunks/a.js"]) {
      const { req, res } = exchange(url);
      stampPageCsp(req, res, OPTS);
      expect(req.headers["content-security-policy"]).toBeUndefined();
      expect(res.getHeader("content-security-policy")).toBeUndefined();
    }
    expect(isPagePath("/apiary")).toBe(true);
    expect(isPagePath("/events/join?token=x")).toBe(true);
  });
});
