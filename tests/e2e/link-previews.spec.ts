import type { APIRequestContext } from "@playwright/test";
import { apiClientFor, expect, seedVerifiedUser, test, uniqueEmail } from "./support/fixtures";

// What a chat app sees when someone shares a link (issue 13 item 2): it fetches the HTML signed out and
// reads the Open Graph and Twitter tags. A valid invite link names its event, private or not; a wrong
// token, or a private event's page without one, names nothing.

const meta = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html)?.[1] ?? null;

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
  expect(meta(publicPage.html, "twitter:card")).toBe("summary");

  // A private event's invite link with its token: the guest's chat shows what they are invited to.
  const invite = await page(request, path(secret.link));
  expect(invite.status).toBe(200);
  expect(meta(invite.html, "og:title")).toBe("Secret supper club");
  expect(meta(invite.html, "og:description")).toContain("Kreuzberg, Berlin");
  expect(invite.html).toMatch(/<title>You(?:&#x27;|&#39;|')re invited: Secret supper club · Invyta<\/title>/);

  // The same link with a wrong token, and the private event's own page: nothing about the event anywhere.
  const wrong = new URL(secret.link);
  wrong.searchParams.set("token", "not-the-token");
  for (const probe of [await page(request, wrong.pathname + wrong.search), await page(request, `/events/${secret.id}`)]) {
    expect(probe.html).not.toContain("Secret supper club");
    expect(probe.html).not.toContain("Kreuzberg");
    expect(meta(probe.html, "og:title")).toBeNull();
  }
});
