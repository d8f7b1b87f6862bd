import { expect, expectAccessible, expectNoHorizontalScroll, test } from "./support/fixtures";

test.describe("landing page", () => {
  test("says what Invyta does, is accessible, and fits the screen", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveTitle(/Invyta/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Invitations that just work");
    await expect(page.getByRole("heading", { name: "What Invyta does" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "How it works" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "/");
  });

  test("navigation works from the keyboard", async ({ page, isMobile }) => {
    await page.goto("/");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("#main")).toBeFocused();

    if (isMobile) {
      const menu = page.getByRole("button", { name: "Menu" });
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await menu.focus();
      await page.keyboard.press("Enter");
      await expect(menu).toHaveAttribute("aria-expanded", "true");
      const howItWorks = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "How it works" });
      await expect(howItWorks).toBeVisible();
      await expectAccessible(page, "/ with the phone menu open");
      await page.keyboard.press("Escape");
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await expect(menu).toBeFocused();
    } else {
      await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "How it works" }).click();
      await expect(page).toHaveURL(/#how-it-works$/);
    }
  });

  test("an unknown page is a helpful 404", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "We could not find that page" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "404");
  });
});
