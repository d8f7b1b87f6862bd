import type { Locator, Page } from "@playwright/test";
import { counterOf } from "./pages/character-counter";
import { NewEventPage } from "./pages/new-event-page";
import { ProfilePage } from "./pages/profile-page";
import { SignupPage } from "./pages/signup-page";
import { expect, expectAccessible, expectNoHorizontalScroll, test, uniqueEmail, waitForHydration } from "./support/fixtures";

// Length limits show as "n / max" counters before anything is sent, counted the way the server
// counts (a letter with a combining accent is one character), announced only near the limit, and
// they fit a 375 px phone.

/** The counter sits inside the viewport (its row must not push past a phone's width). */
async function expectInsideViewport(page: Page, locator: Locator) {
  const box = await locator.boundingBox();
  const width = page.viewportSize()!.width;
  expect(box, "counter is rendered").not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
}

test("event and profile forms count characters before submit, like the server", async ({ page }) => {
  test.setTimeout(120_000);
  const signup = new SignupPage(page);
  await signup.goto();
  await signup.signUp(uniqueEmail("count"));
  await expect(page).toHaveURL(/^https?:\/\/[^/]+\/$/);

  const newEvent = new NewEventPage(page);
  await newEvent.goto();
  await waitForHydration(page);
  const title = newEvent.form.title;
  const titleCount = await counterOf(page, title);
  await expect(titleCount).toHaveText("0 / 120 characters");
  await expect(await counterOf(page, newEvent.form.description)).toHaveText("0 / 5000 characters");
  await expect(await counterOf(page, newEvent.form.location)).toHaveText("0 / 200 characters");

  // 118 letters typed as e + a combining accent: 118 characters, though 236 UTF-16 units.
  await title.fill("e\u0301".repeat(118));
  await expect(titleCount).toHaveText("118 / 120 characters");
  await expect(newEvent.form.message("10 or fewer characters left.")).toBeAttached();
  await expectInsideViewport(page, titleCount);
  await expectNoHorizontalScroll(page);

  await title.fill("x".repeat(121));
  await expect(titleCount).toHaveText("121 / 120 characters");
  await expect(newEvent.form.message("Over the character limit.")).toBeAttached();
  await newEvent.createButton.click();
  await expect(newEvent.form.message("Keep the title under 120 characters.")).toBeVisible();
  await expectAccessible(page, "/events/new with counters");

  const profile = new ProfilePage(page);
  await profile.goto();
  await waitForHydration(page);
  const bio = profile.bioField;
  const bioCount = await counterOf(page, bio);
  await bio.fill("👩🏽‍💻 codes\nand cooks");
  await expect(bioCount).toHaveText("17 / 280 characters");
  await expectInsideViewport(page, bioCount);
  const usernameCount = await counterOf(page, profile.usernameField);
  await expect(usernameCount).toHaveText(/^\d+ \/ 30 characters$/);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, "/profile with counters");
});
