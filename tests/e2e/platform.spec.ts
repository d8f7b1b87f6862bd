import IORedis from "ioredis";
import { HomePage } from "./pages/home-page";
import { apiClientFor, expect, expectAccessible, expectNoHorizontalScroll, seedVerifiedUser, test, uniqueEmail, waitForHydration } from "./support/fixtures";

test.describe("platform", () => {
  test("health endpoint reports the database and Redis", async ({ request }) => {
    test.skip(test.info().project.name !== "desktop", "the same server for every browser");
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "ok", redis: "ok" });
  });

  test("pages carry a fresh nonce CSP and the security headers", async ({ request, page }) => {
    const first = await request.get("/");
    const second = await request.get("/");
    const csp = first.headers()["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(second.headers()["content-security-policy"]).not.toContain(nonce!);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    // Next stamps its scripts with that same nonce.
    expect(await first.text()).toContain(`nonce="${nonce}"`);

    for (const res of [first, await request.get("/api/health"), await request.get("/icon.svg")]) {
      const h = res.headers();
      expect(h["x-content-type-options"]).toBe("nosniff");
      expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(h["permissions-policy"]).toContain("camera=()");
      expect(h["strict-transport-security"]).toContain("max-age=");
    }
    expect((await request.get("/api/health")).headers()["content-security-policy"]).toContain("default-src 'none'");

    // The page actually runs under that policy (the fixture fails on any CSP violation).
    const home = new HomePage(page);
    await home.goto();
    await expect(home.heading).toBeVisible();
  });
});

test("a link prefetches its page when focus or the pointer reaches it, not every link on sight", async ({ page }) => {
  const prefetched = new Set<string>();
  page.on("request", (req) => {
    if (req.headers()["next-router-prefetch"]) prefetched.add(new URL(req.url()).pathname);
  });
  const home = new HomePage(page);
  await home.goto();
  await waitForHydration(page);
  await expect(home.discoverLink).toBeInViewport();
  // Time for viewport prefetches to go out, as they did for each visible link (Sign in, Sign up, …).
  await page.waitForTimeout(1_500);
  await home.discoverLink.focus();
  await expect.poll(() => [...prefetched]).toContain("/discover");
  expect([...prefetched]).toEqual(["/discover"]);
  // Still a client-side navigation.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await home.discoverLink.click();
  await expect(page).toHaveURL(/\/discover$/);
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
});

test("Auth.js's own mail route is rate limited where the request enters: the sixth magic link to one address is a 429", async ({ request }) => {
  test.skip(test.info().project.name !== "desktop", "the same server rule for every browser");
  const email = uniqueEmail("magic");
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    // Each from its own address: the per-email limit is what stops the sixth.
    const res = await request.post("/api/auth/signin/nodemailer", {
      form: { email },
      headers: { "x-forwarded-for": `10.250.${i}.${Math.floor(Math.random() * 250)}` },
      maxRedirects: 0,
    });
    statuses.push(res.status());
    if (res.status() === 429) {
      expect(res.headers()["retry-after"]).toMatch(/^\d+$/);
      expect(await res.json()).toMatchObject({ code: "rate_limited" });
    }
  }
  expect(statuses.slice(0, 5)).not.toContain(429);
  expect(statuses[5]).toBe(429);
});

test("the join page counts every view against the invite-token budget: the 31st from one address in a minute says to wait", async ({ page }) => {
  // Unknown events and wrong tokens count too: that is what a guesser sends (lib/limits.ts inviteToken, 30 a minute per address).
  const guess = () => `/events/join?${new URLSearchParams({ event_id: "0".repeat(24), token: Math.random().toString(36).slice(2) })}`;
  for (let i = 0; i < 30; i++) expect((await page.request.get(guess())).status()).toBe(404);
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(guess());
  await expect(page.getByRole("heading", { name: "Too many attempts" })).toBeVisible();
  await expect(page.getByText(/Try again in \d+ seconds?\./)).toBeVisible();
  await expectAccessible(page, "join page, too many attempts");
  await expectNoHorizontalScroll(page);
});

test("the accessibility check itself fails on a serious violation", async ({ page }) => {
  test.skip(test.info().project.name !== "desktop", "the same check for every browser");
  const { expectAccessible } = await import("./support/fixtures");
  await page.setContent(`<html lang="en"><head><title>A broken page</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button></main></body></html>`);
  await expect(expectAccessible(page, "a broken page")).rejects.toThrow(/image-alt|button-name/);
});

test("the server's background jobs go to this run's own queue, never the default one another Invyta would share", async ({ baseURL }) => {
  test.skip(test.info().project.name !== "desktop", "the same server for every browser");
  const prefix = process.env.E2E_JOBS_PREFIX ?? "";
  expect(prefix).toMatch(/^e2e_[0-9a-f]{12}$/);
  const hostEmail = uniqueEmail("jobs-host");
  const guestEmail = uniqueEmail("jobs-guest");
  await seedVerifiedUser(hostEmail, "jobs");
  const guest = await seedVerifiedUser(guestEmail, "jobs");
  const hostApi = await apiClientFor(baseURL!, hostEmail);
  const created = await hostApi.post("/api/v1/events", { data: { title: "Queue check", starts_at: new Date(Date.now() + 3 * 86_400_000).toISOString() } });
  expect(created.status()).toBe(201);
  const { event_id: eventId, event } = await created.json();
  const guestApi = await apiClientFor(baseURL!, guestEmail);
  const token = new URL(event.invite_link as string).searchParams.get("token");
  const joined = await guestApi.post("/api/v1/events/join", { data: { event_id: eventId, token } });
  expect(await joined.json()).toMatchObject({ rsvp_status: "attending" });

  // Going, the guest is mailed their ticket by a job (lib/events/check-in-changes.ts); BullMQ keeps it under its id.
  const redis = new IORedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  try {
    const ticketJob = (queuePrefix: string) => `${queuePrefix}:jobs:ticket-mail_${eventId}_${guest.id}`;
    await expect.poll(() => redis.exists(ticketJob(prefix))).toBe(1);
    expect(await redis.exists(ticketJob("invyta"))).toBe(0);
  } finally {
    redis.disconnect();
    await hostApi.dispose();
    await guestApi.dispose();
  }
});
