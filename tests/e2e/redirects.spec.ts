import type { Browser, BrowserContext, Page } from "@playwright/test";
import { DOT_SEGMENT_ESCAPES, ESCAPE_AS_PARSED, ESCAPE_WHEN_DECODED, GOOD_TARGETS, NOT_A_HEADER_VALUE } from "../support/return-targets";
import { DashboardPage } from "./pages/dashboard-page";
import { LoginPage } from "./pages/login-page";
import { ProfilePage } from "./pages/profile-page";
import { SignupPage } from "./pages/signup-page";
import { expect, newPersonContext, PASSWORD, test, uniqueEmail } from "./support/fixtures";

// Return targets after sign-up, sign-in and welcome, in Chromium against the production build:
// a hostile `next` or `callbackUrl` lands on the default page (/events), a path of ours lands there.

const DEFAULT_PAGE = "/";

/** One or two of each kind from tests/support/return-targets.ts (the unit test runs them all). */
const HOSTILE = [
  "//evil.example",
  "/\\evil.example",
  "/\t/evil.example",
  "https://evil.example",
  "/%09/evil.example",
  "/%5Cevil.example",
  "/..//evil.example",
  "/%2e%2e//evil.example",
  "/events\r\nSet-Cookie: a=b",
  "/café",
];

/** Had a redirect escaped, the browser would be at evil.example: answer it here so nothing leaves the machine. */
async function catchEscapes(context: BrowserContext) {
  await context.route((url) => url.hostname.endsWith("evil.example"), (route) => route.fulfill({ status: 200, contentType: "text/plain", body: "escaped" }));
}

async function expectDefaultPage(page: Page, baseURL: string, what: string) {
  expect(new URL(page.url()).origin, `${what}: stays on our origin`).toBe(new URL(baseURL).origin);
  await expect(page, what).toHaveURL(`${baseURL}${DEFAULT_PAGE}`);
  await expect(new DashboardPage(page).heading, what).toBeVisible();
}

/** Someone who signed up through the pages, in a browser context of their own (closed again); returns their email. */
async function signedUpElsewhere(browser: Browser, prefix: string): Promise<string> {
  const email = uniqueEmail(prefix);
  const context = await newPersonContext(browser);
  const signup = new SignupPage(await context.newPage());
  await signup.goto();
  await signup.signUp(email);
  await context.close();
  return email;
}

