import { randomBytes } from "node:crypto";
import jsQR from "jsqr";
import type { APIRequestContext, Page } from "@playwright/test";
import { ObjectId } from "mongodb";
import { apiClientFor, expect, expectAccessible, expectNoHorizontalScroll, newPersonContext, seedVerifiedUser, signInTo, signUpHere, test, uniqueEmail, usernameOf, withAppDb } from "./support/fixtures";

const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

// The organizer's browser runs in New York; the event is in Berlin, so "your time" differs.
test.use({ timezoneId: "America/New_York" });

// "Now" is read once per test file, so a test that runs across midnight (UTC) still expects the
// date it typed in.
const NOW = Date.now();

/** A wall-clock time `days` from now at 19:00, as a datetime-local input takes it. */
function daysAhead(days: number): string {
  const d = new Date(NOW + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T19:00`;
}

type NewEvent = { title: string; isPrivate: boolean; capacity?: number };

/** On /events/new: fill in and submit the form; lands on the new event's manage page. Returns its id. */
async function createEvent(page: Page, event: NewEvent): Promise<string> {
  // Hydrated: a new event defaults to the browser's own time zone.
  await expect(page.getByLabel("Time zone")).toHaveValue("America/New_York");
  await page.getByLabel("Title").fill(event.title);
  await page.getByLabel("Description").fill("Drinks on the roof.\nDetails: https://example.com/party");
  await page.getByLabel("Starts", { exact: true }).fill(daysAhead(10));
  await page.getByLabel("Time zone").selectOption("Europe/Berlin");
  await page.getByLabel("Location (optional)").fill("Rooftop, Torstraße 1, Berlin");
  if (event.capacity) await page.getByLabel("Capacity (optional)").fill(String(event.capacity));
  await page.getByRole("radio", { name: event.isPrivate ? /^Private/ : /^Public/ }).check();
  const tags = page.getByLabel("Tags (optional)");
  await tags.fill("party");
  await tags.press("Enter");
  await expect(page.getByRole("button", { name: "Remove party" })).toBeVisible();
  await page.getByRole("main").getByRole("button", { name: "Create event" }).click();
  await expect(page).toHaveURL(/\/events\/[0-9a-f]{24}\/manage$/);
  return /\/events\/([0-9a-f]{24})\/manage/.exec(page.url())![1]!;
}

/** The invite link shown on the manage page. */
async function inviteLinkOn(page: Page): Promise<string> {
  return page.getByRole("textbox", { name: "Invite link" }).inputValue();
}

/**
 * Reads the QR canvas's pixels in the page and decodes them here. The pixels travel as one
 * base64 string of gray levels (a phone's 2x canvas is ~1 M numbers as a JSON array).
 */
async function decodeQr(page: Page): Promise<string | null> {
  const { gray, width, height } = await page.getByTestId("invite-qr").evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    const levels = new Uint8Array(canvas.width * canvas.height);
    for (let i = 0; i < levels.length; i++) levels[i] = Math.round((data[i * 4]! + data[i * 4 + 1]! + data[i * 4 + 2]!) / 3);
    let binary = "";
    for (let i = 0; i < levels.length; i += 8192) binary += String.fromCharCode(...levels.subarray(i, i + 8192));
    return { gray: btoa(binary), width: canvas.width, height: canvas.height };
  });
  const levels = Buffer.from(gray, "base64");
  const rgba = new Uint8ClampedArray(levels.length * 4);
  levels.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
  return jsQR(rgba, width, height)?.data ?? null;
}

/** A verified host straight into the database, and a JSON API client signed in as them. */
async function seededHost(baseURL: string, email: string): Promise<APIRequestContext> {
  await seedVerifiedUser(email, "host");
  return apiClientFor(baseURL, email);
}

/**
 * A host (who can sign in with PASSWORD) with a private event that has `guests` attending and
 * `requests` waiting, all seeded straight into the database: joining hundreds through the pages
 * would take minutes.
 */
async function seedBigEvent(baseURL: string, guests: number, requests: number) {
  const email = uniqueEmail("host");
  const title = `Crowded hall ${email.slice(5, 11)}`;
  const api = await seededHost(baseURL, email);
  const created = await api.post("/api/v1/events", { data: { title, date: daysAhead(20).slice(0, 10), is_private: true, tags: ["party"] } });
  expect(created.status(), await created.text()).toBe(201);
  const eventId: string = (await created.json()).event_id;
  await api.dispose();
  await withAppDb(async (db) => {
    const tag = randomBytes(3).toString("hex");
    const people = Array.from({ length: guests + requests }, (_, i) => ({
      _id: new ObjectId(),
      email: `crowd-${tag}-${i}@example.com`,
      emailVerified: new Date(),
      username: `crowd_${tag}_${i}`,
      username_lower: `crowd_${tag}_${i}`,
      favorites: [],
      created_at: new Date(),
    }));
    await db.collection("users").insertMany(people);
    const base = Date.now() - 86_400_000;
    await db.collection<{ _id: string }>("attendances").insertMany(
      people.map((p, i) => ({
        _id: `${eventId}:${p._id.toHexString()}`,
        event_id: new ObjectId(eventId),
        user_id: p._id,
        status: i < guests ? "attending" : "pending",
        waitlisted_at: null,
        created_at: new Date(base + i),
        updated_at: new Date(base + i),
      })),
    );
    await db
      .collection("events")
      // Without faces, the event page builds them from the memberships on its first view.
      .updateOne({ _id: new ObjectId(eventId) }, { $set: { counts: { pending: requests, waitlisted: 0, attending: guests, maybe: 0, not_attending: 0 } }, $unset: { faces: "" } });
  });
  return { email, title, eventId };
}

test.describe("events", () => {
  test("organizer creates a private event, a guest joins from the QR link on a phone, is approved and RSVPs", async ({ page, browser, baseURL }) => {
    test.setTimeout(240_000);
    const organizerEmail = uniqueEmail("org");
    const guestEmail = uniqueEmail("guest");
    const guestName = usernameOf(guestEmail);
    const title = `Rooftop party ${guestEmail.slice(6, 12)}`;

    // The organizer signs up and lands on an empty dashboard.
    await page.goto("/signup");
    await signUpHere(page, organizerEmail);
    await expect(page).toHaveURL(/\/events$/);
    await expect(page.getByRole("heading", { level: 1, name: "My events" })).toBeVisible();
    await expect(page.getByText("You're not hosting anything yet.")).toBeVisible();
    await expectAccessible(page, "/events (empty)");
    await expectNoHorizontalScroll(page);

    await page.getByRole("main").getByRole("link", { name: "Create event", exact: true }).click();
    await expect(page).toHaveURL(/\/events\/new$/);
    await expectAccessible(page, "/events/new");
    await expectNoHorizontalScroll(page);
    // The form checks with the server's schema before sending.
    await page.getByRole("main").getByRole("button", { name: "Create event" }).click();
    await expect(page.getByText("Give the event a title.")).toBeVisible();
    const eventId = await createEvent(page, { title, isPrivate: true, capacity: 10 });

    // Manage: the invite link, copied; its QR code decodes to the same link.
    await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
    await expectAccessible(page, "/events/[id]/manage");
    await expectNoHorizontalScroll(page);
    const link = await inviteLinkOn(page);
    expect(link).toBe(`${baseURL}/events/join?event_id=${eventId}&token=${new URL(link).searchParams.get("token")}`);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    await page.getByRole("button", { name: "Copy link" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await expect.poll(() => decodeQr(page), { message: "the QR code decodes to the invite link" }).toBe(link);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download PNG" }).click();
    expect((await download).suggestedFilename()).toBe(`rooftop-party-${title.slice(-6)}-invite.png`);

    // Invite by email.
    await page.getByLabel("Email addresses").fill(`${uniqueEmail("friend")}, not-an-address`);
    await page.getByRole("button", { name: "Send invites" }).click();
    await expect(page.getByText("One of the addresses is not a valid email.")).toBeVisible();
    await page.getByLabel("Email addresses").fill(uniqueEmail("friend"));
    await page.getByRole("button", { name: "Send invites" }).click();
    await expect(page.getByText("Sent 1 invite.")).toBeVisible();

    // A guest opens the link on a phone (another person, another browser), signs up through it…
    const guestContext = await newPersonContext(browser, { ...PHONE, timezoneId: "Asia/Tokyo" });
    const guest = await guestContext.newPage();
    const guestErrors: string[] = [];
    guest.on("pageerror", (err) => guestErrors.push(err.message));
    await guest.goto(link);
    await expect(guest.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(guest.getByText("Rooftop, Torstraße 1, Berlin")).toBeVisible();
    await expect(guest.getByText(usernameOf(organizerEmail))).toBeVisible();
    await expectAccessible(guest, "/events/join (signed out)");
    await expectNoHorizontalScroll(guest);
    await guest.getByRole("link", { name: "Sign up to join" }).click();
    await expect(guest).toHaveURL(/\/signup\?next=/);
    await expectNoHorizontalScroll(guest);
    await signUpHere(guest, guestEmail);

    // …comes back to the join page and asks to join.
    await expect(guest).toHaveURL(/\/events\/join\?event_id=/);
    await expect(guest.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expectAccessible(guest, "/events/join (signed in)");
    await expectNoHorizontalScroll(guest);
    await guest.getByRole("button", { name: "Join event" }).click();
    await expect(guest.getByRole("heading", { name: "Request sent — waiting for the host's approval" })).toBeVisible();
    await expectAccessible(guest, "/events/join (requested)");
    await expectNoHorizontalScroll(guest);
    await guest.getByRole("link", { name: "Go to the event page" }).click();
    await expect(guest).toHaveURL(new RegExp(`/events/${eventId}$`));
    await expect(guest.getByText("Waiting for the host's approval.")).toBeVisible();
    await expect(guest.getByRole("button", { name: "Maybe" })).toHaveCount(0);

    // The organizer approves the request.
    await page.reload();
    await expect(page.getByRole("heading", { name: /Join requests \(1\)/ })).toBeVisible();
    await expect(page.getByTestId("count-pending")).toHaveText("1");
    await page.getByRole("button", { name: `Approve ${guestName}` }).click();
    await expect(page.getByText(`Approved ${guestName}.`)).toBeVisible();
    await expect(page.getByRole("heading", { name: /Join requests \(0\)/ })).toBeVisible();
    await expect(page.getByTestId("count-attending")).toHaveText("1 / 10");
    await expectAccessible(page, "/events/[id]/manage (with a guest)");

    // The guest answers Maybe on the event page, in their own time zone.
    await guest.reload();
    await expect(guest.getByRole("button", { name: "Attending", exact: true })).toHaveAttribute("aria-pressed", "true");
    await expect(guest.getByText(/^Your time:/)).toContainText("GMT+9");
    await guest.getByRole("button", { name: "Maybe" }).click();
    await expect(guest.getByRole("button", { name: "Maybe" })).toHaveAttribute("aria-pressed", "true");
    await expect(guest.getByText("Saved: Maybe.")).toBeVisible();
    await expect(guest.getByTestId("count-maybe")).toHaveText("1");
    await expect(guest.getByRole("heading", { name: "Guest list" })).toBeVisible();
    await expectAccessible(guest, "/events/[id] (guest)");
    await expectNoHorizontalScroll(guest);
    // The calendar file works for a private event with the guest's session.
    const ics = await guest.request.get(`/events/${eventId}/calendar.ics`);
    expect(ics.status()).toBe(200);
    expect(ics.headers()["content-type"]).toContain("text/calendar");
    expect(await ics.text()).toContain(`SUMMARY:${title}`);
    expect(guestErrors).toEqual([]);
    await guestContext.close();

    // The organizer sees the counts change.
    await page.goto(`/events/${eventId}`);
    await expect(page.getByTestId("count-maybe")).toHaveText("1");
    await expect(page.getByTestId("count-attending")).toHaveText("0 / 10");
    await expect(page.getByRole("link", { name: "Manage" })).toBeVisible();
    await expectAccessible(page, "/events/[id] (host)");
    await expectNoHorizontalScroll(page);
    const csv = await page.request.get(`/events/${eventId}/guests.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename=".+-guests\.csv"$/);
    expect(csv.headers()["cache-control"]).toContain("no-store");
    const csvText = await csv.text();
    expect(csvText).toContain("username,email,status,joined_at");
    expect(csvText).toContain(`${guestName},${guestEmail},maybe,`);

    // The dashboard lists it under hosting, with its counts.
    await page.goto("/events");
    const card = page.getByRole("article").filter({ hasText: title });
    await expect(card.getByRole("link", { name: title, exact: true })).toBeVisible();
    await expect(card.getByText("Private")).toBeVisible();
    await expect(card.getByTestId("count-maybe")).toHaveText("1");
    await expectAccessible(page, "/events (hosting)");

    // Edit, then delete with a confirmation dialog.
    await page.goto(`/events/${eventId}/edit`);
    await expectAccessible(page, "/events/[id]/edit");
    await expectNoHorizontalScroll(page);
    await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
    await expect(page.getByLabel("Starts", { exact: true })).toHaveValue(daysAhead(10));
    await page.getByLabel("Title").fill(`${title} (moved)`);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page).toHaveURL(new RegExp(`/events/${eventId}$`));
    await expect(page.getByRole("heading", { level: 1, name: `${title} (moved)` })).toBeVisible();

    await page.goto(`/events/${eventId}/edit`);
    await page.getByRole("button", { name: "Delete event" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this event?" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("button", { name: "Delete event" })).toBeFocused();
    await page.getByRole("button", { name: "Delete event" }).click();
    await dialog.getByRole("button", { name: "Yes, delete event" }).click();
    await expect(page).toHaveURL(/\/events$/);
    await expect(page.getByText("You're not hosting anything yet.")).toBeVisible();
  });

  test("a wrong, unknown or rotated invite link shows one page that says nothing about the event", async ({ page, browser }) => {
    test.setTimeout(120_000);
    const organizerEmail = uniqueEmail("rot");
    const title = `Secret picnic ${organizerEmail.slice(4, 10)}`;
    await page.goto("/signup?next=%2Fevents%2Fnew");
    await signUpHere(page, organizerEmail);
    await expect(page).toHaveURL(/\/events\/new$/);
    const eventId = await createEvent(page, { title, isPrivate: true });
    const link = await inviteLinkOn(page);

    const visitor = await (await newPersonContext(browser, PHONE)).newPage();
    const broken = [
      link.replace(/token=[^&]+/, "token=not-the-token"),
      link.replace(eventId, "0123456789abcdef01234567"),
      `/events/join?event_id=${eventId}`,
    ];
    for (const url of broken) {
      expect((await visitor.goto(url))?.status()).toBe(404);
      await expect(visitor.getByRole("heading", { level: 1, name: "This invite link doesn't work" })).toBeVisible();
      await expect(visitor.locator("body")).not.toContainText(title);
      await expect(visitor).not.toHaveTitle(new RegExp(title));
    }
    await expectAccessible(visitor, "/events/join (broken link)");
    await expectNoHorizontalScroll(visitor);

    // Rotating the link retires the old one at once.
    await page.getByRole("button", { name: "Rotate link" }).click();
    await expect(page.getByRole("button", { name: "Yes, rotate link" })).toBeFocused();
    await page.getByRole("button", { name: "Yes, rotate link" }).click();
    await expect(page.getByText("New link ready. The old link and QR code no longer work.")).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Invite link" })).not.toHaveValue(link);
    const rotated = await inviteLinkOn(page);
    await expect.poll(() => decodeQr(page)).toBe(rotated);

    expect((await visitor.goto(link))?.status()).toBe(404);
    await expect(visitor.getByRole("heading", { level: 1, name: "This invite link doesn't work" })).toBeVisible();
    await expect(visitor.locator("body")).not.toContainText(title);
    expect((await visitor.goto(rotated))?.status()).toBe(200);
    await expect(visitor.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await visitor.context().close();
  });

  test("a host with hundreds of guests pages through them, and approves every request at once", async ({ page, baseURL }) => {
    test.setTimeout(120_000);
    const { email, title, eventId } = await seedBigEvent(baseURL!, 130, 120);
    await signInTo(page, email, `/events/${eventId}/manage`);

    // The first page of each list, and how many there are in all.
    const requests = page.getByRole("region", { name: /^Join requests/ });
    const guests = page.getByRole("region", { name: /^Guest list/ });
    await expect(requests.getByRole("heading", { name: "Join requests (120)" })).toBeVisible();
    await expect(guests.getByRole("heading", { name: "Guest list (130)" })).toBeVisible();
    await expect(requests.getByRole("listitem")).toHaveCount(100);
    await expect(guests.getByRole("listitem")).toHaveCount(100);
    await expect(guests.getByRole("link", { name: "Back to the first page of guests" })).toHaveCount(0);
    await expectNoHorizontalScroll(page);

    // "Show more", from the keyboard: the next page of guests; the requests stay where they were.
    const moreGuests = guests.getByRole("link", { name: "Show more guests" });
    await moreGuests.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/manage\?guests=[A-Za-z0-9_-]+#guests-title$/);
    await expect(guests.getByRole("listitem")).toHaveCount(30);
    await expect(guests.getByRole("link", { name: "Show more guests" })).toHaveCount(0);
    await expect(guests.getByRole("listitem").last()).toContainText("_129");
    await expect(requests.getByRole("listitem")).toHaveCount(100);
    await requests.getByRole("link", { name: "Show more join requests" }).click();
    await expect(page).toHaveURL(/\?guests=[A-Za-z0-9_-]+&requests=[A-Za-z0-9_-]+#requests-title$/);
    await expect(requests.getByRole("listitem")).toHaveCount(20);
    await expect(guests.getByRole("listitem")).toHaveCount(30);
    await expectAccessible(page, "/events/[id]/manage (later pages)");
    await expectNoHorizontalScroll(page);
    await guests.getByRole("link", { name: "Back to the first page of guests" }).click();
    await expect(guests.getByRole("listitem")).toHaveCount(100);
    await expect(requests.getByRole("listitem")).toHaveCount(20);

    // The event page shows the first faces (kept in the event document) and says how many more are coming.
    await page.goto(`/events/${eventId}`);
    const list = page.getByRole("region", { name: "Guest list" });
    await expect(list.getByText("130 going")).toBeVisible();
    await expect(list.getByRole("listitem")).toHaveCount(12);
    await expect(list.getByRole("link", { name: /crowd_[0-9a-f]+_0$/ })).toBeVisible();
    await expect(list.getByText("And 118 more guests.")).toBeVisible();
    await expect(list.getByRole("link", { name: "See everyone on the Manage page" })).toBeVisible();
    await expectNoHorizontalScroll(page);

    // Approve all decides every request, not just the ones on the page.
    await page.goto(`/events/${eventId}/manage`);
    await requests.getByRole("button", { name: "Approve all 120" }).click();
    await expect(requests.getByText("Approved 120 requests.")).toBeVisible({ timeout: 30_000 });
    await expect(requests.getByRole("heading", { name: "Join requests (0)" })).toBeVisible();
    await expect(guests.getByRole("heading", { name: "Guest list (250)" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  });

  test("a host of many events pages through them on the dashboard", async ({ page, baseURL }) => {
    test.setTimeout(120_000);
    const email = uniqueEmail("busy");
    const api = await seededHost(baseURL!, email);
    // One more than a page (50), soonest first: "Busy day 01" … "Busy day 51".
    for (let i = 1; i <= 51; i++) {
      const created = await api.post("/api/v1/events", {
        data: { title: `Busy day ${String(i).padStart(2, "0")}`, date: daysAhead(i).slice(0, 10), is_private: i % 2 === 0 },
      });
      expect(created.status(), await created.text()).toBe(201);
    }
    await api.dispose();

    await signInTo(page, email, "/events");
    const hosting = page.getByRole("region", { name: "Events I'm hosting" });
    await expect(hosting.getByRole("article")).toHaveCount(50);
    await expect(hosting.getByRole("article").first()).toContainText("Busy day 01");
    await expect(hosting.getByRole("article").last()).toContainText("Busy day 50");
    await expectAccessible(page, "/events (a full page)");
    await expectNoHorizontalScroll(page);

    await hosting.getByRole("link", { name: "Show more upcoming events I'm hosting" }).click();
    await expect(hosting.getByRole("article")).toHaveCount(1);
    await expect(hosting.getByRole("article")).toContainText("Busy day 51");
    await hosting.getByRole("link", { name: "Back to the first page of upcoming events I'm hosting" }).click();
    await expect(hosting.getByRole("article")).toHaveCount(50);
  });
});
