import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startLocalDb, type LocalDb } from "../../scripts/local-db.mjs";
import { call, makePerson, randomIp, type Handler } from "./events-support";

// Outages of the real services under a running app (issue #11, item 5): Redis at a closed port, and
// this file's own database server stopped and started again at the same address with the same data.
// Each part loads the app's modules afresh (vi.resetModules) so env() reads the REDIS_URL it sets.

let server: LocalDb;

beforeAll(async () => {
  server = await startLocalDb({ mode: "test" });
  process.env.MONGODB_URI = server.uri;
});

afterAll(async () => {
  await (await import("@/lib/rate-limit")).closeRateLimitStore();
  await (await import("@/lib/db")).closeDb();
  await server?.stop();
});

type Health = { GET: () => Promise<Response> };

/** A request's time, status, Retry-After and JSON body. */
async function timed(send: () => Promise<Response>) {
  const started = Date.now();
  const res = await send();
  const ms = Date.now() - started;
  return { ms, status: res.status, retryAfter: res.headers.get("retry-after"), type: res.headers.get("content-type"), body: await res.json() };
}

function expectUnavailable(r: Awaited<ReturnType<typeof timed>>) {
  expect(r.status, JSON.stringify(r.body)).toBe(503);
  expect(r.retryAfter).toMatch(/^[1-9]\d*$/);
  expect(r.type).toMatch(/^application\/json/);
  expect(r.body).toEqual({ error: expect.stringMatching(/temporarily unavailable|cannot reach/i), code: "unavailable" });
}

describe("Redis unreachable", () => {
  let login: { POST: Handler };
  let authjsRan = 0;
  let authjs: (req: NextRequest) => Promise<Response>;
  let health: Health;

  beforeAll(async () => {
    await (await import("@/lib/rate-limit")).closeRateLimitStore();
    vi.resetModules();
    // Port 1 refuses connections: the limiter's store is down from the first request.
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    login = await import("@/app/api/v1/auth/login/route");
    // Auth.js itself does not load under Vitest (its ESM imports "next/server" without an
    // extension); the wrapper its route uses is what decides, around a handler that counts calls.
    const { withAuthJsLimits } = await import("@/lib/auth/authjs-limits");
    authjs = withAuthJsLimits("POST", async () => {
      authjsRan += 1;
      return new Response(null, { status: 302 });
    });
    health = await import("@/app/api/health/route");
  });

  it("a rate-limited API endpoint refuses with 503, Retry-After and a JSON error (fails closed)", async () => {
    const r = await timed(() => call(login.POST, "POST", {}, { body: { email: "someone@example.com", password: "a long enough password" } }));
    expectUnavailable(r);
    expect(r.body).not.toHaveProperty("access_token");
    expect(r.ms).toBeLessThan(3_000);
  });

  it("so does Auth.js's own sign-in route, before Auth.js runs (and sends any mail)", async () => {
    const req = new NextRequest("http://localhost/api/auth/signin/nodemailer", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "someone@example.com", csrfToken: "x" }),
    });
    expectUnavailable(await timed(() => authjs(req)));
    expect(authjsRan).toBe(0);
  });

  it("/api/health reports redis down with 503 (the database is up)", async () => {
    const r = await timed(() => health.GET());
    expect(r.status).toBe(503);
    expect(r.retryAfter).toBe("5");
    expect(r.body).toEqual({ status: "degraded", db: "ok", redis: "down" });
    expect(r.ms).toBeLessThan(3_000);
  });
});

