import type { APIRequestContext, APIResponse } from "@playwright/test";
import { ObjectId } from "mongodb";
import { EventPage } from "./pages/event-page";
import { LoginPage } from "./pages/login-page";
import { apiClientFor, expect, mailedCode, newPersonContext, PASSWORD, seedVerifiedUser, test, testIp, uniqueEmail, waitForHydration, withAppDb } from "./support/fixtures";

// Signed-out views of an event page, a join page and a discover listing are rendered once and then
// sent from memory (lib/http/shared-pages/) while the data they show is current: each response with
// its own CSP nonce, a change showing at once (made here) or within about a second (noted by another
// process), and never to a signed-in visitor, Next's navigation requests, or a visitor over the join
// page's rate limit.

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? null;
const nonceOf = (res: APIResponse) => /'nonce-([^']+)'/.exec(res.headers()["content-security-policy"] ?? "")?.[1] ?? null;

/** Views the page signed out until a view comes from memory (the first render of it is kept). */
async function keptView(request: APIRequestContext, path: string, headers: Record<string, string> = {}) {
  // Several tries: a listing is dropped by any change to the catalog, and other tests make events meanwhile.
  for (let i = 0; i < 10; i++) {
    const res = await request.get(path, { headers });
    expect(res.status()).toBe(200);
    if (res.headers()["age"] !== undefined) return res;
  }
  throw new Error(`${path} was never sent from memory`);
}

/** A new account, made and verified through the API (writes to `users` found by address, not by id). */
async function signUp(request: APIRequestContext, email: string) {
  const headers = { "x-forwarded-for": testIp() };
  expect((await request.post("/api/v1/auth/register", { headers, data: { email, password: PASSWORD } })).status()).toBe(201);
  expect((await request.post("/api/v1/auth/verify", { headers, data: { email, code: await mailedCode(email) } })).status()).toBe(200);
}

async function hostWithEvent(baseURL: string, title: string, isPrivate = false, tags: string[] = []) {
  const email = uniqueEmail("shared");
  await seedVerifiedUser(email, "host");
  const api = await apiClientFor(baseURL, email);
  const res = await api.post("/api/v1/events", {
    data: { title, starts_at: new Date(Date.now() + 9 * 86_400_000).toISOString(), timezone: "Europe/Berlin", location: "Tempelhofer Feld, Berlin", is_private: isPrivate, tags },
  });
  expect(res.status()).toBe(201);
  const body = await res.json();
  // Making an event notes it for every process (the version document), this server too: it reads
  // the notes at most once a second (ANONYMOUS_CHECK_MS in lib/events/access.ts) and drops the
  // event's kept pages once more when it reads this one. Past that second, a page kept stays kept.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  return { email, api, id: body.event_id as string, link: new URL(body.event.invite_link as string) };
}

test("a signed-out event page comes from memory with its own nonce, runs in the browser, and shows a change at once", async ({ page, request, baseURL }) => {
  const { api, id } = await hostWithEvent(baseURL!, "Kite festival");
  const path = `/events/${id}`;

  const first = await request.get(path);
  const kept = await keptView(request, path);
  const again = await keptView(request, path);
  const nonces = [nonceOf(first), nonceOf(kept), nonceOf(again)];
  expect(new Set(nonces).size).toBe(3);
  for (const res of [kept, again]) {
    const html = await res.text();
    expect(titleOf(html)).toBe("Kite festival · Invyta");
    // Every script carries this response's nonce, and no other nonce is left in the page.
    const scriptNonces = new Set([...html.matchAll(/<script[^>]* nonce="([^"]+)"/g)].map((m) => m[1]));
    expect([...scriptNonces]).toEqual([nonceOf(res)]);
    for (const other of nonces.filter((n) => n !== nonceOf(res))) expect(html.includes(other!), `nonce ${other} left in the page`).toBe(false);
  }

  // In the browser a kept page runs (a CSP violation would fail the test) and is the usual page.
  const eventPage = new EventPage(page);
  const [response] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === path), page.goto(path)]);
  expect(await response.headerValue("age")).not.toBeNull();
  await waitForHydration(page);
  await expect(eventPage.title("Kite festival")).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in to RSVP" })).toBeVisible();

  // The host renames it: the next signed-out view says so.
  expect((await api.patch(`/api/v1/events/${id}`, { data: { title: "Kite festival (moved to Sunday)" } })).status()).toBe(200);
  const renamed = await request.get(path);
  expect(titleOf(await renamed.text())).toBe("Kite festival (moved to Sunday) · Invyta");
  await api.dispose();
});

/** What another app instance does when it edits an event: write it, then note the change in the version document every process follows (lib/db/version-store.ts). */
async function writeAsAnotherProcess(id: string, set: Record<string, unknown>) {
  await withAppDb(async (db) => {
    await db.collection("events").updateOne({ _id: new ObjectId(id) }, { $set: set });
    await db.collection("catalog").updateOne({ _id: "events" as never }, { $inc: { seq: 1 }, $push: { recent: id }, $setOnInsert: { epoch: "e2e" } } as never, { upsert: true });
  });
}

