import { DevOutboxPage } from "./pages/dev-outbox-page";
import { NotFoundPage } from "./pages/not-found-page";
import { expect, test } from "./support/fixtures";

// The dev outbox shows mail bodies (sign-in codes); the e2e run uses a production build, where the
// page must not exist at all.
test.describe("dev outbox", () => {
  test("is not served by a production build", async ({ request, page }) => {
    const res = await request.get("/dev/outbox");
    expect(res.status()).toBe(404);

    const outbox = new DevOutboxPage(page);
    await outbox.goto();
    await expect(new NotFoundPage(page).heading).toHaveText("We could not find that page");
    await expect(outbox.heading).toHaveCount(0);
  });
});
