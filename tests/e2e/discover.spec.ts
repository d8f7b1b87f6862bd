import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, expectAccessible, expectNoHorizontalScroll, mailedCode, PASSWORD, signUpHere, test, uniqueEmail, waitForHydration } from "./support/fixtures";

// Discover and recommendations in a real browser: a user sets favorite categories on /profile and
// finds matching events recommended, with the reason, on /discover and the home page; filters,
// order and pages live in the URL. Events are created through the JSON API by a host account.

const DAY = 86_400_000;

/** A verified account made through the JSON API; returns its bearer token. */
async function apiAccount(request: APIRequestContext, email: string): Promise<string> {
  expect((await request.post("/api/v1/auth/register", { data: { email, password: PASSWORD } })).status()).toBe(201);
  const verified = await request.post("/api/v1/auth/verify", { data: { email, code: await mailedCode(email) } });
  expect(verified.status()).toBe(200);
  const login = await request.post("/api/v1/auth/login", { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  return ((await login.json()) as { access_token: string }).access_token;
}

type NewEvent = { title: string; tags: string[]; days: number; is_private?: boolean; max_people?: number };

async function apiEvent(request: APIRequestContext, token: string, e: NewEvent): Promise<string> {
  const res = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${token}` },
    data: {
      title: e.title,
      description: "Meet at the gate.",
      date: new Date(Date.now() + e.days * DAY).toISOString(),
      timezone: "Europe/Berlin",
      location: "Tiergarten, Berlin",
      tags: e.tags,
      is_private: e.is_private ?? false,
      max_people: e.max_people ?? null,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { event_id: string }).event_id;
}

/** Sign up in the browser, verify by the mailed code, pick a username: lands on the signed-in home. */
async function signUp(page: Page, email: string) {
  await page.goto("/signup");
  await signUpHere(page, email);
  await page.waitForURL((url) => !/^\/(signup|verify|welcome)/.test(url.pathname));
}

async function expectPhoneFit(page: Page) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 812 });
  await expectNoHorizontalScroll(page);
  if (size) await page.setViewportSize(size);
}

test.describe("discover", () => {
  test("favorites bring matching events into 'Recommended for you'; filters, order and pages are in the URL", async ({ page, request }) => {
    // Discover queries scan every event on FerretDB (see README), and the e2e database grows with each test.
    test.setTimeout(240_000);
    const run = randomBytes(3).toString("hex");
    const running = `trail-running-${run}`;
    const games = `board-games-${run}`;
    const titles = {
      sunrise: `Sunrise trail run ${run}`,
      full: `Sold-out trail run ${run}`,
      secret: `Secret trail run ${run}`,
      games: `Board games night ${run}`,
    };

    // A host publishes events; a guest fills the one-seat run.
    const hostToken = await apiAccount(request, uniqueEmail("host"));
    await apiEvent(request, hostToken, { title: titles.sunrise, tags: [running, "outdoors"], days: 3 });
    const fullId = await apiEvent(request, hostToken, { title: titles.full, tags: [running], days: 4, max_people: 1 });
    await apiEvent(request, hostToken, { title: titles.secret, tags: [running], days: 2, is_private: true });
    await apiEvent(request, hostToken, { title: titles.games, tags: [games], days: 5 });
    const guestToken = await apiAccount(request, uniqueEmail("guest"));
    const rsvp = await request.post(`/api/v1/events/${fullId}/rsvp`, { headers: { authorization: `Bearer ${guestToken}` }, data: { rsvp_status: "attending" } });
    expect(rsvp.status()).toBe(200);

    // A new user without favorites: the original message, a way to set them, popular events.
    await signUp(page, uniqueEmail("fan"));
    await page.goto("/discover");
    const recommended = page.getByRole("region", { name: "Recommended for you" });
    await expect(recommended.getByText("No favorites found. Add some to get recommendations!")).toBeVisible();
    await expect(recommended.getByRole("heading", { name: "Popular upcoming events" })).toBeVisible();
    await expectAccessible(page, "/discover (no favorites)");
    await recommended.getByRole("link", { name: "Set your favorite categories" }).click();
    await expect(page).toHaveURL(/\/profile$/);

    // Favorites as people type them: spaces and capitals; event tags are "trail-running-…".
    await waitForHydration(page);
    const favorites = page.getByLabel("Favorite categories");
    await favorites.fill(`Trail Running ${run}`);
    await favorites.press("Enter");
    await expect(page.getByRole("button", { name: `Remove trail running ${run}` })).toBeVisible();
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByText("Profile saved.")).toBeVisible();

    await page.goto("/discover");
    await expect(recommended.getByRole("link", { name: titles.sunrise })).toBeVisible();
    const sunriseCard = recommended.getByRole("article").filter({ hasText: titles.sunrise });
    await expect(sunriseCard.getByText(`Because you like trail running ${run}`)).toBeVisible();
    const fullCard = recommended.getByRole("article").filter({ hasText: titles.full });
    await expect(fullCard.getByText("Full", { exact: true })).toBeVisible();
    await expect(recommended.getByRole("link", { name: titles.games })).toHaveCount(0);
    await expect(page.getByText(titles.secret)).toHaveCount(0);
    await expectAccessible(page, "/discover");
    await expectNoHorizontalScroll(page);
    await expectPhoneFit(page);

    // Filters in the URL: one tag, several tags (any of), newest first, words, nothing found.
    const results = (name: string) => page.getByRole("list", { name });
    await page.goto(`/discover?tag=${games}`);
    await expect(results("Matching events").getByRole("article")).toHaveCount(1);
    await expect(results("Matching events").getByRole("link", { name: titles.games })).toBeVisible();
    await expect(page.getByRole("region", { name: "Recommended for you" })).toHaveCount(0);

    await page.goto(`/discover?tag=${running}&tag=${games}&sort=newest`);
    await expect(results("Matching events").getByRole("heading")).toHaveText([titles.games, titles.full, titles.sunrise]);
    await expect(page.getByLabel("Order")).toHaveValue("newest");
    await expect(page.getByRole("checkbox", { name: `#${games}` })).toBeChecked();
    await page.goto(`/discover?tag=${running}&tag=${games}`);
    await expect(results("Matching events").getByRole("heading")).toHaveText([titles.sunrise, titles.full, titles.games]);

    await page.goto(`/discover?q=${encodeURIComponent(`sunrise ${run}`)}`);
    await expect(results("Matching events").getByRole("heading")).toHaveText([titles.sunrise]);

    await page.goto(`/discover?tag=nothing-${run}`);
    await expect(page.getByText(`No events tagged #nothing-${run} — clear filters to see every upcoming event.`)).toBeVisible();
    await expectAccessible(page, "/discover (no results)");
    await expectPhoneFit(page);

    // The search form: a plain GET, so the URL it lands on is the shareable one.
    await page.goto("/discover");
    await waitForHydration(page);
    await page.getByRole("searchbox", { name: "Search" }).fill(`board ${run}`);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/discover\\?q=board\\+${run}$`));
    await expect(results("Matching events").getByRole("heading")).toHaveText([titles.games]);
    await page.getByRole("link", { name: "Clear filters" }).first().click();
    await expect(page).toHaveURL(/\/discover$/);

    // Pages: the cursor is in the URL.
    await page.goto(`/discover?tag=${running}&tag=${games}&limit=2`);
    await expect(results("Matching events").getByRole("heading")).toHaveText([titles.sunrise, titles.full]);
    await page.getByRole("link", { name: "More events", exact: true }).click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(results("Matching events").getByRole("heading")).toHaveText([titles.games]);
    await expect(page.getByRole("link", { name: "More events", exact: true })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Back to the first page" })).toBeVisible();

    // The home page: the same recommendations above the marketing content, and the way to discover.
    await page.goto("/");
    const home = page.getByRole("region", { name: "Recommended for you" });
    await expect(home.getByRole("link", { name: titles.sunrise })).toBeVisible();
    await expect(home.getByText(`Because you like trail running ${run}`).first()).toBeVisible();
    await expect(page.getByRole("link", { name: "Discover events", exact: true })).toBeVisible();
    await expectAccessible(page, "/ (signed in)");
    await expectNoHorizontalScroll(page);
    await expectPhoneFit(page);
  });

  test("a visitor who is not signed in browses public events, without recommendations", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "Discover events", exact: true }).click();
    await expect(page).toHaveURL(/\/discover$/);
    await expect(page.getByRole("heading", { level: 1, name: "Discover events" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Recommended for you" })).toHaveCount(0);
    await expect(page.getByRole("search", { name: "Filter events" })).toBeVisible();
    await expectAccessible(page, "/discover (signed out)");
    await expectNoHorizontalScroll(page);
    await expectPhoneFit(page);
  });
});
