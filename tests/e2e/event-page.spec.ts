import type { Locator } from "@playwright/test";
import sharp from "sharp";
import { EditEventPage } from "./pages/edit-event-page";
import { EventPage } from "./pages/event-page";
import { JoinPage } from "./pages/join-page";
import { LoginPage } from "./pages/login-page";
import { ProfilePage } from "./pages/profile-page";
import { apiClientFor, expect, expectAccessible, expectNoHorizontalScroll, seedVerifiedUser, test, uniqueEmail, waitForHydration } from "./support/fixtures";

// The event page (issue 13 item 3): its cover photo and the host's photo; its ways out: Share (the share sheet, or a copied link), the place in
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
  // The skeleton streams when the gallery's query is still running as the page's shell goes out; an
  // answer fast enough to make the shell (a warm database, seen in CI) has no skeleton to show. So
  // the page is asked until one streams it first: without the Suspense boundary, none ever would.
  const streamsSkeletonFirst = async () => {
    const gallery = await (await page.request.get(`/events/${eventId}/media`)).text();
    const skeleton = gallery.indexOf('data-testid="gallery-skeleton"');
    return skeleton > -1 && skeleton < gallery.indexOf("Nothing here yet.");
  };
  await expect.poll(streamsSkeletonFirst, { timeout: 20_000, intervals: [0] }).toBe(true);
  await expect(page.getByText("Nothing here yet. Be the first to add a photo!")).toBeVisible();
  await expect(page.getByTestId("gallery-skeleton")).toHaveCount(0);

  // A page link that no longer works shows the newest page and says so (not an error page).
  const stale = await page.goto(`/events/${eventId}/media?cursor=not-a-cursor`);
  expect(stale?.status()).toBe(200);
  await expect(page.getByText("That page link is no longer valid, so these are the newest.")).toBeVisible();
});

/** Whether an <img> has loaded real pixels (not a broken image). */
async function loaded(image: Locator): Promise<boolean> {
  return image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
}

test("a host gives a private event a cover photo and themselves a photo; the invitation and the event page show both", async ({ page, browser, baseURL }) => {
  const email = uniqueEmail("cover");
  await seedVerifiedUser(email, "host");
  const api = await apiClientFor(baseURL!, email);
  const res = await api.post("/api/v1/events", { data: { title: "Lantern walk", starts_at: new Date(Date.now() + 6 * 86_400_000).toISOString(), is_private: true } });
  const created = (await res.json()) as { event_id: string; event: { invite_link: string } };
  const eventId = created.event_id;
  const invite = new URL(created.event.invite_link);
  await api.dispose();

  // A wide photo, as a phone takes one: the server crops it to 2:1.
  const photo = await sharp({ create: { width: 1800, height: 1200, channels: 3, background: "#e11d48" } }).jpeg().toBuffer();
  await new LoginPage(page).signInTo(email, `/events/${eventId}/edit`);
  const edit = new EditEventPage(page);
  await waitForHydration(page);
  await edit.coverInput.setInputFiles({ name: "lanterns.jpg", mimeType: "image/jpeg", buffer: photo });
  await expect(edit.coverSaved).toBeVisible();
  await expect(edit.currentCover).toBeVisible();
  await expect.poll(() => loaded(edit.currentCover)).toBe(true);
  // Not a photo: the error is beside the control, and the cover stays.
  await edit.coverInput.setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not a photo at all") });
  await expect(page.getByRole("alert").filter({ hasText: "That file is not a photo we can use" })).toBeVisible();
  await expect(edit.currentCover).toBeVisible();
  await expectAccessible(page, "/events/[id]/edit (with a cover)");
  await expectNoHorizontalScroll(page);

  const profile = new ProfilePage(page);
  await profile.goto();
  await waitForHydration(page);
  await profile.photoInput.setInputFiles({ name: "me.png", mimeType: "image/png", buffer: await sharp({ create: { width: 500, height: 700, channels: 3, background: "#0891b2" } }).png().toBuffer() });
  await expect(profile.photoSaved).toBeVisible();
  await expectAccessible(page, "/profile (with a photo)");

  const event = new EventPage(page);
  await event.goto(eventId);
  await expect(event.cover).toBeVisible();
  await expect.poll(() => loaded(event.cover)).toBe(true);
  const hostPhoto = page.locator(`img[src^="/avatars/"]`).first();
  await expect(hostPhoto).toBeVisible();
  await expect.poll(() => loaded(hostPhoto)).toBe(true);

  // Someone signed out opens the invite link: its URL carries what lets them see the private event's cover.
  const guest = await browser.newContext();
  const join = new JoinPage(await guest.newPage());
  await join.goto(invite.pathname + invite.search);
  await expect(join.cover).toBeVisible();
  await expect.poll(() => loaded(join.cover)).toBe(true);
  await expectAccessible(join.page, "/events/join (with a cover)");
  await guest.close();

  // Removed, the theme shows again.
  await edit.goto(eventId);
  await waitForHydration(page);
  await edit.removeCoverButton.click();
  await expect(edit.coverRemoved).toBeVisible();
  await event.goto(eventId);
  await expect(event.title("Lantern walk")).toBeVisible();
  await expect(event.cover).toHaveCount(0);
});
