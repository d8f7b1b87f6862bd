import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type * as MailService from "@/lib/mail/service";
import { NotFound } from "@/lib/errors";

// Without SMTP_URL, mail lands in the dev outbox (a real collection in this file's database).
// env() caches on its first call, so SMTP_URL is cleared before the service is imported.

let service: typeof MailService;

beforeAll(async () => {
  delete process.env.SMTP_URL;
  service = await import("@/lib/mail/service");
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
