import { EventPage } from "./pages/event-page";
import { LoginPage } from "./pages/login-page";
import { apiClientFor, expect, expectAccessible, expectNoHorizontalScroll, seedVerifiedUser, test, uniqueEmail } from "./support/fixtures";

// The event page's ways out (issue 13 item 3): Share (the share sheet, or a copied link), the place in
// a maps app, and the event in Apple, Google or Outlook calendars.

test("a public event's page shares its link, opens the place in maps and offers three calendars", async ({ page, context, baseURL }) => {
  const email = uniqueEmail("share");
  await seedVerifiedUser(email, "host");
  const api = await apiClientFor(baseURL!, email);
  const res = await api.post("/api/v1/events", {
    data: { title: "Picnic in the park", starts_at: new Date(Date.now() + 9 * 86_400_000).toISOString(), timezone: "Europe/Madrid", location: "Parque del Retiro, Madrid", is_private: false },
  });
  expect(res.status()).toBe(201);
  const eventId = (await res.json()).event_id as string;
  await api.dispose();

  // Chromium here has no share sheet (navigator.share), so Share copies the link.
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const event = new EventPage(page);
  await event.goto(eventId);
  await expect(event.title("Picnic in the park")).toBeVisible();
  await event.shareButton.click();
  await expect(event.linkCopied).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`^https?://[^/]+/events/${eventId}$`));

  const maps = new URL((await event.openInMapsLink.getAttribute("href"))!);
  expect(maps.origin).toBe("https://www.google.com");
  expect(maps.searchParams.get("query")).toBe("Parque del Retiro, Madrid");
  await expect(event.openInMapsLink).toHaveAttribute("target", "_blank");

  await expect(event.calendar.getByRole("link")).toHaveText([/Apple Calendar \(\.ics\)/, /Google Calendar/, /Outlook/]);
  const outlook = new URL((await event.calendar.getByRole("link", { name: /Outlook/ }).getAttribute("href"))!);
  expect(outlook.searchParams.get("subject")).toBe("Picnic in the park");
  await expectAccessible(page, "/events/[id] (signed out, public)");
  await expectNoHorizontalScroll(page);
});

test("discover and the gallery stream a loading skeleton first, then their content", async ({ page, request, baseURL }) => {
  test.skip(test.info().project.name !== "desktop", "the same HTML for every browser");
  // The HTML as it streams: the skeleton's markup comes before the results that replace it.
  const discover = await (await request.get("/discover")).text();
  expect(discover.indexOf('data-testid="discover-skeleton"')).toBeGreaterThan(-1);
  expect(discover.indexOf('data-testid="discover-skeleton"')).toBeLessThan(discover.indexOf("All upcoming events"));

  const email = uniqueEmail("gallery");
  await seedVerifiedUser(email, "host");
  const api = await apiClientFor(baseURL!, email);
  const res = await api.post("/api/v1/events", { data: { title: "Gallery night", starts_at: new Date(Date.now() + 3 * 86_400_000).toISOString(), is_private: false } });
  const eventId = (await res.json()).event_id as string;
  await api.dispose();
  await new LoginPage(page).signInTo(email, `/events/${eventId}/media`);
  const gallery = await (await page.request.get(`/events/${eventId}/media`)).text();
  expect(gallery.indexOf('data-testid="gallery-skeleton"')).toBeGreaterThan(-1);
  expect(gallery.indexOf('data-testid="gallery-skeleton"')).toBeLessThan(gallery.indexOf("Nothing here yet."));
  await expect(page.getByText("Nothing here yet. Be the first to add a photo!")).toBeVisible();
  await expect(page.getByTestId("gallery-skeleton")).toHaveCount(0);

  // A page link that no longer works shows the newest page and says so (not an error page).
  const stale = await page.goto(`/events/${eventId}/media?cursor=not-a-cursor`);
  expect(stale?.status()).toBe(200);
  await expect(page.getByText("That page link is no longer valid, so these are the newest.")).toBeVisible();
});