describe("MongoDB unreachable", () => {
  let events: { POST: Handler; GET: Handler };
  let event: { GET: Handler };
  let health: Health;

  beforeAll(async () => {
    await (await import("@/lib/rate-limit")).closeRateLimitStore();
    vi.resetModules();
    process.env.REDIS_URL = "redis://127.0.0.1:6379";
    events = await import("@/app/api/v1/events/route");
    event = await import("@/app/api/v1/events/[id]/route");
    health = await import("@/app/api/health/route");
  });

  const body = (title: string) => ({
    title,
    date: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    location: "Main Hall",
    is_private: false,
  });

  it("answers 503 within ~2 s while it is down, recovers without a restart, and keeps every acknowledged write", async () => {
    const owner = await makePerson("faults");
    const created = await call(events.POST, "POST", {}, { token: owner.token, body: body("Written before the outage") });
    expect(created.status).toBe(201);
    const { event_id: id } = (await created.json()) as { event_id: string };
    const read = () => call(event.GET, "GET", { id }, { token: owner.token, ip: randomIp() });
    expect((await read()).status).toBe(200);

    // A crash (SIGKILL), not a clean shutdown: what was acknowledged must already be on disk.
    await server.pause({ crash: true });
    try {
      const down = await timed(read);
      expectUnavailable(down);
      expect(down.ms).toBeLessThan(2_500);
      // A write is refused the same way: never a 2xx for something that was not stored.
      const write = await timed(() => call(events.POST, "POST", {}, { token: owner.token, body: body("Written during the outage") }));
      expectUnavailable(write);
      expect(write.ms).toBeLessThan(2_500);

      const h = await timed(() => health.GET());
      expect(h.status).toBe(503);
      expect(h.body).toEqual({ status: "degraded", db: "down", redis: "ok" });
      expect(h.ms).toBeLessThan(2_500);
    } finally {
      await server.resume();
    }

    // Same process, same MongoClient: the driver finds the server again by itself.
    const back = await read();
    expect(back.status).toBe(200);
    expect(((await back.json()) as { title: string }).title).toBe("Written before the outage");
    const h = await timed(() => health.GET());
    expect(h.status).toBe(200);
    expect(h.body).toEqual({ status: "ok", db: "ok", redis: "ok" });
    const after = await call(events.POST, "POST", {}, { token: owner.token, body: body("Written after the outage") });
    expect(after.status).toBe(201);
  });

  it("stops answering the public list from its in-process catalog within ~2 s: a 503 like every read", async () => {
    const list = () => call(events.GET, "GET", {}, { ip: randomIp() });
    expect((await list()).status).toBe(200); // the catalog is built, and checked against the database
    await server.pause({ crash: true });
    try {
      const started = Date.now();
      let r = await timed(list);
      while (r.status === 200 && Date.now() - started < 5_000) r = await timed(list);
      expectUnavailable(r);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await server.resume();
    }
    expect((await list()).status).toBe(200);
  });

  it("turns a page's 500 into 503 + Retry-After while the database is down, and only then", async () => {
    const { outageAware } = await import("@/lib/outages");
    const { collections } = await import("@/lib/db");
    // Like a page: read the database, and answer 500 when that fails (Next's error path for a render).
    const page: Server = createServer((req, res) => {
      outageAware(res, Date.now());
      const work = req.url === "/bug" ? Promise.reject(new Error("a bug")) : collections.events().then((c) => c.findOne({}));
      work.then(
        () => res.end("page"),
        () => {
          res.statusCode = 500;
          res.end("error page");
        },
      );
    });
    await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
    const url = (path: string) => `http://127.0.0.1:${(page.address() as AddressInfo).port}${path}`;
    try {
      // Both services up, and known to be: the health check notes what it finds.
      expect((await health.GET()).status).toBe(200);
      expect((await fetch(url("/"))).status).toBe(200);
      expect((await fetch(url("/bug"))).status).toBe(500);

      await server.pause();
      try {
        const started = Date.now();
        const down = await fetch(url("/"));
        expect(down.status).toBe(503);
        expect(down.headers.get("retry-after")).toBe("5");
        expect(await down.text()).toBe("error page");
        expect(Date.now() - started).toBeLessThan(2_500);
      } finally {
        await server.resume();
      }

      expect((await fetch(url("/"))).status).toBe(200);
      // Back up: a bug is a 500 again, not hidden as an outage.
      expect((await fetch(url("/bug"))).status).toBe(500);
    } finally {
      await new Promise((resolve) => page.close(resolve));
    }
  });
});
