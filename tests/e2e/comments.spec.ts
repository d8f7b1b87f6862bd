import { CommentsSection } from "./pages/comments-section";
import { EventPage } from "./pages/event-page";
import { LoginPage } from "./pages/login-page";
import { ObjectId } from "mongodb";
import { apiClientFor, expect, expectAccessible, expectNoHorizontalScroll, seedVerifiedUser, test, uniqueEmail, waitForHydration, withAppDb } from "./support/fixtures";

// Comments on the event page (issue 14 item 4): a guest who is going comments with a link, the link
// works, and the host deletes the comment. The event and the join go through the JSON API.

test("a guest comments with a link; the host deletes it", async ({ page, context, baseURL }) => {
  const hostEmail = uniqueEmail("c-host");
  const guestEmail = uniqueEmail("c-guest");
  await seedVerifiedUser(hostEmail, "host");
  const guest = await seedVerifiedUser(guestEmail, "guest");
  const hostApi = await apiClientFor(baseURL!, hostEmail);
  const res = await hostApi.post("/api/v1/events", { data: { title: "Board games night", starts_at: new Date(Date.now() + 5 * 86_400_000).toISOString(), is_private: true } });
  expect(res.status()).toBe(201);
  const { event_id: eventId, event } = await res.json();
  const token = new URL(event.invite_link as string).searchParams.get("token");
  const guestApi = await apiClientFor(baseURL!, guestEmail);
  expect((await guestApi.post("/api/v1/events/join", { data: { event_id: eventId, token } })).status()).toBe(200);
  expect((await hostApi.post(`/api/v1/events/${eventId}/requests/${guest.id}`, { data: { action: "approve" } })).status()).toBe(200);

  // The guest, going: the comments are on the page, empty so far.
  await new LoginPage(page).signInTo(guestEmail, `/events/${eventId}`);
  const eventPage = new EventPage(page);
  const comments = new CommentsSection(page);
  await expect(eventPage.title("Board games night")).toBeVisible();
  await expect(comments.emptyState).toBeVisible();
  await waitForHydration(page);

  // Nothing to send yet: said beside the field, and nothing is posted.
  await comments.postButton.click();
  await expect(comments.formError).toHaveText("Write something first.");
  await expect(comments.field).toBeFocused();

  const text = "I'll bring Catan. Rules: https://example.com/catan-rules.";
  await comments.field.fill(text);
  await expect(comments.counter).toHaveText(`${text.length} / 1000 characters`);
  await comments.postButton.click();
  await expect(comments.status).toHaveText("Your comment is posted.");
  await expect(comments.field).toHaveValue("");
  const mine = comments.comment(guest.username);
  await expect(mine).toContainText("I'll bring Catan. Rules:");
  const link = mine.getByRole("link", { name: "https://example.com/catan-rules" });
  await expect(link).toHaveAttribute("href", "https://example.com/catan-rules");
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", /noopener/);
  await expect(comments.deleteButton(guest.username)).toBeVisible();
  await expectAccessible(page, "/events/[id] with a comment (guest)");
  await expectNoHorizontalScroll(page);

  // The comment is there for everyone who may see it, after a reload too.
  const listed = await (await hostApi.get(`/api/v1/events/${eventId}/comments`)).json();
  expect(listed.comments.map((c: { body: string; can_delete: boolean }) => [c.body, c.can_delete])).toEqual([[text, true]]);

  // The host deletes it, after saying yes.
  await context.clearCookies();
  await new LoginPage(page).signInTo(hostEmail, `/events/${eventId}`);
  await expect(comments.comment(guest.username)).toContainText("I'll bring Catan.");
  await waitForHydration(page);
  await comments.deleteButton(guest.username).click();
  await expect(comments.comment(guest.username).getByText("Delete this comment?")).toBeVisible();
  await expect(comments.comment(guest.username).getByRole("button", { name: "Yes, delete" })).toBeFocused();
  await comments.comment(guest.username).getByRole("button", { name: "Cancel" }).click();
  await expect(comments.deleteButton(guest.username)).toBeFocused();
  await comments.delete(guest.username);
  await expect(comments.status).toHaveText("Comment deleted.");
  await expect(comments.comments).toHaveCount(0);
  await expect(comments.emptyState).toBeVisible();
  await expectAccessible(page, "/events/[id] after deleting a comment (host)");

  expect((await (await guestApi.get(`/api/v1/events/${eventId}/comments`)).json()).comments).toEqual([]);
  await page.reload();
  await expect(comments.emptyState).toBeVisible();
  await hostApi.dispose();
  await guestApi.dispose();
});

test("a guest still waiting for approval sees no comments", async ({ page, baseURL }) => {
  test.skip(test.info().project.name !== "desktop", "the same page for every browser");
  const hostEmail = uniqueEmail("c-host");
  const guestEmail = uniqueEmail("c-wait");
  await seedVerifiedUser(hostEmail, "host");
  await seedVerifiedUser(guestEmail, "guest");
  const hostApi = await apiClientFor(baseURL!, hostEmail);
  const { event_id: eventId, event } = await (await hostApi.post("/api/v1/events", { data: { title: "Secret supper", starts_at: new Date(Date.now() + 5 * 86_400_000).toISOString(), is_private: true } })).json();
  expect((await hostApi.post(`/api/v1/events/${eventId}/comments`, { data: { body: "Menu coming soon" } })).status()).toBe(201);
  const guestApi = await apiClientFor(baseURL!, guestEmail);
  const token = new URL(event.invite_link as string).searchParams.get("token");
  expect((await guestApi.post("/api/v1/events/join", { data: { event_id: eventId, token } })).status()).toBe(200);

  await new LoginPage(page).signInTo(guestEmail, `/events/${eventId}`);
  await expect(new EventPage(page).waitingForApproval).toBeVisible();
  await expect(new CommentsSection(page).region).toHaveCount(0);
  await expect(page.getByText("Menu coming soon")).toHaveCount(0);
  expect((await guestApi.get(`/api/v1/events/${eventId}/comments`)).status()).toBe(403);
  await hostApi.dispose();
  await guestApi.dispose();
});

test("older comments load on demand, newest first", async ({ page, baseURL }) => {
  test.skip(test.info().project.name !== "desktop", "the same page for every browser");
  const hostEmail = uniqueEmail("c-host");
  const host = await seedVerifiedUser(hostEmail, "host");
  const hostApi = await apiClientFor(baseURL!, hostEmail);
  const { event_id: eventId } = await (await hostApi.post("/api/v1/events", { data: { title: "Book club", starts_at: new Date(Date.now() + 5 * 86_400_000).toISOString(), is_private: false } })).json();
  await hostApi.dispose();
  // 25 comments, a minute apart, straight into the database.
  const start = Date.now() - 60 * 60_000;
  await withAppDb((db) =>
    db.collection("comments").insertMany(
      Array.from({ length: 25 }, (_, i) => ({ _id: new ObjectId(), event_id: new ObjectId(eventId), author_id: new ObjectId(host.id), body: `Note ${i + 1}`, created_at: new Date(start + i * 60_000) })),
    ),
  );

  await new LoginPage(page).signInTo(hostEmail, `/events/${eventId}`);
  const comments = new CommentsSection(page);
  await expect(comments.comments).toHaveCount(20);
  await expect(comments.comments.first()).toContainText("Note 25");
  await waitForHydration(page);
  await comments.olderButton.click();
  await expect(comments.comments).toHaveCount(25);
  await expect(comments.status).toHaveText("5 older comments shown.");
  await expect(comments.comments.last()).toContainText("Note 1");
  await expect(comments.olderButton).toHaveCount(0);
});
