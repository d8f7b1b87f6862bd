import { expect, test } from "./support/fixtures";

// The dev outbox shows mail bodies (sign-in codes); the e2e run uses a production build, where the
// page must not exist at all.
test.describe("dev outbox", () => {
  test("is not served by a production build", async ({ request, page }) => {
    const res = await request.get("/dev/outbox");
    expect(res.status()).toBe(404);

    await page.goto("/dev/outbox");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("We could not find that page");
    await expect(page.getByRole("heading", { name: "Dev outbox" })).toHaveCount(0);
  });
});
