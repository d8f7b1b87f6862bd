import { EventPage } from "./pages/event-page";
import { LoginPage } from "./pages/login-page";
import { apiClientFor, expect, expectAccessible, expectNoHorizontalScroll, mailTo, newPersonContext, seedVerifiedUser, test, uniqueEmail, waitForHydration } from "./support/fixtures";

// Announcements (issue 14): the host posts an update on the event page; a guest reads it there and
// in the email the job queue sends (the server's worker, the test's SMTP sink).

test("a host posts an announcement; a guest reads it on the event page and in their email", async ({ page, browser, baseURL }) => {
  const hostEmail = uniqueEmail("announcer");
  await seedVerifiedUser(hostEmail, "host");
  const host = await apiClientFor(baseURL!, hostEmail);
  const created = (await (await host.post("/api/v1/events", { data: { title: "Harbour cruise", starts_at: new Date(Date.now() + 8 * 86_400_000).toISOString(), is_private: false } })).json()) as {
    event_id: string;
    event: { invite_link: string };
  };
  await host.dispose();
  const guestEmail = uniqueEmail("deckhand");
  await seedVerifiedUser(guestEmail, "guest");
  const guestApi = await apiClientFor(baseURL!, guestEmail);
  const token = new URL(created.event.invite_link).searchParams.get("token");
  expect((await guestApi.post("/api/v1/events/join", { data: { event_id: created.event_id, token } })).status()).toBe(200);
  await guestApi.dispose();

  await new LoginPage(page).signInTo(hostEmail, `/events/${created.event_id}`);
  await waitForHydration(page);
  await page.getByText("Post an announcement").click();
  const form = page.getByRole("region", { name: "Announcements" });
  await form.getByLabel("New announcement").fill("Boarding moved to Pier 4.\nSee you at 7!");
  await form.getByLabel("Send to").selectOption("going");
  await form.getByRole("button", { name: "Post and email" }).click();
  await expect(page.getByText("Announcement posted. It is being emailed now.")).toBeVisible();
  await expect(page.getByTestId("announcement").first()).toContainText("Boarding moved to Pier 4.");
  await expect(page.getByTestId("announcement").first()).toContainText("to Going");
  await expectAccessible(page, "/events/[id] (host, announcements)");

  // The guest, on a phone-sized screen or not: the update is on the page, newest first.
  const guestContext = await newPersonContext(browser, { viewport: page.viewportSize()! });
  const guestPage = await guestContext.newPage();
  await new LoginPage(guestPage).signInTo(guestEmail, `/events/${created.event_id}`);
  const event = new EventPage(guestPage);
  await expect(event.title("Harbour cruise")).toBeVisible();
  const announcement = guestPage.getByTestId("announcement").first();
  await expect(announcement).toContainText("Boarding moved to Pier 4.");
  await expect(announcement).toContainText("See you at 7!");
  await expectAccessible(guestPage, "/events/[id] (guest, announcements)");
  await expectNoHorizontalScroll(guestPage);
  await guestContext.close();

  // And in the email.
  const mail = await mailTo(guestEmail, /^Update from Harbour cruise$/);
  expect(mail.text).toContain("Boarding moved to Pier 4.\nSee you at 7!");
  expect(mail.text).toContain(`/events/${created.event_id}`);
});
