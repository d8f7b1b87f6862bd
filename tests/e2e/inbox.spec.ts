import sharp from "sharp";
import { InboxPage } from "./pages/inbox-page";
import { LoginPage } from "./pages/login-page";
import { apiClientFor, expect, expectAccessible, expectNoHorizontalScroll, seedVerifiedUser, test, uniqueEmail, waitForHydration } from "./support/fixtures";

// The host's inbox (issue 16): one queue of what waits on them across their events, with a count in
// the header; decided from the keyboard (j/k/a/r) or with the buttons, updating without a reload.

test("a host works through join requests and a photo from two events in the inbox, by keyboard", async ({ page, baseURL }) => {
  const hostEmail = uniqueEmail("inbox");
  await seedVerifiedUser(hostEmail, "host");
  const host = await apiClientFor(baseURL!, hostEmail);
  const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  const party = (await (await host.post("/api/v1/events", { data: { title: "Rooftop party", starts_at: days(5), is_private: true } })).json()) as { event_id: string; event: { invite_link: string } };
  const picnic = (await (await host.post("/api/v1/events", { data: { title: "Picnic", starts_at: days(6), is_private: false } })).json()) as { event_id: string; event: { invite_link: string } };
  await host.dispose();

  // Two people ask to join the private party; a guest of the picnic adds a photo, which waits for the host.
  const join = async (event: { event_id: string; event: { invite_link: string } }, name: string) => {
    const email = uniqueEmail(name);
    await seedVerifiedUser(email, name);
    const api = await apiClientFor(baseURL!, email);
    const token = new URL(event.event.invite_link).searchParams.get("token");
    expect((await api.post("/api/v1/events/join", { data: { event_id: event.event_id, token } })).status()).toBe(200);
    return api;
  };
  await (await join(party, "ann")).dispose();
  await (await join(party, "bob")).dispose();
  const guest = await join(picnic, "cat");
  const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#16a34a" } }).jpeg().toBuffer();
  expect((await guest.post(`/api/v1/events/${picnic.event_id}/media`, { multipart: { file: { name: "lawn.jpg", mimeType: "image/jpeg", buffer: photo } } })).status()).toBe(201);
  await guest.dispose();

  await new LoginPage(page).signInTo(hostEmail, "/inbox");
  const inbox = new InboxPage(page);
  await expect(inbox.heading).toBeVisible();
  await expect(inbox.summary).toHaveText("2 join requests and 1 photo or video waiting across your events.");
  await expect(inbox.items).toHaveCount(3);
  // Newest first: the photo, then Bob's request, then Ann's.
  await expect(inbox.items.nth(0)).toContainText("lawn.jpg");
  await expect(inbox.items.nth(1)).toContainText(/bob/);
  await expect(inbox.items.nth(2)).toContainText(/ann/);
  await expect(inbox.items.nth(0).getByRole("img")).toBeVisible();
  await expectAccessible(page, "/inbox");
  await expectNoHorizontalScroll(page);
  if (test.info().project.name === "desktop") await expect(inbox.headerLink).toHaveAccessibleName("Inbox (3 waiting)");
  else await expect(page.getByRole("button", { name: "Menu (3 waiting)" })).toBeVisible();

  // Keyboard: the first item takes focus, j moves down, a approves, r declines.
  await waitForHydration(page);
  await inbox.items.nth(0).focus();
  await page.keyboard.press("j");
  await expect(inbox.items.nth(1)).toBeFocused();
  await page.keyboard.press("a");
  await expect(page.getByText(/^Approved .*bob/)).toBeVisible();
  await expect(inbox.items).toHaveCount(2);
  await expect(inbox.items.nth(1)).toBeFocused(); // Ann's request took Bob's place
  await page.keyboard.press("r");
  await expect(page.getByText(/^Declined .*ann/)).toBeVisible();
  await expect(inbox.items).toHaveCount(1);
  if (test.info().project.name === "desktop") await expect(inbox.headerLink).toHaveAccessibleName("Inbox (1 waiting)");

  // The photo: approved with "all shown"; then nothing waits, and the header says so without a reload.
  await inbox.approveAllShownButton.click();
  await expect(inbox.empty).toBeVisible();
  await expect(inbox.summary).toHaveText("Nothing waiting on you.");
  if (test.info().project.name === "desktop") await expect(inbox.headerLink).toHaveAccessibleName("Inbox");
  await expectAccessible(page, "/inbox (empty)");

  // The decisions are the events' own: Bob is going, Ann is not, and the photo is in the gallery.
  const check = await apiClientFor(baseURL!, hostEmail);
  const guests = await (await check.get(`/api/v1/events/${party.event_id}/attendees`)).json();
  expect(guests.attendees.map((g: { username: string }) => g.username)).toEqual([expect.stringContaining("bob")]);
  const media = await (await check.get(`/api/v1/events/${picnic.event_id}/media?status=approved`)).json();
  expect(media.media.map((m: { filename: string }) => m.filename)).toEqual(["lawn.jpg"]);
  await check.dispose();
});
