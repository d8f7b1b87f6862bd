import { describe, expect, it } from "vitest";
import { call, newEmail, randomIp, routes, setUpAuthApi, verifiedUser } from "./auth-api-support";

// Login rate limits per email and per address (/api/v1/auth/login).

setUpAuthApi();

describe("rate limits", () => {
  it("answers the sixth login for one email within a minute with 429 and Retry-After", async () => {
    const { email } = await verifiedUser();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(routes.login, { email, password: "bad-password" })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const res = await call(routes.login, { email, password: "correct horse battery" });
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
  });

  it("limits one address across many emails", async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(routes.login, { email: newEmail(), password: "whatever-123" }, { ip })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
