import { JoinPage } from "./pages/join-page";
import { LoginPage } from "./pages/login-page";
import { ManagePage } from "./pages/manage-page";
import { NewEventPage } from "./pages/new-event-page";
import { expect, expectAccessible, expectNoHorizontalScroll, newPersonContext, seedVerifiedUser, test, uniqueEmail, waitForHydration } from "./support/fixtures";

// Questions for guests (issue 15 item 3): the host asks in the event form, a guest answers on the
// join page, and the host reads the answer on the guest list.

test("a host asks questions, a guest answers them to join, and the host sees the answers", async ({ page, browser, baseURL }, testInfo) => {
  const hostEmail = uniqueEmail("ask");
  await seedVerifiedUser(hostEmail, "host");
  await new LoginPage(page).signInTo(hostEmail, "/events/new");
  await waitForHydration(page);

  const newEvent = new NewEventPage(page);
  const { form } = newEvent;
  await form.title.fill("Supper with questions");
  await form.starts.fill(`${new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)}T19:00`);
  await form.addQuestion(1, { label: "Dietary needs", kind: "One choice", choices: ["Vegan", "Vegetarian", "Anything"], required: true });
  await form.addQuestion(2, { label: "I agree to the house rules", kind: "Checkbox (e.g. I agree to the house rules)", required: true });
  await form.addQuestion(3, { label: "Remove me" });
  await form.question(3).remove.click();
  await expect(form.question(3).group).toHaveCount(0);
  await expect(form.question(1).choices).toHaveValue("Vegan\nVegetarian\nAnything");
  await expectAccessible(page, "/events/new with questions");
  await newEvent.createButton.click();
  await expect(page).toHaveURL(/\/events\/[0-9a-f]{24}\/manage$/);

  const manage = new ManagePage(page);
  const link = await manage.inviteLinkField.inputValue();

  // The guest, on a phone on the desktop run too: the join page is what a QR code opens.
  const guestEmail = uniqueEmail("answer");
  const { username } = await seedVerifiedUser(guestEmail, "guest");
  const guestContext = await newPersonContext(browser, testInfo.project.name === "phone" ? { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } : {});
  const guestPage = await guestContext.newPage();
  await new LoginPage(guestPage).signInTo(guestEmail, new URL(link).pathname + new URL(link).search);
  await waitForHydration(guestPage);
  const join = new JoinPage(guestPage);
  await expect(join.choices("Dietary needs")).toBeVisible();
  await expectAccessible(guestPage, "/events/join with questions");
  await expectNoHorizontalScroll(guestPage);

  // Unanswered: each required question says so beside itself, and nothing is sent.
  await join.join();
  await expect(guestPage.getByText("Choose an answer for “Dietary needs”.")).toBeVisible();
  await expect(guestPage.getByText("Tick “I agree to the house rules” to continue.")).toBeVisible();
  await expect(join.choices("Dietary needs").getByRole("radio").first()).toBeFocused();
  await expectAccessible(guestPage, "/events/join with answer errors");

  await join.choices("Dietary needs").getByLabel("Vegan").check();
  await join.answer("I agree to the house rules").check();
  await join.join();
  await expect(guestPage.getByRole("heading", { name: "You're going!" })).toBeVisible();
  await guestContext.close();

  await page.reload();
  const guest = manage.guests.getByRole("listitem").filter({ hasText: username });
  await expect(guest.getByText("Dietary needs")).toBeVisible();
  await expect(guest.getByText("Vegan", { exact: true })).toBeVisible();
  await expect(guest.getByText("I agree to the house rules")).toBeVisible();
  await expect(guest.getByText("Yes", { exact: true })).toBeVisible();
  await expectAccessible(page, "/events/[id]/manage with answers");
  expect(baseURL).toBeTruthy();
});
