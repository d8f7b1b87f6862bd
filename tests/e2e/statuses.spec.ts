import { randomBytes } from "node:crypto";
import net from "node:net";
import type { APIRequestContext, Page } from "@playwright/test";
import { LoginPage } from "./pages/login-page";
import { ManagePage } from "./pages/manage-page";
import { NotFoundPage } from "./pages/not-found-page";
import { apiClientFor, expect, seedVerifiedUser, test, uniqueEmail, waitForHydration } from "./support/fixtures";

// The status line of pages and API answers at the edges: unknown and malformed paths, methods a
// route lacks, events the viewer may not see, host-only pages for a non-host, a keep-alive socket
// after a refused body, and an idle one. Against the production server, where Next behaves
// differently from `next dev`.

const seedUser = (email: string) => seedVerifiedUser(email, "st");

async function createEvent(api: APIRequestContext, isPrivate: boolean, when = { startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), timezone: "Europe/Berlin" }): Promise<string> {
  const res = await api.post("/api/v1/events", { data: { title: `Status check ${randomBytes(3).toString("hex")}`, starts_at: when.startsAt, timezone: when.timezone, is_private: isPrivate } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).event_id;
}

/** Opens `path` and expects the friendly not-found page with a 404 status. */
async function expectNotFoundPage(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(404);
  await expect(new NotFoundPage(page).heading, path).toHaveText("We could not find that page");
}

const UNKNOWN_ID = "0123456789abcdef01234567";

/**
 * An upcoming instant and zone that this Node and this browser format differently: their ICU
 * time-zone data disagree for some zones (in late 2026, America/Vancouver's winter offset). A page
 * that formats such a time again while hydrating gets a React text mismatch. Falls back to the
 * first candidate when the two agree everywhere (the test then checks an ordinary time).
 */
async function instantTheBrowserFormatsDifferently(page: Page): Promise<{ startsAt: string; timezone: string }> {
  const zones = ["America/Vancouver", "America/Edmonton", "Africa/Casablanca", "America/Whitehorse", "Asia/Gaza"];
  const instants = Array.from({ length: 400 }, (_, day) => Date.now() + (day + 2) * 86_400_000);
  const format = (zone: string, at: number) => new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit", timeZoneName: "short" }).format(at);
  const inBrowser: string[][] = await page.evaluate(
    ({ zones, instants }) => zones.map((zone) => instants.map((at) => new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit", timeZoneName: "short" }).format(at))),
    { zones, instants },
  );
  for (const [z, zone] of zones.entries()) {
    const i = instants.findIndex((at, k) => format(zone, at) !== inBrowser[z]![k]);
    if (i >= 0) return { startsAt: new Date(instants[i]!).toISOString(), timezone: zone };
  }
  return { startsAt: new Date(instants[5]!).toISOString(), timezone: zones[0]! };
}

test.describe("API edges answer JSON", () => {
  test.skip(({ isMobile }) => isMobile, "the same server for every browser");

  test("a malformed %-escape in a path segment is a JSON 404, never a plain-text 500", async ({ request }) => {
    for (const path of ["/api/v1/events/%ff%fe", "/api/v1/events/%E0%A4%A", "/api/v1/events/%E0%A4%A/calendar.ics", "/api/v1/users/%ff", "/api/v1/no%zzpe"]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(404);
      expect(res.headers()["content-type"], path).toMatch(/^application\/json/);
      expect((await res.json()).code, path).toBe("not_found");
    }
  });

  test("an unknown path under /api/v1 is a JSON 404 for every method", async ({ request }) => {
    for (const [method, path] of [
      ["GET", "/api/v1/nope"],
      ["POST", "/api/v1/events/abc/nope"],
      ["DELETE", "/api/v1/auth/nope/deeper"],
      ["GET", "/api/v1"],
    ] as const) {
      const res = await request.fetch(path, { method });
      expect(res.status(), `${method} ${path}`).toBe(404);
      expect(await res.json()).toEqual({ error: `There is no endpoint ${method} ${path}.`, code: "not_found" });
    }
  });

  test("a method a route lacks is a JSON 405 naming the allowed ones; OPTIONS names them too", async ({ request }) => {
    const me = await request.post("/api/v1/auth/me");
    expect(me.status()).toBe(405);
    expect(me.headers().allow).toBe("GET, HEAD, OPTIONS");
    expect((await me.json()).code).toBe("method_not_allowed");

    const login = await request.get("/api/v1/auth/login");
    expect(login.status()).toBe(405);
    expect(login.headers().allow).toBe("POST, OPTIONS");

    const event = await request.post(`/api/v1/events/${UNKNOWN_ID}`);
    expect(event.status()).toBe(405);
    expect(event.headers().allow).toBe("GET, PUT, PATCH, DELETE, HEAD, OPTIONS");

    const options = await request.fetch("/api/v1/events", { method: "OPTIONS" });
    expect(options.status()).toBe(204);
    expect(options.headers().allow).toBe("GET, POST, HEAD, OPTIONS");
  });
});

test.describe("page statuses", () => {
  test("unknown, malformed and private events are 404 with the friendly page; host-only pages are 404 for anyone else", async ({ page, baseURL }) => {
    const host = uniqueEmail("host");
    const other = uniqueEmail("other");
    await Promise.all([seedUser(host), seedUser(other)]);
    const hostApi = await apiClientFor(baseURL!, host);
    const [privateId, publicId] = [await createEvent(hostApi, true), await createEvent(hostApi, false)];

    // Signed out.
    await expectNotFoundPage(page, `/events/${UNKNOWN_ID}`);
    await expectNotFoundPage(page, "/events/not-an-id");
    await expectNotFoundPage(page, "/events/%E0%A4%A");
    await expectNotFoundPage(page, "/events/%ff%fe");
    await expectNotFoundPage(page, `/events/${privateId}`);
    expect((await page.goto(`/events/${publicId}`))?.status()).toBe(200);

    // Signed in as someone who is not the host.
    await new LoginPage(page).signInTo(other, "/profile");
    await expectNotFoundPage(page, `/events/${privateId}`);
    for (const sub of ["manage", "edit", "moderation"]) {
      await expectNotFoundPage(page, `/events/${publicId}/${sub}`);
      await expectNotFoundPage(page, `/events/${privateId}/${sub}`);
      await expectNotFoundPage(page, `/events/${UNKNOWN_ID}/${sub}`);
    }
    await hostApi.dispose();
  });

  test.use({ timezoneId: "America/New_York" });

  test("the host's pages answer 200 and hydrate without a console error, even where the browser's time-zone data differs from the server's", async ({ page, baseURL }) => {
    const host = uniqueEmail("host");
    await seedUser(host);
    const hostApi = await apiClientFor(baseURL!, host);
    const when = await instantTheBrowserFormatsDifferently(page);
    const eventId = await createEvent(hostApi, true, when);
    await hostApi.dispose();
    await new LoginPage(page).signInTo(host, `/events/${eventId}/manage`);
    for (const path of [`/events/${eventId}/manage`, `/events/${eventId}`, `/events/${eventId}/edit`, `/events/${eventId}/moderation`]) {
      expect((await page.goto(path))?.status(), path).toBe(200);
      await waitForHydration(page);
    }
    // The manage page reads the time in the event's own zone first and, hydrated, in the viewer's
    // below it (this browser runs in New York).
    const manage = new ManagePage(page);
    await manage.goto(eventId);
    await expect(manage.headingTime).not.toHaveText(/ E[SD]T$/);
    await expect(manage.headingYourTime).toHaveText(/ E[SD]T$/);
    // The console check itself is the fixture's (tests/e2e/support/fixtures.ts).
  });
});

type Answer = { status: number; connection: string | null };

/**
 * Sends `first` on a raw socket, then (unless the answer said `Connection: close`) a GET of
 * /api/health on the same socket. Resolves with the answers and whether the server closed the socket.
 */
function afterRefusal(baseURL: string, first: (socket: net.Socket) => void): Promise<{ answers: Answer[]; closed: boolean; ms: number }> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname);
    let raw = "";
    let sentSecond = false;
    const answersOf = (): Answer[] =>
      [...raw.matchAll(/HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n/g)].map((m) => ({
        status: Number(m[1]),
        connection: /^connection: *(.+)$/im.exec(m[2]!)?.[1]?.trim().toLowerCase() ?? null,
      }));
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ answers: answersOf(), closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), 4000);
    socket.on("error", () => {});
    socket.on("close", () => finish(true));
    socket.on("data", (chunk) => {
      raw += chunk.toString("latin1");
      const answers = answersOf();
      if (!sentSecond && answers.length === 1 && answers[0]!.connection !== "close") {
        sentSecond = true;
        socket.write(`GET /api/health HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
      }
      if (answers.length === 2) finish(false);
    });
    first(socket);
  });
}

test.describe("a refused body does not poison the connection", () => {
  test.skip(({ isMobile }) => isMobile, "the same server for every browser");

  const head = (host: string) => `POST /api/v1/auth/login HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nX-Forwarded-For: ${`10.9.${randomBytes(2).join(".")}`}\r\n`;

  test("a chunked body over the limit: 413, Connection: close, socket closed promptly", async ({ baseURL }) => {
    const host = new URL(baseURL!).hostname;
    const result = await afterRefusal(baseURL!, (socket) => {
      socket.write(`${head(host)}Transfer-Encoding: chunked\r\n\r\n`);
      for (let i = 0; i < 20; i++) socket.write(`2800\r\n${"x".repeat(0x2800)}\r\n`);
    });
    expect(result.answers).toEqual([{ status: 413, connection: "close" }]);
    expect(result.closed).toBe(true);
    expect(result.ms).toBeLessThan(3000);
  });

  test("a Content-Length over the limit: 413, Connection: close, socket closed promptly", async ({ baseURL }) => {
    const host = new URL(baseURL!).hostname;
    const result = await afterRefusal(baseURL!, (socket) => socket.write(`${head(host)}Content-Length: ${50 * 1024 * 1024}\r\n\r\n{"email":`));
    expect(result.answers).toEqual([{ status: 413, connection: "close" }]);
    expect(result.closed).toBe(true);
    expect(result.ms).toBeLessThan(3000);
  });

  test("a refusal after the whole body arrived keeps the socket: the next request is answered on it", async ({ baseURL }) => {
    const host = new URL(baseURL!).hostname;
    const result = await afterRefusal(baseURL!, (socket) => socket.write(`${head(host)}Content-Length: 5\r\n\r\n{nope`));
    expect(result.answers).toEqual([
      { status: 400, connection: "keep-alive" },
      { status: 200, connection: "keep-alive" },
    ]);
  });
});

test.describe("idle keep-alive connections", () => {
  // Node closes an idle socket 5 s (plus its 1 s margin) after an answer. A client that sent its
  // next request on it just then — an API client between two steps, a proxy reusing its pool — got
  // "socket hang up". The server keeps idle sockets 65 s, past a load balancer's usual 60 s.
  test("an idle socket is kept past Node's default, and the next request is answered on it", async ({ baseURL }) => {
    test.skip(test.info().project.name !== "desktop", "the same server for every browser");
    const { hostname, port } = new URL(baseURL!);
    const socket = net.connect(Number(port), hostname);
    socket.on("error", () => {});
    let raw = "";
    let closed = false;
    socket.on("data", (chunk) => (raw += chunk.toString("latin1")));
    socket.on("close", () => (closed = true));
    const health = `GET /api/health HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`;
    const statuses = () => [...raw.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
    try {
      socket.write(health);
      await expect.poll(statuses).toEqual([200]);
      expect(raw).toMatch(/^keep-alive: *timeout=65\r$/im);

      await new Promise((r) => setTimeout(r, 6_500));
      expect(closed).toBe(false);
      socket.write(health);
      await expect.poll(statuses).toEqual([200, 200]);
    } finally {
      socket.destroy();
    }
  });
});
