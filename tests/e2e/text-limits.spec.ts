import type { Locator, Page } from "@playwright/test";
import { expect, expectAccessible, expectNoHorizontalScroll, signUpHere, test, uniqueEmail, waitForHydration } from "./support/fixtures";

// Length limits show as "n / max" counters before anything is sent, counted the way the server
// counts (a letter with a combining accent is one character), announced only near the limit, and
// they fit a 375 px phone.

/** The counter the field names in its aria-describedby. */
async function counterOf(page: Page, field: Locator): Promise<Locator> {
  const ids = (await field.getAttribute("aria-describedby")) ?? "";
  const id = ids.split(" ").find((i) => i.endsWith("-count"));
  expect(id, `a counter in aria-describedby "${ids}"`).toBeTruthy();
  return page.locator(`[id="${id}"]`);
}

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
  await page.goto("/signup");
  await signUpHere(page, uniqueEmail("count"));
  await expect(page).toHaveURL(/\/events$/);

  await page.goto("/events/new");
  await waitForHydration(page);
  const title = page.getByLabel("Title");
  const titleCount = await counterOf(page, title);
  await expect(titleCount).toHaveText("0 / 120 characters");
  await expect(await counterOf(page, page.getByLabel("Description"))).toHaveText("0 / 5000 characters");
  await expect(await counterOf(page, page.getByLabel("Location (optional)"))).toHaveText("0 / 200 characters");

  // 118 letters typed as e + a combining accent: 118 characters, though 236 UTF-16 units.
  await title.fill("e\u0301".repeat(118));
  await expect(titleCount).toHaveText("118 / 120 characters");
  await expect(page.getByText("10 or fewer characters left.")).toBeAttached();
  await expectInsideViewport(page, titleCount);
  await expectNoHorizontalScroll(page);

  await title.fill("x".repeat(121));
  await expect(titleCount).toHaveText("121 / 120 characters");
  await expect(page.getByText("Over the character limit.")).toBeAttached();
  await page.getByRole("main").getByRole("button", { name: "Create event" }).click();
  await expect(page.getByText("Keep the title under 120 characters.")).toBeVisible();
  await expectAccessible(page, "/events/new with counters");

  await page.goto("/profile");
  await waitForHydration(page);
  const bio = page.getByLabel("Bio");
  const bioCount = await counterOf(page, bio);
  await bio.fill("👩🏽‍💻 codes\nand cooks");
  await expect(bioCount).toHaveText("17 / 280 characters");
  await expectInsideViewport(page, bioCount);
  const usernameCount = await counterOf(page, page.getByLabel("Username"));
  await expect(usernameCount).toHaveText(/^\d+ \/ 30 characters$/);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, "/profile with counters");
});
