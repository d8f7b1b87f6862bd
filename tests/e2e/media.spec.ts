import { randomBytes } from "node:crypto";
import { request as playwrightRequest } from "@playwright/test";
import sharp from "sharp";
import { EventPage } from "./pages/event-page";
import { LoginPage } from "./pages/login-page";
import { MediaPage } from "./pages/media-page";
import { ModerationPage } from "./pages/moderation-page";
import { apiClientFor, expect, expectAccessible, expectNoHorizontalScroll, newPersonContext, seedVerifiedUser, test, uniqueEmail } from "./support/fixtures";

// Event media in the browser: an attendee uploads a photo (and sees a fake one refused), the host
// approves it on the moderation page, another guest sees it in the gallery on a phone and opens it
// in the lightbox. People are seeded straight into the app's database (sign-up has its own spec);
// the event, the joins and the approvals go through the JSON API; everything else through the pages.

const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

type Person = { email: string; username: string; id: string };

async function seedPeople(n: number): Promise<Person[]> {
  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    const email = uniqueEmail("media");
    people.push({ email, ...(await seedVerifiedUser(email, "media")) });
  }
  return people;
}

test.describe("event media", () => {
  test("an attendee uploads a photo, the host approves it, another guest opens it in the lightbox", async ({ page, browser, baseURL }) => {
    test.setTimeout(180_000);
    const [host, attendee, guest] = await seedPeople(3);
    const hostApi = await apiClientFor(baseURL!, host!.email);
    const attendeeApi = await apiClientFor(baseURL!, attendee!.email);
    const guestApi = await apiClientFor(baseURL!, guest!.email);

    // A private event; both guests join with the invite link and the host lets them in.
    const created = await hostApi.post("/api/v1/events", {
      data: { title: `Beach day ${randomBytes(2).toString("hex")}`, date: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10), is_private: true },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { event_id: eventId, event } = await created.json();
    const token = new URL(event.invite_link).searchParams.get("token");
    for (const [api, person] of [
      [attendeeApi, attendee!],
      [guestApi, guest!],
    ] as const) {
      expect((await api.post("/api/v1/events/join", { data: { event_id: eventId, token } })).status()).toBe(200);
      const approved = await hostApi.post(`/api/v1/events/${eventId}/requests/${person.id}`, { data: { action: "approve" } });
      expect(approved.status(), await approved.text()).toBe(200);
    }
    const mediaPath = `/events/${eventId}/media`;

    // The attendee, on a phone, adds two photos through the file picker (and one fake), on the event page.
    const eventPath = `/events/${eventId}`;
    const attendeeContext = await newPersonContext(browser, PHONE);
    const attendeePage = await attendeeContext.newPage();
    await new LoginPage(attendeePage).signInTo(attendee!.email, eventPath);
    const attendeeEvent = new EventPage(attendeePage);
    await expect(attendeeEvent.mediaText("Nothing here yet.")).toBeVisible();
    await expect(attendeeEvent.addMediaHeading).toBeVisible();
    await expectAccessible(attendeePage, "/events/[id] (attendee, no media yet)");
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 250, g: 170, b: 60 } } })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 0/1" } })
      .toBuffer();
    const beach = await sharp({ create: { width: 640, height: 640, channels: 3, background: { r: 40, g: 140, b: 220 } } }).png().toBuffer();
    // Every state each upload row passes through, in order: once every byte is out and the server is
    // still working, the row says it is processing (too brief to wait for, so it is recorded).
    await attendeePage.evaluate(() => {
      const seen: Record<string, string[]> = {};
      (window as unknown as { uploadStates: typeof seen }).uploadStates = seen;
      const note = (row: Element) => {
        const name = row.querySelector("p")?.firstChild?.textContent?.trim() ?? "?";
        const state = row.getAttribute("data-state") ?? "?";
        const list = (seen[name] ??= []);
        if (list.at(-1) !== state) list.push(state);
      };
      new MutationObserver(() => document.querySelectorAll("[data-testid=upload-row]").forEach(note)).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ["data-state"],
      });
    });
    await attendeeEvent.mediaPicker.setInputFiles([
      { name: "sunset.jpg", mimeType: "image/jpeg", buffer: photo },
      { name: "beach.png", mimeType: "image/png", buffer: beach },
      { name: "not-a-photo.jpg", mimeType: "image/jpeg", buffer: Buffer.from("<!doctype html><title>hi</title>") },
    ]);
    await expect(attendeeEvent.uploadRow("sunset.jpg")).toContainText("The host will review it");
    await expect(attendeeEvent.uploadRow("beach.png")).toContainText("The host will review it");
    // The server's own words for the refused file.
    await expect(attendeeEvent.uploadRow("not-a-photo.jpg")).toContainText("not a photo or video we can take");
    const states = await attendeePage.evaluate(() => (window as unknown as { uploadStates: Record<string, string[]> }).uploadStates);
    expect(states["sunset.jpg"]).toEqual(expect.arrayContaining(["uploading", "processing", "done"]));
    expect(states["sunset.jpg"]!.indexOf("processing")).toBeLessThan(states["sunset.jpg"]!.indexOf("done"));
    // Their own uploads show in the gallery, marked as waiting.
    const ownTiles = attendeeEvent.mediaTiles;
    await expect(ownTiles).toHaveCount(2);
    await expect(ownTiles.first()).toContainText("Waiting for approval");
    await expectAccessible(attendeePage, "/events/[id] (attendee, after upload)");
    await expectNoHorizontalScroll(attendeePage);

    // The other guest does not see it yet.
    const pendingList = await (await guestApi.get(`/api/v1/events/${eventId}/media`)).json();
    expect(pendingList.media).toEqual([]);

    // The host sees them waiting on the event page and approves them on the moderation page.
    await new LoginPage(page).signInTo(host!.email, eventPath);
    const hostEvent = new EventPage(page);
    await expect(hostEvent.media).toContainText("2 waiting for your review.");
    await hostEvent.reviewUploadsLink.click();
    await expect(page).toHaveURL(new RegExp(`/events/${eventId}/moderation$`));
    const moderation = new ModerationPage(page);
    await expect(moderation.heading).toContainText("Review photos");
    await expect(moderation.count("pending")).toHaveText("2");
    await expect(moderation.items).toHaveCount(2);
    await expect(moderation.photos(attendee!.username)).toHaveCount(2);
    await expectAccessible(page, "/events/[id]/moderation");
    await expectNoHorizontalScroll(page);
    // One with its own button…
    await moderation.approve("sunset.jpg");
    await expect(moderation.message("Approved sunset.jpg.")).toBeVisible();
    await expect(moderation.count("pending")).toHaveText("1");
    // …one by checking it, from the keyboard.
    await moderation.checkbox(/beach\.png/).focus();
    await page.keyboard.press("Space");
    await expect(moderation.approveSelectedButton(1)).toBeEnabled();
    await moderation.approveSelectedButton(1).press("Enter");
    await expect(moderation.message("Approved 1 item.")).toBeVisible();
    await expect(moderation.count("pending")).toHaveText("0");
    await expect(moderation.count("approved")).toHaveText("2");
    await expect(moderation.nothingWaiting).toBeVisible();
    await page.setViewportSize({ width: 375, height: 812 });
    await moderation.approvedTab.click();
    await expect(moderation.items).toHaveCount(2);
    await expectAccessible(page, "/events/[id]/moderation?status=approved (375 px)");
    await expectNoHorizontalScroll(page);

    // The other guest, on a phone, sees both on the event page, then in the gallery, and opens one.
    const guestContext = await newPersonContext(browser, PHONE);
    const guestPage = await guestContext.newPage();
    await new LoginPage(guestPage).signInTo(guest!.email, eventPath);
    const guestEvent = new EventPage(guestPage);
    await expect(guestEvent.photoButtons(attendee!.username)).toHaveCount(2);
    await guestEvent.galleryLink.click();
    await expect(guestPage).toHaveURL(new RegExp(`${mediaPath}$`));
    const gallery = new MediaPage(guestPage);
    await expect(gallery.heading).toContainText("Photos & videos");
    const tiles = gallery.tiles(attendee!.username);
    await expect(tiles).toHaveCount(2);
    const tile = gallery.withPreview(tiles).first();
    await expect(tile).toBeVisible();
    const preview = gallery.preview(tile);
    await expect(preview).toHaveAttribute("loading", "lazy");
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeLessThanOrEqual(480);
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await expectAccessible(guestPage, "/events/[id]/media (guest, phone)");
    await expectNoHorizontalScroll(guestPage);

    await tile.click();
    const lightbox = gallery.lightbox(attendee!.username);
    await expect(lightbox.root).toBeVisible();
    const full = lightbox.image;
    await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await expect(lightbox.closeButton).toBeFocused();
    await expectAccessible(guestPage, "lightbox");
    // Arrow keys go through the photos.
    const caption = lightbox.caption;
    const firstName = (await caption.textContent())!.includes("sunset.jpg") ? "sunset.jpg" : "beach.png";
    const otherName = firstName === "sunset.jpg" ? "beach.png" : "sunset.jpg";
    await guestPage.keyboard.press("ArrowRight");
    await expect(caption).toContainText(otherName);
    await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(otherName === "sunset.jpg" ? 900 : 640);
    await guestPage.keyboard.press("ArrowLeft");
    await expect(caption).toContainText(firstName);
    // Tab stays inside the dialog.
    for (let i = 0; i < 4; i++) await guestPage.keyboard.press("Tab");
    expect(await lightbox.root.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await guestPage.keyboard.press("Escape");
    await expect(lightbox.root).toBeHidden();
    await expect(tile).toBeFocused();

    // The stored photo has no location: nothing but the picture was kept.
    const approvedList = (await (await guestApi.get(`/api/v1/events/${eventId}/media`)).json()) as { media: { file_id: string; filename: string; size: number }[] };
    expect(approvedList.media.map((m) => m.filename).sort()).toEqual(["beach.png", "sunset.jpg"]);
    const sunset = approvedList.media.find((m) => m.filename === "sunset.jpg")!;
    const stored = await guestPage.request.get(`/api/v1/events/${eventId}/media/${sunset.file_id}`);
    expect(stored.status()).toBe(200);
    expect(stored.headers()["cache-control"]).toMatch(/^private/);
    expect(stored.headers()["x-content-type-options"]).toBe("nosniff");
    expect(stored.headers()["etag"]).toBe(`"${sunset.file_id}-${sunset.size}"`);
    // Next 16's server drops Content-Length from route-handler responses (next/dist/server/send-response.js,
    // FORBIDDEN_HEADERS); lib/response-length.ts puts it back, so the file is not sent chunked.
    expect(stored.headers()["content-length"]).toBe(String(sunset.size));
    expect(stored.headers()["transfer-encoding"]).toBeUndefined();
    expect(stored.headers()["x-invyta-content-length"]).toBeUndefined();
    const storedBytes = await stored.body();
    expect(storedBytes.length).toBe(sunset.size);
    expect((await sharp(storedBytes).metadata()).exif).toBeUndefined();
    // Byte ranges work through the production server too (the <video> element seeks with them).
    const ranged = await guestPage.request.get(stored.url(), { headers: { range: "bytes=10-19" } });
    expect(ranged.status()).toBe(206);
    expect(ranged.headers()["content-range"]).toBe(`bytes 10-19/${storedBytes.length}`);
    expect(ranged.headers()["content-length"]).toBe("10");
    expect((await ranged.body()).equals(storedBytes.subarray(10, 20))).toBe(true);
    // A signed-out visitor gets nothing of a private event.
    const anonymous = await playwrightRequest.newContext({ baseURL });
    expect((await anonymous.get(`/api/v1/events/${eventId}/media`)).status()).toBe(404);
    await anonymous.dispose();

    await Promise.all([attendeeContext.close(), guestContext.close(), hostApi.dispose(), attendeeApi.dispose(), guestApi.dispose()]);
  });
});
