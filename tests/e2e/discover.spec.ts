import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { DiscoverPage } from "./pages/discover-page";
import { HomePage } from "./pages/home-page";
import { ProfilePage } from "./pages/profile-page";
import { SignupPage } from "./pages/signup-page";
import { expect, expectAccessible, expectNoHorizontalScroll, mailedCode, PASSWORD, test, uniqueEmail, waitForHydration } from "./support/fixtures";

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
  const signup = new SignupPage(page);
  await signup.goto();
  await signup.signUp(email);
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
    const discover = new DiscoverPage(page);
    await discover.goto();
    await expect(discover.recommendedText("No favorites found. Add some to get recommendations!")).toBeVisible();
    await expect(discover.popularHeading).toBeVisible();
    await expectAccessible(page, "/discover (no favorites)");
    await discover.setFavoritesLink.click();
    await expect(page).toHaveURL(/\/profile$/);

    // Favorites as people type them: spaces and capitals; event tags are "trail-running-…".
    await waitForHydration(page);
    const profile = new ProfilePage(page);
    await profile.addFavorite(`Trail Running ${run}`);
    await expect(profile.removeFavoriteButton(`trail running ${run}`)).toBeVisible();
    await profile.saveButton.click();
    await expect(profile.saved).toBeVisible();

    await discover.goto();
    await expect(discover.recommendedLink(titles.sunrise)).toBeVisible();
    const sunriseCard = discover.recommendedCard(titles.sunrise);
    await expect(sunriseCard.text(`Because you like trail running ${run}`)).toBeVisible();
    const fullCard = discover.recommendedCard(titles.full);
    await expect(fullCard.text("Full", { exact: true })).toBeVisible();
    await expect(discover.recommendedLink(titles.games)).toHaveCount(0);
    await expect(discover.text(titles.secret)).toHaveCount(0);
    await expectAccessible(page, "/discover");
    await expectNoHorizontalScroll(page);
    await expectPhoneFit(page);

    // Filters in the URL: one tag, several tags (any of), newest first, words, nothing found.
    const matching = discover.results("Matching events");
    await discover.goto(`tag=${games}`);
    await expect(matching.cards).toHaveCount(1);
    await expect(matching.link(titles.games)).toBeVisible();
    await expect(discover.recommended).toHaveCount(0);

    await discover.goto(`tag=${running}&tag=${games}&sort=newest`);
    await expect(matching.titles).toHaveText([titles.games, titles.full, titles.sunrise]);
    await expect(discover.order).toHaveValue("newest");
    await expect(discover.tagFilter(games)).toBeChecked();
    await discover.goto(`tag=${running}&tag=${games}`);
    await expect(matching.titles).toHaveText([titles.sunrise, titles.full, titles.games]);

    await discover.goto(`q=${encodeURIComponent(`sunrise ${run}`)}`);
    await expect(matching.titles).toHaveText([titles.sunrise]);

    await discover.goto(`tag=nothing-${run}`);
    await expect(discover.text(`No events tagged #nothing-${run} — clear filters to see every upcoming event.`)).toBeVisible();
    await expectAccessible(page, "/discover (no results)");
    await expectPhoneFit(page);

    // The search form: a plain GET, so the URL it lands on is the shareable one.
    await discover.goto();
    await waitForHydration(page);
    await discover.search(`board ${run}`);
    await expect(page).toHaveURL(new RegExp(`/discover\\?q=board\\+${run}$`));
    await expect(matching.titles).toHaveText([titles.games]);
    await discover.clearFiltersLink.click();
    await expect(page).toHaveURL(/\/discover$/);

    // Pages: the cursor is in the URL.
    await discover.goto(`tag=${running}&tag=${games}&limit=2`);
    await expect(matching.titles).toHaveText([titles.sunrise, titles.full]);
    await discover.moreEventsLink.click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(matching.titles).toHaveText([titles.games]);
    await expect(discover.moreEventsLink).toHaveCount(0);
    await expect(discover.firstPageLink).toBeVisible();

    // The signed-in home: the same recommendations under the person's own events, and the way to discover.
    const home = new HomePage(page);
    await home.goto();
    await expect(home.recommendedLink(titles.sunrise)).toBeVisible();
    await expect(home.recommendedText(`Because you like trail running ${run}`).first()).toBeVisible();
    await expect(home.discoverMoreLink).toBeVisible();
    await expect(home.whatItDoesHeading).toHaveCount(0);
    await expectAccessible(page, "/ (signed in)");
    await expectNoHorizontalScroll(page);
    await expectPhoneFit(page);
  });

  test("a visitor who is not signed in browses public events, without recommendations", async ({ page }) => {
    const home = new HomePage(page);
    await home.goto();
    await home.discoverLink.click();
    await expect(page).toHaveURL(/\/discover$/);
    const discover = new DiscoverPage(page);
    await expect(discover.heading).toBeVisible();
    await expect(discover.recommended).toHaveCount(0);
    await expect(discover.filters).toBeVisible();
    await expectAccessible(page, "/discover (signed out)");
    await expectNoHorizontalScroll(page);
    await expectPhoneFit(page);
  });
});
