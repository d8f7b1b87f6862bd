import { createHmac, hkdfSync } from "node:crypto";
import { apiClientFor, expect, expectAccessible, expectNoHorizontalScroll, seedVerifiedUser, test, uniqueEmail, withAppDb } from "./support/fixtures";

// A reminder's "stop reminders for this event" link (issue 14): one button, so a mail scanner that
// follows links changes nothing; a link that was tampered with says so and names nothing.

/** The link a reminder carries (lib/events/reminders.ts unsubscribeUrls): signed with a key derived from AUTH_SECRET. */
function stopLink(eventId: string, userId: string): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: run through `npm run test:e2e` (scripts/with-db.mjs).");
  const key = Buffer.from(hkdfSync("sha256", secret, "invyta", "invyta reminders-off v1", 32));
  const s = createHmac("sha256", key).update(`${eventId}:${userId}`).digest("hex").slice(0, 32);
  return `/reminders/unsubscribe?${new URLSearchParams({ e: eventId, u: userId, s })}`;
}

test("a guest stops an event's reminders from the link in one, and a tampered link does nothing", async ({ page, baseURL }) => {
  const hostEmail = uniqueEmail("reminding");
  await seedVerifiedUser(hostEmail, "host");
  const host = await apiClientFor(baseURL!, hostEmail);
  const created = (await (await host.post("/api/v1/events", { data: { title: "Sunrise hike", starts_at: new Date(Date.now() + 3 * 86_400_000).toISOString(), is_private: false } })).json()) as {
    event_id: string;
    event: { invite_link: string };
  };
  await host.dispose();
  const guestEmail = uniqueEmail("hiker");
  const guest = await seedVerifiedUser(guestEmail, "hiker");
  const api = await apiClientFor(baseURL!, guestEmail);
  expect((await api.post("/api/v1/events/join", { data: { event_id: created.event_id, token: new URL(created.event.invite_link).searchParams.get("token") } })).status()).toBe(200);
  await api.dispose();

  // Opening the link alone changes nothing.
  await page.goto(stopLink(created.event_id, guest.id));
  await expect(page.getByRole("heading", { level: 1, name: "Stop reminders for this event?" })).toBeVisible();
  const membership = () => withAppDb((db) => db.collection("attendances").findOne({ _id: `${created.event_id}:${guest.id}` as never }));
  expect((await membership())?.reminders_off).toBeUndefined();
  await expectAccessible(page, "/reminders/unsubscribe");
  await expectNoHorizontalScroll(page);

  await page.getByRole("button", { name: "Stop reminders" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reminders are off" })).toBeVisible();
  expect((await membership())?.reminders_off).toBe(true);
  expect((await membership())?.status).toBe("attending"); // still going

  // Someone else's id under this signature: refused, and the page says nothing about the event.
  const other = await seedVerifiedUser(uniqueEmail("other"), "other");
  await page.goto(stopLink(created.event_id, guest.id).replace(guest.id, other.id));
  await page.getByRole("button", { name: "Stop reminders" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "This link doesn't work" })).toBeVisible();
  await expect(page.getByText("Sunrise hike")).toHaveCount(0);
  await expectAccessible(page, "/reminders/unsubscribe (invalid)");
});
