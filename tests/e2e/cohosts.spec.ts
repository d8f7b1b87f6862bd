import { LoginPage } from "./pages/login-page";
import { ManagePage } from "./pages/manage-page";
import { apiClientFor, expect, expectAccessible, expectNoHorizontalScroll, newPersonContext, seedVerifiedUser, test, uniqueEmail, waitForHydration } from "./support/fixtures";

// Co-hosts (issue 15 item 1): the owner adds one by username on the Manage page; the co-host finds
// the event under My events, approves a guest, and may step down.

test("an owner adds a co-host, who approves a guest and then steps down", async ({ page, browser, baseURL }) => {
  const ownerEmail = uniqueEmail("owner");
  const cohostEmail = uniqueEmail("cohost");
  const guestEmail = uniqueEmail("guest");
  await seedVerifiedUser(ownerEmail, "owner");
  const cohost = await seedVerifiedUser(cohostEmail, "door");
  const guest = await seedVerifiedUser(guestEmail, "guest");
  const api = await apiClientFor(baseURL!, ownerEmail);
  const created = await api.post("/api/v1/events", {
    data: { title: "Rooftop cinema", starts_at: new Date(Date.now() + 5 * 86_400_000).toISOString(), timezone: "Europe/Madrid", location: "Terraza 3", is_private: true },
  });
  const { event_id: eventId, event } = (await created.json()) as { event_id: string; event: { invite_link: string } };
  const inviteLink = event.invite_link;
  await api.dispose();
  const guestApi = await apiClientFor(baseURL!, guestEmail);
  expect((await guestApi.post("/api/v1/events/join", { data: { event_id: eventId, token: new URL(inviteLink).searchParams.get("token") } })).status()).toBe(200);
  await guestApi.dispose();

  // The owner adds the co-host by username (with an "@", as people type it).
  await new LoginPage(page).signInTo(ownerEmail, `/events/${eventId}/manage`);
  await waitForHydration(page);
  const manage = new ManagePage(page);
  await expect(manage.cohosts.getByText("No co-hosts yet.")).toBeVisible();
  await manage.addCohost("@nobody_here_123");
  await expect(manage.cohosts.getByText("Nobody has that username on Invyta.")).toBeVisible();
  await expect(manage.addCohostField).toHaveAttribute("aria-invalid", "true");
  await manage.addCohost(`@${cohost.username}`);
  await expect(manage.cohosts.getByRole("status")).toContainText(`${cohost.username} is now a co-host`);
  await expect(manage.cohostItems).toHaveCount(1);
  await expect(manage.cohostItems.first()).toContainText(cohostEmail);
  await expectAccessible(page, "/events/[id]/manage (co-hosts)");

  // The co-host, on a phone: My events lists it; its Manage page lets them approve, not edit.
  const phone = await newPersonContext(browser, { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
  const cohostPage = await phone.newPage();
  await new LoginPage(cohostPage).signInTo(cohostEmail, "/events");
  const cohosting = cohostPage.getByRole("region", { name: "Events I co-host" });
  await cohosting.getByRole("link", { name: "Manage Rooftop cinema" }).click();
  await expect(cohostPage).toHaveURL(new RegExp(`/events/${eventId}/manage$`));
  await waitForHydration(cohostPage);
  const theirs = new ManagePage(cohostPage);
  await expect(cohostPage.getByText("You're a co-host")).toBeVisible();
  await expect(cohostPage.getByRole("link", { name: "Edit event" })).toHaveCount(0);
  await expect(cohostPage.getByRole("region", { name: "Duplicate this event" })).toHaveCount(0);
  await expect(theirs.addCohostField).toHaveCount(0);
  await expectAccessible(cohostPage, "/events/[id]/manage as a co-host");
  await expectNoHorizontalScroll(cohostPage);
  await theirs.approve(guest.username);
  await expect(theirs.requestsHeading(0)).toBeVisible();
  await expect(theirs.guestItems.filter({ hasText: guest.username })).toHaveCount(1);

  // Stepping down: back to My events, and the Manage page is no longer theirs.
  await theirs.stepDownButton.click();
  await expect(cohostPage).toHaveURL(/\/events$/);
  await expect(cohostPage.getByRole("region", { name: "Events I co-host" })).toHaveCount(0);
  const again = await cohostPage.goto(`/events/${eventId}/manage`);
  expect(again?.status()).toBe(404);
  await phone.close();
});
