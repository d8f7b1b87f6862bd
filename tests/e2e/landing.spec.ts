import { ApiReferencePage } from "./pages/api-reference-page";
import { HomePage } from "./pages/home-page";
import { NotFoundPage } from "./pages/not-found-page";
import { expect, expectAccessible, expectNoHorizontalScroll, test } from "./support/fixtures";

test.describe("landing page", () => {
  test("says what Invyta does, is accessible, and fits the screen", async ({ page }) => {
    const home = new HomePage(page);
    await home.goto();
    await expect(page).toHaveTitle(/Invyta/);
    await expect(home.heading).toContainText("Invitations that just work");
    await expect(home.whatItDoesHeading).toBeVisible();
    await expect(home.howItWorksHeading).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "/");
  });

  test("navigation works from the keyboard", async ({ page, isMobile }) => {
    const home = new HomePage(page);
    const { header } = home;
    await home.goto();
    await page.keyboard.press("Tab");
    await expect(header.skipLink).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(header.main).toBeFocused();

    if (isMobile) {
      const menu = header.menuButton;
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await menu.focus();
      await page.keyboard.press("Enter");
      await expect(menu).toHaveAttribute("aria-expanded", "true");
      const howItWorks = header.navLink("How it works");
      await expect(howItWorks).toBeVisible();
      await expectAccessible(page, "/ with the phone menu open");
      await page.keyboard.press("Escape");
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await expect(menu).toBeFocused();
    } else {
      await expect(header.menuButton).toBeHidden();
      await header.navLink("How it works").click();
      await expect(page).toHaveURL(/#how-it-works$/);
    }
  });

  test("the API reference lists every endpoint, is accessible, and fits the screen", async ({ page, request }) => {
    const reference = new ApiReferencePage(page);
    const response = await reference.goto();
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle(/API reference/);
    await expect(reference.heading).toContainText("Invyta API reference");
    // Every operation of the served document has its own article.
    const document = await (await request.get("/api/v1/openapi.json")).json();
    const operations = Object.values(document.paths as Record<string, object>).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(operations).toBeGreaterThan(30);
    await expect(reference.operations).toHaveCount(operations);
    await expect(reference.operation("POST", "/api/v1/events/join")).toBeVisible();
    await expect(reference.endpointsNav.getByRole("link", { name: "Media", exact: true })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "/docs/api");
  });

  test("an unknown page is a helpful 404", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(new NotFoundPage(page).namedHeading).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "404");
  });
});
