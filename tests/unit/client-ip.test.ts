import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientIpFrom, installSocketIpHeader, SOCKET_IP_HEADER, socketIpHeaderValue, UNKNOWN_IP } from "@/lib/client-ip";

const headers = (init: Record<string, string>) => new Headers(init);

describe("clientIpFrom", () => {
  it("takes the last hop of the trusted proxy header, trimmed", () => {
    const h = headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.1 ,  203.0.113.7 " });
    expect(clientIpFrom(h, "x-forwarded-for")).toBe("203.0.113.7");
    expect(clientIpFrom(headers({ "x-real-ip": "198.51.100.2" }), "x-real-ip")).toBe("198.51.100.2");
  });

  it("strips the IPv4-mapped IPv6 prefix and leaves real IPv6 alone", () => {
    expect(clientIpFrom(headers({ "x-real-ip": "::ffff:203.0.113.7" }), "x-real-ip")).toBe("203.0.113.7");
    expect(clientIpFrom(headers({ [SOCKET_IP_HEADER]: socketIpHeaderValue("::FFFF:127.0.0.1") }))).toBe("127.0.0.1");
    expect(clientIpFrom(headers({ [SOCKET_IP_HEADER]: socketIpHeaderValue("2001:db8::1") }))).toBe("2001:db8::1");
  });

  it("uses the socket stamp when no proxy header is trusted, and ignores X-Forwarded-For then", () => {
    const h = headers({ "x-forwarded-for": "6.6.6.6", [SOCKET_IP_HEADER]: socketIpHeaderValue("192.0.2.9") });
    expect(clientIpFrom(h)).toBe("192.0.2.9");
    expect(clientIpFrom(h, "x-real-ip")).toBe("192.0.2.9");
  });

  it("ignores a socket header without this process's tag (a client-forged one)", () => {
    expect(clientIpFrom(headers({ [SOCKET_IP_HEADER]: "6.6.6.6" }))).toBe(UNKNOWN_IP);
    expect(clientIpFrom(headers({ [SOCKET_IP_HEADER]: "deadbeef 6.6.6.6" }))).toBe(UNKNOWN_IP);
  });

  it('answers "unknown" when neither header is present', () => {
    expect(clientIpFrom(headers({}))).toBe(UNKNOWN_IP);
    expect(clientIpFrom(headers({ "x-forwarded-for": " , " }), "x-forwarded-for")).toBe(UNKNOWN_IP);
  });
});

describe("installSocketIpHeader", () => {
  it("overwrites a forged socket header with the real socket address", async () => {
    installSocketIpHeader();
    installSocketIpHeader(); // idempotent: patched once
    const server = http.createServer((req, res) => {
      const h = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") h.set(name, value);
      res.end(clientIpFrom(h));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { "x-forwarded-for": "6.6.6.6", [SOCKET_IP_HEADER]: "6.6.6.6" },
      });
      expect(await res.text()).toBe("127.0.0.1");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
