import { LoginPage } from "./pages/login-page";
import { JoinPage } from "./pages/join-page";
import { apiClientFor, expect, expectAccessible, expectNoHorizontalScroll, newPersonContext, seedVerifiedUser, test, uniqueEmail, waitForHydration } from "./support/fixtures";

// Plus-ones (issue 15 item 2): the host allows extra people per guest, a guest chooses how many they
// bring when they join and changes it with their RSVP, and capacity counts every one of them.

test("a guest joins with two extra people, then brings one, and the host's counts follow", async ({ page, browser, baseURL }, testInfo) => {
  const hostEmail = uniqueEmail("plus");
  await seedVerifiedUser(hostEmail, "host");
  const api = await apiClientFor(baseURL!, hostEmail);
  const created = await api.post("/api/v1/events", {
    data: { title: "Dinner for six", starts_at: new Date(Date.now() + 6 * 86_400_000).toISOString(), max_people: 6, plus_ones_max: 2 },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { event_id: eventId, invite_link: link } = (await created.json()).event;
  await api.dispose();

  const guestEmail = uniqueEmail("party");
  await seedVerifiedUser(guestEmail, "guest");
  const phone = testInfo.project.name === "phone" ? { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } : {};
  const guestContext = await newPersonContext(browser, phone);
  const guestPage = await guestContext.newPage();
  const url = new URL(link);
  await new LoginPage(guestPage).signInTo(guestEmail, url.pathname + url.search);
  await waitForHydration(guestPage);
  const join = new JoinPage(guestPage);
  const party = guestPage.getByLabel("Guests you bring");
  await expect(party).toHaveValue("0");
  await party.selectOption({ label: "Me + 2" });
  await expectAccessible(guestPage, "/events/join with plus-ones");
  await expectNoHorizontalScroll(guestPage);
  await join.joinButton.click();
  await expect(guestPage.getByRole("heading", { name: "You're going!" })).toBeVisible();

  // On the event page the party is theirs to change with the RSVP.
  await join.eventPageLink.click();
  await expect(guestPage).toHaveURL(new RegExp(`/events/${eventId}$`));
  await waitForHydration(guestPage);
  await expect(guestPage.getByLabel("Guests you bring")).toHaveValue("2");
  await expect(guestPage.getByTestId("count-plus-ones")).toHaveText("(+2 guests)");
  await guestPage.getByLabel("Guests you bring").selectOption({ label: "Me + 1" });
  await expect(guestPage.getByText("Saved: Attending, with 1 guest.")).toBeVisible();
  await expectAccessible(guestPage, "/events/[id] RSVP with plus-ones");
  await guestContext.close();

  // The host sees people: one guest going, with one extra person.
  await new LoginPage(page).signInTo(hostEmail, `/events/${eventId}/manage`);
  await expect(page.getByTestId("count-attending")).toContainText("(+1 guest)");
  await expect(page.getByText("+1 guest", { exact: true })).toBeVisible();
});

test("a guest who is not signed in brings a friend and answers the host's question in the two screens from a QR scan", async ({ browser, baseURL }, testInfo) => {
  const hostEmail = uniqueEmail("plus");
  await seedVerifiedUser(hostEmail, "host");
  const api = await apiClientFor(baseURL!, hostEmail);
  const created = await api.post("/api/v1/events", {
    data: {
      title: "Picnic for pairs",
      starts_at: new Date(Date.now() + 6 * 86_400_000).toISOString(),
      max_people: 10,
      plus_ones_max: 1,
      questions: [{ kind: "short_text", label: "Anything we should know?", required: true }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { event_id: eventId, invite_link: link } = (await created.json()).event;

  const phone = testInfo.project.name === "phone" ? { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } : {};
  const guestContext = await newPersonContext(browser, phone);
  const guestPage = await guestContext.newPage();
  const url = new URL(link);
  await guestPage.goto(url.pathname + url.search);
  await waitForHydration(guestPage);
  const join = new JoinPage(guestPage);
  await guestPage.getByLabel("Guests you bring").selectOption({ label: "Me + 1" });
  await join.answer("Anything we should know?").fill("Bringing a frisbee");
  await expectAccessible(guestPage, "/events/join signed out, with plus-ones and a question");
  const email = uniqueEmail("pair");
  await join.sendNameAndEmail("Pat Pair", email, "Join event");
  await join.confirmWithMailedCode(email, "Confirm and join");
  await expect(guestPage.getByRole("heading", { name: "You're going!" })).toBeVisible();
  await guestContext.close();

  const attendees = await (await api.get(`/api/v1/events/${eventId}/attendees`)).json();
  expect(attendees.attendees).toEqual([expect.objectContaining({ email, guests: 1 })]);
  expect(JSON.stringify(attendees.attendees[0].answers)).toContain("Bringing a frisbee");
  await api.dispose();
});
