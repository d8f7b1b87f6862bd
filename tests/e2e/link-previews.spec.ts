import type { APIRequestContext } from "@playwright/test";
import { apiClientFor, expect, seedVerifiedUser, test, uniqueEmail } from "./support/fixtures";

// What a chat app sees when someone shares a link (issue 13 item 2): it fetches the HTML signed out and
// reads the Open Graph and Twitter tags. A valid invite link names its event, private or not; a wrong
// token, or a private event's page without one, names nothing.

const meta = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html)?.[1] ?? null;

/** A preview image as a chat app fetches it: PNG bytes, size from the IHDR chunk, and how it may be cached. */
async function image(request: APIRequestContext, url: string) {
  const { pathname, search } = new URL(url, "http://relative.invalid");
  const res = await request.get(pathname + search, { headers: { "user-agent": "Slackbot-LinkExpanding 1.0" } });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("image/png");
  const bytes = await res.body();
  return { bytes, size: { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }, cacheControl: res.headers()["cache-control"] };
}

async function page(request: APIRequestContext, path: string) {
  const res = await request.get(path, { headers: { "user-agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" } });
  return { status: res.status(), html: await res.text() };
}

test("shared links unfurl into a preview of the event only where the link may show it", async ({ request, baseURL }) => {
  test.skip(test.info().project.name !== "desktop", "the same HTML for every browser");
  const email = uniqueEmail("previews");
  await seedVerifiedUser(email, "host");
  const api = await apiClientFor(baseURL!, email);
  const starts = new Date(Date.now() + 12 * 86_400_000);
  starts.setUTCHours(19, 0, 0, 0); // 8 PM in Berlin (UTC+1 in winter)
  const create = async (title: string, isPrivate: boolean) => {
    const res = await api.post("/api/v1/events", { data: { title, starts_at: starts.toISOString(), timezone: "Europe/Berlin", location: "Kreuzberg, Berlin", is_private: isPrivate } });
    expect(res.status()).toBe(201);
    const body = await res.json();
    return { id: body.event_id as string, link: body.event.invite_link as string };
  };
  const open = await create("Open-air cinema night", false);
  const secret = await create("Secret supper club", true);
  await api.dispose();
  const path = (link: string) => new URL(link).pathname + new URL(link).search;

  // A public event's page, signed out.
  const publicPage = await page(request, `/events/${open.id}`);
  expect(publicPage.status).toBe(200);
  expect(meta(publicPage.html, "og:title")).toBe("Open-air cinema night");
  expect(meta(publicPage.html, "og:description")).toMatch(/8:00\s?PM GMT\+1 · Kreuzberg, Berlin$/);
  expect(meta(publicPage.html, "twitter:card")).toBe("summary_large_image");
  expect(meta(publicPage.html, "og:image:width")).toBe("1200");
  const publicImage = await image(request, meta(publicPage.html, "og:image")!);
  expect(publicImage.size).toEqual({ width: 1200, height: 630 });

  // A private event's invite link with its token: the guest's chat shows what they are invited to.
  const invite = await page(request, path(secret.link));
  expect(invite.status).toBe(200);
  expect(meta(invite.html, "og:title")).toBe("Secret supper club");
  expect(meta(invite.html, "og:description")).toContain("Kreuzberg, Berlin");
  expect(invite.html).toMatch(/<title>You(?:&#x27;|&#39;|')re invited: Secret supper club · Invyta<\/title>/);
  // Its image carries the token, so it draws the event; the same image without it names nothing,
  // and is exactly the image of an event that does not exist.
  const inviteImageUrl = meta(invite.html, "og:image")!.replaceAll("&amp;", "&");
  expect(new URL(inviteImageUrl).searchParams.get("token")).toBe(new URL(secret.link).searchParams.get("token"));
  const withToken = await image(request, inviteImageUrl);
  const withoutToken = await image(request, `/events/${secret.id}/preview.png`);
  const noSuchEvent = await image(request, `/events/${"0".repeat(24)}/preview.png`);
  expect(withToken.size).toEqual({ width: 1200, height: 630 });
  expect(withoutToken.bytes.equals(noSuchEvent.bytes)).toBe(true);
  expect(withToken.bytes.equals(withoutToken.bytes)).toBe(false);
  expect(withoutToken.cacheControl).toBe("private, no-store");

  // The same link with a wrong token, and the private event's own page: nothing about the event anywhere.
  const wrong = new URL(secret.link);
  wrong.searchParams.set("token", "not-the-token");
  for (const probe of [await page(request, wrong.pathname + wrong.search), await page(request, `/events/${secret.id}`)]) {
    expect(probe.html).not.toContain("Secret supper club");
    expect(probe.html).not.toContain("Kreuzberg");
    expect(meta(probe.html, "og:title")).toBeNull();
  }
});
