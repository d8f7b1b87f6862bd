import { EditEventPage } from "./pages/edit-event-page";
import { LoginPage } from "./pages/login-page";
import { apiClientFor, expect, expectAccessible, seedVerifiedUser, test, uniqueEmail, waitForHydration } from "./support/fixtures";

// Running an event again (issue 15 item 5): "Duplicate" on the Manage page makes a copy at a new
// time and opens it in the editor.

test("a host duplicates an event from its Manage page and lands in the copy's editor", async ({ page, baseURL }) => {
  const email = uniqueEmail("dup");
  await seedVerifiedUser(email, "host");
  const api = await apiClientFor(baseURL!, email);
  const res = await api.post("/api/v1/events", { data: { title: "Monthly supper club", starts_at: new Date(Date.now() + 4 * 86_400_000).toISOString(), timezone: "Europe/Lisbon", location: "Rua Augusta 1", is_private: true } });
  const { event_id: eventId } = (await res.json()) as { event_id: string };
  await api.dispose();

  await new LoginPage(page).signInTo(email, `/events/${eventId}/manage`);
  await waitForHydration(page);
  const section = page.getByRole("region", { name: "Duplicate this event" });
  await expect(section.getByLabel(/New start/)).toHaveValue(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
  await expectAccessible(page, "/events/[id]/manage");
  await section.getByLabel(/New start/).fill("2031-06-05T20:00");
  await section.getByRole("button", { name: "Duplicate" }).click();

  await expect(page).toHaveURL(/\/events\/[0-9a-f]{24}\/edit\?duplicated=1$/);
  expect(page.url()).not.toContain(eventId);
  await expect(page.getByText("This is your new copy, with its own invite link and no guests yet.")).toBeVisible();
  const edit = new EditEventPage(page);
  await expect(edit.form.title).toHaveValue("Monthly supper club");
  await expect(edit.form.starts).toHaveValue("2031-06-05T20:00");
});