test("a signed-out discover listing comes from memory, and an event turned private leaves it at once, or within a second when another process did it", async ({ page, request, baseURL }) => {
  const tag = `kite${Date.now().toString(36)}`;
  const path = `/discover?tag=${tag}`;
  const first = await hostWithEvent(baseURL!, "Kite workshop", false, [tag]);
  const second = await hostWithEvent(baseURL!, "Kite night flight", false, [tag]);
  const kept = await keptView(request, path);
  const shown = await kept.text();
  expect(shown).toContain("Kite workshop");
  expect(shown).toContain("Kite night flight");

  // In the browser a listing from memory runs and links to its events. (Other tests running beside
  // this one create events, and any change to the catalog drops every kept listing: a view may be
  // rendered afresh, and the next one kept again.)
  let fromMemory = false;
  for (let i = 0; i < 10 && !fromMemory; i++) {
    const [response] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === "/discover"), page.goto(path)]);
    fromMemory = (await response.headerValue("age")) !== null;
  }
  expect(fromMemory, `${path} was never sent from memory to the browser`).toBe(true);
  await waitForHydration(page);
  await expect(page.getByRole("link", { name: "Kite workshop" })).toBeVisible();

  // Made private here: the next view no longer shows it.
  expect((await first.api.patch(`/api/v1/events/${first.id}`, { data: { is_private: true } })).status()).toBe(200);
  const after = await (await request.get(path)).text();
  expect(after).not.toContain("Kite workshop");
  expect(after).toContain("Kite night flight");

  // Made private by another process: gone within about a second.
  await keptView(request, path);
  await writeAsAnotherProcess(second.id, { is_private: true });
  const started = Date.now();
  await expect.poll(async () => (await (await request.get(path)).text()).includes("Kite night flight"), { timeout: 5_000, intervals: [100] }).toBe(false);
  expect(Date.now() - started).toBeLessThan(2_500);

  // A new event with the tag joins the listing at once.
  await keptView(request, path);
  const third = await hostWithEvent(baseURL!, "Kite repair café", false, [tag]);
  expect(await (await request.get(path)).text()).toContain("Kite repair café");
  for (const host of [first, second, third]) await host.api.dispose();
});

test("a change another process noted reaches a kept page within about a second", async ({ request, baseURL }) => {
  const { api, id } = await hostWithEvent(baseURL!, "Rooftop salsa");
  const path = `/events/${id}`;
  await keptView(request, path);
  await writeAsAnotherProcess(id, { title: "Rooftop salsa (indoors)" });
  const started = Date.now();
  await expect.poll(async () => titleOf(await (await request.get(path)).text()), { timeout: 5_000, intervals: [100] }).toBe("Rooftop salsa (indoors) · Invyta");
  expect(Date.now() - started).toBeLessThan(2_500);
  await api.dispose();
});

test("a signed-in visitor and Next's navigation requests are never sent a kept page", async ({ browser, request, baseURL }) => {
  const { api, id } = await hostWithEvent(baseURL!, "Board game night");
  const path = `/events/${id}`;
  await keptView(request, path);

  const rsc = await request.get(path, { headers: { rsc: "1" } });
  expect(rsc.headers()["content-type"]).toContain("text/x-component");
  expect(rsc.headers()["age"]).toBeUndefined();

  const guest = uniqueEmail("shared-guest");
  await seedVerifiedUser(guest, "guest");
  const context = await newPersonContext(browser);
  const page = await context.newPage();
  await new LoginPage(page).signInTo(guest, path);
  const [response] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === path), page.reload()]);
  expect(await response.headerValue("age")).toBeNull();
  // Signed in: the answer buttons, not the signed-out page's "Sign in to RSVP".
  await expect(new EventPage(page).rsvpButton("Attending")).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in to RSVP" })).toHaveCount(0);
  await context.close();
  await api.dispose();
});

test("a join page from memory still counts against the invite-token limit, and its refusal is never kept", async ({ request, baseURL }) => {
  const { api, link } = await hostWithEvent(baseURL!, "Secret garden party", true);
  const path = link.pathname + link.search;
  const invited = (html: string) => html.includes("Secret garden party");
  const tooMany = (html: string) => html.includes("Too many attempts");

  const warm = await keptView(request, path, { "x-forwarded-for": testIp() });
  expect(invited(await warm.text())).toBe(true);

  // One address views the link 30 times (the limit per minute), from memory; the 31st is refused.
  // Halfway, someone else signs up: writes to other people's accounts leave the page kept.
  const ip = testIp();
  for (let i = 0; i < 30; i++) {
    if (i === 15) await signUp(request, uniqueEmail("elsewhere"));
    const res = await request.get(path, { headers: { "x-forwarded-for": ip } });
    expect(res.headers()["age"]).toBeDefined();
    expect(invited(await res.text())).toBe(true);
  }
  const refused = await request.get(path, { headers: { "x-forwarded-for": ip } });
  expect(refused.headers()["age"]).toBeUndefined();
  const refusal = await refused.text();
  expect(tooMany(refusal) && !invited(refusal)).toBe(true);

  // Anyone else still gets the invitation.
  const other = await request.get(path, { headers: { "x-forwarded-for": testIp() } });
  expect(other.headers()["age"]).toBeDefined();
  expect(invited(await other.text())).toBe(true);
  await api.dispose();
});
