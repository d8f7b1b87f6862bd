import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  Conflict,
  Forbidden,
  httpErrorOf,
  Invalid,
  invalidFromZod,
  NotFound,
  PayloadTooLarge,
  RangeNotSatisfiable,
  RateLimited,
  Unauthorized,
  UnsupportedMedia,
} from "@/lib/errors";

describe("httpErrorOf", () => {
  it.each([
    [new Invalid("bad"), 400, "invalid"],
    [new Unauthorized(), 401, "unauthorized"],
    [new Forbidden(), 403, "forbidden"],
    [new NotFound(), 404, "not_found"],
    [new Conflict("taken"), 409, "conflict"],
    [new PayloadTooLarge(), 413, "payload_too_large"],
    [new UnsupportedMedia(), 415, "unsupported_media"],
    [new RangeNotSatisfiable(10), 416, "range_not_satisfiable"],
    [new RateLimited(30), 429, "rate_limited"],
  ])("maps %s to %i with code %s", (err, status, code) => {
    const log = vi.fn();
    const out = httpErrorOf(err, log);
    expect(out.status).toBe(status);
    expect(out.body.code).toBe(code);
    expect(out.body.error).toBe(err.message);
    expect(log).not.toHaveBeenCalled();
  });

  it("adds Retry-After to 429 and Content-Range to 416", () => {
    expect(httpErrorOf(new RateLimited(42)).headers).toEqual({ "Retry-After": "42" });
    expect(httpErrorOf(new RateLimited(42)).body.error).toBe("Too many attempts. Try again in 42 seconds.");
    expect(httpErrorOf(new RangeNotSatisfiable(1234)).headers).toEqual({ "Content-Range": "bytes */1234" });
  });

  it("carries field issues from zod", () => {
    const parsed = z.object({ email: z.email(), tags: z.array(z.string()).max(1) }).safeParse({ email: "x", tags: ["a", "b"] });
    expect(parsed.success).toBe(false);
    const out = httpErrorOf(invalidFromZod(parsed.error!));
    expect(out.status).toBe(400);
    expect(Object.keys(out.body.issues ?? {})).toEqual(["email", "tags"]);
  });

  it("answers an unexpected error with 500, logs it, and leaks nothing", () => {
    const log = vi.fn();
    const secret = new Error("connect ECONNREFUSED mongodb://admin:hunter2@db:27017");
    const out = httpErrorOf(secret, log);
    expect(out.status).toBe(500);
    expect(out.body).toEqual({ error: "Something went wrong on our side. Please try again.", code: "internal" });
    expect(JSON.stringify(out.body)).not.toContain("hunter2");
    expect(log).toHaveBeenCalledWith("unexpected error", secret);
  });
});

describe("isDbUnreachable", () => {
  it("takes the driver's network errors and a bare socket error for an unreachable database, and nothing else", async () => {
    const { MongoNetworkError, MongoServerError } = await import("mongodb");
    const { isDbUnreachable } = await import("@/lib/db/client");
    // What driver 6.22 threw from Connection.writeCommand right after the server was killed.
    const epipe = Object.assign(new Error("This socket has been ended by the other party"), { code: "EPIPE" });
    expect(isDbUnreachable(epipe)).toBe(true);
    expect(isDbUnreachable(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(true);
    expect(isDbUnreachable(new MongoNetworkError("connection closed"))).toBe(true);
    expect(isDbUnreachable(new Error("a bug"))).toBe(false);
    expect(isDbUnreachable(Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT" }))).toBe(false);
    expect(isDbUnreachable(new MongoServerError({ message: "E11000 duplicate key", code: 11000 }))).toBe(false);
  });
});
