import { join as joinPath } from "node:path";
import type { Page } from "@playwright/test";
import { HomePage } from "./pages/home-page";
import { JoinPage } from "./pages/join-page";
import { LoginPage } from "./pages/login-page";
import { apiClientFor, expect, seedVerifiedUser, test, uniqueEmail } from "./support/fixtures";

// How the pages people see first look, at 375 px (phone) and 1280 px (desktop), against baselines in
// screenshots.spec.ts-snapshots/ (regenerate on purpose: npx playwright test screenshots --update-snapshots).
// The events are fixed in 2030 and the viewer's zone is fixed, so only a real change moves a pixel;
// what depends on other tests' data (the recommendations under the signed-in home) is left out.

test.use({ timezoneId: "America/Los_Angeles", locale: "en-US" });

const SHOT = { fullPage: true, maxDiffPixelRatio: 0.01 } as const;

async function settled(page: Page) {
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => document.fonts.ready);
}

test("the landing, invite, event and signed-in home pages look as they did", async ({ page, baseURL }) => {
  const host = uniqueEmail("shots");
  await seedVerifiedUser(host, "host");
  const api = await apiClientFor(baseURL!, host);
  expect((await api.patch("/api/v1/profile", { data: { display_name: "Maya Chen" } })).status()).toBe(200);
  const created = await api.post("/api/v1/events", {
    data: {
      title: "Rooftop dinner",
      description: "Tacos, a view of the bridge, and a playlist everyone adds to.",
      starts_at: "2030-06-01T00:00:00.000Z",
      ends_at: "2030-06-01T03:00:00.000Z",
      timezone: "America/New_York",
      location: "The Roof, 12 Main St, Brooklyn",
      max_attendees: 12,
      is_private: false,
      tags: ["food", "friends"],
    },
  });
  expect(created.status()).toBe(201);
  const event = await created.json();
  await api.dispose();
  const invite = new URL(event.event.invite_link as string);

  await new HomePage(page).goto();
  await settled(page);
  await expect(page).toHaveScreenshot("landing.png", SHOT);

  const join = new JoinPage(page);
  await join.goto(invite.pathname + invite.search);
  await expect(join.title("Rooftop dinner")).toBeVisible();
  await settled(page);
  await expect(page).toHaveScreenshot("invite.png", SHOT);

  await page.goto(`/events/${event.event_id}`);
  await settled(page);
  await expect(page).toHaveScreenshot("event.png", SHOT);

  await new LoginPage(page).signInTo(host, "/");
  const home = new HomePage(page);
  await expect(home.greeting).toHaveText("Hi, Maya Chen");
  await settled(page);
  await expect(page).toHaveScreenshot("home.png", { ...SHOT, stylePath: joinPath(__dirname, "support/screenshot-hide-recommendations.css") });
});
