import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type * as MailService from "@/lib/mail/service";
import type * as DevOutbox from "@/lib/mail/dev-outbox";
import { installSocketIpHeader, SOCKET_IP_HEADER, socketIpHeaderValue } from "@/lib/client-ip";
import { NotFound } from "@/lib/errors";

// Without SMTP_URL, mail lands in the dev outbox (a real collection in this file's database).
// env() caches on its first call, so SMTP_URL is cleared before the service is imported.

let service: typeof MailService;
let outbox: typeof DevOutbox;

beforeAll(async () => {
  delete process.env.SMTP_URL;
  service = await import("@/lib/mail/service");
  outbox = await import("@/lib/mail/dev-outbox");
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const stamp = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

describe("dev outbox", () => {
  it("stores mail without SMTP, logs a one-line summary with the body, and lists newest first", async () => {
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const first = `first-${stamp()}@example.com`;
    const second = `second-${stamp()}@example.com`;
    await service.sendMail({ to: first, subject: "First", text: "Your code is:\n\n111111\n", html: "<p>111111</p>" });
    await service.sendMail({ to: second, subject: "Second", text: "Your code is:\n\n222222\n", html: "<p>222222</p>" });

    const lines = info.mock.calls.map((call) => String(call[0]));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(first);
    expect(lines[0]).toContain("First");
    expect(lines[0]).toContain("111111");
    for (const line of lines) expect(line).not.toContain("\n");

    const list = await service.listDevOutbox();
    const ours = list.filter((m) => m.to === first || m.to === second);
    expect(ours.map((m) => m.to)).toEqual([second, first]);
    const newest = ours[0]!;
    expect(newest).toMatchObject({ subject: "Second", text: "Your code is:\n\n222222\n", html: "<p>222222</p>" });
    expect(newest.id).toMatch(/^[0-9a-f]{24}$/);
    expect(newest.created_at).toBeInstanceOf(Date);
  });

  it("honours the limit", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    for (let i = 0; i < 3; i++) await service.sendMail({ to: `limit-${stamp()}@example.com`, subject: `L${i}`, text: "t", html: "<p>t</p>" });
    const list = await service.listDevOutbox(2);
    expect(list).toHaveLength(2);
    expect(list.map((m) => m.subject)).toEqual(["L2", "L1"]);
  });

  it("does not exist in production", async () => {
    vi.stubEnv("NODE_ENV", "production");
    await expect(service.listDevOutbox()).rejects.toBeInstanceOf(NotFound);
  });
});

describe("dev outbox: this machine only", () => {
  /** Request headers as the server sees them: the socket stamp (as lib/client-ip.ts writes it) plus what the client sent. */
  const from = (socketIp: string | null, sent: Record<string, string> = {}) =>
    new Headers({ ...sent, ...(socketIp ? { [SOCKET_IP_HEADER]: socketIpHeaderValue(socketIp) } : {}) });

  async function mailForOutbox() {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const to = `loopback-${stamp()}@example.com`;
    await service.sendMail({ to, subject: "Code", text: "Your code is 333333", html: "<p>333333</p>" });
    return to;
  }

  it.each(["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])("shows the mail to a socket on %s", async (ip) => {
    const to = await mailForOutbox();
    const list = await outbox.readDevOutbox(from(ip), 200);
    expect(list.map((m) => m.to)).toContain(to);
  });

  it("shows it behind a local proxy that names a loopback client too", async () => {
    await mailForOutbox();
    const sent = { "x-forwarded-for": "127.0.0.1, ::1", forwarded: 'for="[::1]:51000";proto=http, for=127.0.0.1:4000' };
    await expect(outbox.readDevOutbox(from("127.0.0.1", sent))).resolves.not.toHaveLength(0);
  });

  it.each<[string, string | null, Record<string, string>]>([
    ["a socket on the local network", "192.168.1.20", {}],
    ["a socket on the local network claiming X-Forwarded-For: 127.0.0.1", "192.168.1.20", { "x-forwarded-for": "127.0.0.1" }],
    ["a socket on the local network claiming Forwarded and X-Real-IP", "10.0.0.7", { forwarded: "for=127.0.0.1", "x-real-ip": "127.0.0.1" }],
    ["an IPv6 socket that only looks local", "fe80::1", {}],
    ["an address that is not one", "localhost", {}],
    ["no socket stamp, only X-Forwarded-For: 127.0.0.1", null, { "x-forwarded-for": "127.0.0.1" }],
    ["a forged stamp without this process's tag", null, { [SOCKET_IP_HEADER]: "127.0.0.1", "x-forwarded-for": "127.0.0.1" }],
    ["a loopback socket forwarding someone else (X-Forwarded-For)", "127.0.0.1", { "x-forwarded-for": "203.0.113.9" }],
    ["a loopback socket forwarding a chain with someone else", "127.0.0.1", { "x-forwarded-for": "127.0.0.1, 203.0.113.9" }],
    ["a loopback socket forwarding someone else (Forwarded)", "127.0.0.1", { forwarded: 'for="[2001:db8::7]:4711"' }],
    ["a loopback socket forwarding someone unnamed", "127.0.0.1", { forwarded: "for=unknown" }],
  ])("is NotFound for %s", async (_, ip, sent) => {
    await mailForOutbox();
    expect(outbox.isLoopbackRequest(from(ip, sent))).toBe(false);
    await expect(outbox.readDevOutbox(from(ip, sent))).rejects.toBeInstanceOf(NotFound);
  });

  it("judges a real request by its socket, whatever headers the client forges", async () => {
    installSocketIpHeader();
    const server = http.createServer((req, res) => {
      const h = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") h.set(name, value);
      res.end(String(outbox.isLoopbackRequest(h)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dev/outbox`;
      expect(await (await fetch(url)).text()).toBe("true");
      // A forged stamp is overwritten with the real socket address: still loopback, still allowed…
      expect(await (await fetch(url, { headers: { [SOCKET_IP_HEADER]: "6.6.6.6" } })).text()).toBe("true");
      // …and a request that says it carries someone else's is refused.
      expect(await (await fetch(url, { headers: { "x-forwarded-for": "198.51.100.4" } })).text()).toBe("false");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("does not exist in production, even for this machine", async () => {
    vi.stubEnv("NODE_ENV", "production");
    await expect(outbox.readDevOutbox(from("127.0.0.1"))).rejects.toBeInstanceOf(NotFound);
  });
});