test.describe("return targets", () => {
  // Where a return target lands is the server's decision and Chromium's URL parsing, the same at any
  // width; the pages on the way (sign-up, sign-in, verify, welcome) are checked at 375 px in accounts.spec.ts.
  test.skip(({ isMobile }) => isMobile, "the same server and URL parser for every browser");

  test("Chromium's URL parser reads every listed target as Node's does", async ({ page, baseURL }) => {
    await page.goto("/login");
    const base = page.url();
    const all = [...ESCAPE_AS_PARSED, ...ESCAPE_WHEN_DECODED, ...DOT_SEGMENT_ESCAPES, ...NOT_A_HEADER_VALUE, ...GOOD_TARGETS];
    const inChromium = await page.evaluate(
      ([targets, from]) => targets.map((t) => new URL(t, from).href),
      [all, base] as const,
    );
    expect(inChromium).toEqual(all.map((t) => new URL(t, base).href));
    // And the good ones stay on our origin in Chromium too.
    const origins = await page.evaluate((targets) => targets.map((t) => new URL(t, location.href).origin), GOOD_TARGETS);
    expect(new Set(origins)).toEqual(new Set([new URL(baseURL!).origin]));
  });

  test("sign-up and welcome with a hostile next land on the default page", async ({ page, context, baseURL }) => {
    test.setTimeout(90_000);
    await catchEscapes(context);
    const signup = new SignupPage(page);
    await signup.goto("/\t/evil.example");
    await signup.signUp(uniqueEmail("redirect-up"));
    await expectDefaultPage(page, baseURL!, "after sign-up → verify → welcome");
  });

  test("sign-in with a hostile next lands on the default page, and so does every signed-in return", async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const email = await signedUpElsewhere(browser, "redirect-in");

    const context = await newPersonContext(browser);
    await catchEscapes(context);
    const page = await context.newPage();
    const login = new LoginPage(page);
    await login.goto("/%09/evil.example");
    await login.signIn(email);
    await expectDefaultPage(page, baseURL!, "after the sign-in form");

    // Signed in, /login, /signup and /welcome send the visitor straight on to `next`: each answer's
    // redirect (with the browser's cookies), then one of each page followed in the browser.
    const paths = ["/login", "/signup", "/welcome"];
    for (const target of HOSTILE) {
      for (const path of paths) {
        const what = `${path} with next=${JSON.stringify(target)}`;
        const res = await page.request.get(`${path}?next=${encodeURIComponent(target)}`, { maxRedirects: 0 });
        expect(res.status(), what).toBe(307);
        expect(new URL(res.headers().location!, baseURL).href, what).toBe(`${baseURL}${DEFAULT_PAGE}`);
      }
    }
    for (const [i, path] of paths.entries()) {
      const target = HOSTILE[i * 3]!;
      const res = await page.goto(`${path}?next=${encodeURIComponent(target)}`);
      expect(res?.status(), `${path} with next=${JSON.stringify(target)}`).toBe(200);
      await expectDefaultPage(page, baseURL!, `${path} with next=${JSON.stringify(target)}, in the browser`);
    }
    await context.close();
  });

  test("Auth.js's callbackUrl, on its routes, is held to the same rule", async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    const email = uniqueEmail("redirect-cb");
    const signup = new SignupPage(page);
    await signup.goto();
    await signup.signUp(email);
    await expect(page).toHaveURL(/^https?:\/\/[^/]+\/$/);

    // GET /api/auth/signin keeps the callbackUrl it accepted in a cookie and passes it to the sign-in page.
    for (const target of HOSTILE) {
      const res = await page.request.get(`/api/auth/signin?callbackUrl=${encodeURIComponent(target)}`, { maxRedirects: 0 });
      expect(res.status(), JSON.stringify(target)).toBe(302);
      const kept = new URL(res.headers().location!, baseURL).searchParams.get("callbackUrl")!;
      expect(new URL(kept).pathname, `callbackUrl=${JSON.stringify(target)}`).toBe(DEFAULT_PAGE);
    }
    const good = await page.request.get(`/api/auth/signin?callbackUrl=${encodeURIComponent("/profile?tab=1")}`, { maxRedirects: 0 });
    const kept = new URL(new URL(good.headers().location!, baseURL).searchParams.get("callbackUrl")!);
    expect(`${kept.pathname}${kept.search}`).toBe("/profile?tab=1");

    // A credentials sign-in posted straight to Auth.js.
    const { csrfToken } = await (await page.request.get("/api/auth/csrf")).json();
    const posted: [string, string][] = [
      ["/%09/evil.example", DEFAULT_PAGE],
      ["/profile", "/profile"],
    ];
    for (const [callbackUrl, landing] of posted) {
      const res = await page.request.post("/api/auth/callback/credentials", {
        form: { csrfToken, email, password: PASSWORD, callbackUrl },
        maxRedirects: 0,
      });
      expect(res.status(), callbackUrl).toBe(302);
      const location = new URL(res.headers().location!, baseURL);
      expect(location.pathname, callbackUrl).toBe(landing);
    }
  });

  test("a good next lands where it points", async ({ browser }) => {
    test.setTimeout(90_000);
    const email = await signedUpElsewhere(browser, "redirect-ok");

    const context = await newPersonContext(browser);
    const page = await context.newPage();
    await new LoginPage(page).signInTo(email, "/profile");
    await expect(new ProfilePage(page).heading).toBeVisible();
    await context.close();
  });
});
