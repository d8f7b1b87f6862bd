import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { withApi } from "@/lib/http/route";
import { Forbidden, NotFound } from "@/lib/errors";

const schema = z.object({ email: z.email(), n: z.number().int().optional() });

function post(body: string | null, headers: Record<string, string> = { "content-type": "application/json" }) {
  return new NextRequest("http://localhost/api/v1/x", { method: "POST", body, headers });
}

const echo = withApi(async ({ req }) => ({ got: await readJson(req, schema) }));

describe("withApi + readJson", () => {
  it("parses a valid body", async () => {
    const res = await echo(post(JSON.stringify({ email: "a@b.co", n: 3 })), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { email: "a@b.co", n: 3 } });
  });

  it("refuses operator injection in place of a string with 400", async () => {
    const res = await echo(post(JSON.stringify({ email: { $ne: null } })), { params: Promise.resolve({}) });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe("invalid");
    expect(body.issues.email).toBeDefined();
  });

  it("answers malformed JSON with 400", async () => {
    const res = await echo(post("{not json"), { params: Promise.resolve({}) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "The request body is not valid JSON.", code: "invalid" });
  });

  it("answers a body over the limit with 413, even without Content-Length", async () => {
    const big = JSON.stringify({ email: "a@b.co", pad: "x".repeat(1024 * 1024) });
    const res = await echo(post(big), { params: Promise.resolve({}) });
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe("payload_too_large");
  });

  it("answers a non-JSON content type with 415", async () => {
    const res = await echo(post("email=a@b.co", { "content-type": "application/x-www-form-urlencoded" }), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(415);
  });

  it("passes route params and maps domain errors", async () => {
    const handler = withApi<{ id: string }>(async ({ params }) => {
      if (params.id === "mine") throw new Forbidden();
      throw new NotFound("No such event.");
    });
    const req = new NextRequest("http://localhost/api/v1/events/x");
    const forbidden = await handler(req, { params: Promise.resolve({ id: "mine" }) });
    expect(forbidden.status).toBe(403);
    const missing = await handler(req, { params: Promise.resolve({ id: "other" }) });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "No such event.", code: "not_found" });
    expect(missing.headers.get("cache-control")).toBe("no-store");
  });

  it("answers a thrown bug with a logged 500", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = withApi(async () => {
      throw new TypeError("cannot read properties of undefined (reading 'owner_id')");
    });
    const res = await handler(new NextRequest("http://localhost/api/v1/x"), { params: Promise.resolve({}) });
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain("owner_id");
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});
