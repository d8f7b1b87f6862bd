import { describe, expect, it } from "vitest";
import { call, routes, setUpAuthApi } from "./auth-api-support";

// Every auth endpoint answers bad input with a 4xx JSON error, never a 500.

setUpAuthApi();

describe("bad input is a 4xx JSON error, never a 500", () => {
  const cases: Array<[string, { body?: unknown; raw?: string; type?: string }, number]> = [
    ["missing fields", { body: {} }, 400],
    ["wrong types", { body: { email: 42, password: ["x"] } }, 400],
    ["operator injection", { body: { email: { $ne: null }, password: { $gt: "" } } }, 400],
    ["malformed JSON", { raw: '{"email": "a@b.co",' }, 400],
    ["an array body", { body: [1, 2] }, 400],
    ["a 1 MB body", { raw: JSON.stringify({ email: "a@b.co", password: "x".repeat(1024 * 1024) }) }, 413],
    ["a form body", { raw: "email=a@b.co&password=12345678", type: "application/x-www-form-urlencoded" }, 415],
  ];
  for (const name of ["register", "verify", "resend", "login", "forgot", "reset"] as const) {
    it.each(cases)(`${name}: %s`, async (_label, input, status) => {
      const res = await call(routes[name], input.body, { raw: input.raw, type: input.type });
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(body).toEqual(expect.objectContaining({ error: expect.any(String), code: expect.any(String) }));
    });
  }
});
