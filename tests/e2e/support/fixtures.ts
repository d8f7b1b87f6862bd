import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test as base, expect, request as playwrightRequest, type APIRequestContext, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import bcrypt from "bcryptjs";
import { MongoClient, type Db } from "mongodb";
import { codeFrom, waitForMailInDir } from "../../support/smtp-sink";

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/**
 * Runs axe-core in the page and fails on serious or critical violations. Evaluated through the
 * DevTools protocol, so the page's CSP stays on (no inline <script> is added).
 */
export async function expectAccessible(page: Page, context = "page") {
  // After a client-side navigation Next sets the new <title> once the page's metadata has streamed
  // in; axe run in between reports a document without a title (seen once in CI, on /reset-password).
  // Every page has one, so waiting for it is also a check.
  // The same holds after router.refresh() (the join page after joining): the title is streamed again, so a
  // run that caught the moment between is repeated once the title is back (seen once in CI, on /events/join).
  let violations = await axeViolations(page, context);
  if (violations.some((v) => v.id === "document-title")) violations = await axeViolations(page, context);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious, `accessibility violations on ${context}:\n${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

async function axeViolations(page: Page, context: string) {
  await expect(page, `${context} has a title`).toHaveTitle(/\S/);
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    // axe's defaults (WCAG 2.0, 2.1 and 2.2 A and AA, and best practices), plus WCAG 2.2's target size
    // (2.5.8, at least 24×24 px), which axe leaves off by default.
    const result = await axe.run(document, { resultTypes: ["violations"], rules: { "target-size": { enabled: true } } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) }));
  });
}

/** The page fits a phone: nothing wider than the viewport. */
export async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, "page is wider than the viewport").toBeLessThanOrEqual(clientWidth);
}

/**
 * React has hydrated the page (components/layout/hydration-marker.tsx): widgets that work only
 * hydrated (a tag input that takes Enter) are ready. After a client-side navigation it holds already,
 * and what the new page renders is interactive as soon as it is there.
 */
export async function waitForHydration(page: Page) {
  await expect(page.locator("html[data-hydrated=true]")).toHaveCount(1);
}

/** A made-up client address: the e2e server trusts X-Forwarded-For, so per-IP limits are per test. */
export function testIp(): string {
  return `10.${randomBytes(3).join(".")}`;
}

/** A second person: another browser context with its own address (and a phone, if asked). */
export function newPersonContext(browser: Browser, options: BrowserContextOptions = {}) {
  return browser.newContext({ ...options, extraHTTPHeaders: { "x-forwarded-for": testIp(), ...options.extraHTTPHeaders } });
}

/** The password of every account the e2e tests make. */
export const PASSWORD = "a-good-password";

/** A JSON API client signed in as `email` (password PASSWORD), each request from its own test address. */
export async function apiClientFor(baseURL: string, email: string): Promise<APIRequestContext> {
  const anon = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": testIp() } });
  const login = await anon.post("/api/v1/auth/login", { data: { email, password: PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);
  const { access_token } = await login.json();
  await anon.dispose();
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": testIp(), authorization: `Bearer ${access_token}` } });
}

/** The username the sign-up helpers pick for `email`. */
export function usernameOf(email: string): string {
  return `e2e_${email.split("@")[0]!.slice(-10)}`;
}

export const MAIL_DIR = process.env.E2E_MAIL_DIR ?? join(tmpdir(), "invyta-e2e-mail");

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}@example.com`;
}

/** The newest 6-digit code mailed to `email` whose subject matches. */
export async function mailedCode(email: string, subject: RegExp = /code/i, exclude?: string): Promise<string> {
  const mail = await waitForMailInDir(MAIL_DIR, (m) => m.to.includes(email) && subject.test(m.subject) && (!exclude || !m.text.includes(exclude)));
  return codeFrom(mail);
}

/** The newest mail to `email` whose subject matches, waiting for it (mail sent by a background job takes a moment). */
export function mailTo(email: string, subject: RegExp, timeoutMs = 20_000) {
  return waitForMailInDir(MAIL_DIR, (m) => m.to.includes(email) && subject.test(m.subject), timeoutMs);
}

/**
 * Chromium's own line for a response with a 4xx status: tests open 404 pages and call the API with
 * bad input on purpose, so these are expected; a 5xx is still a problem.
 */
const CLIENT_ERROR_STATUS = /^Failed to load resource: the server responded with a status of 4\d\d\b/;

/**
 * Every test fails on an uncaught page error, a CSP violation (a policy that blocks the app's own
 * scripts would otherwise only show up as a dead button) or any other error in the browser console
 * (a hydration mismatch, a React warning logged as an error).
 */
export const test = base.extend<{ pageProblems: string[] }>({
  extraHTTPHeaders: async ({}, use) => {
    await use({ "x-forwarded-for": testIp() });
  },
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
      page.on("console", (msg) => {
        const text = msg.text();
        if (msg.type() !== "error") return;
        if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(text)) problems.push(`CSP: ${text}`);
        else if (!CLIENT_ERROR_STATUS.test(text)) problems.push(`console error: ${text}`);
      });
      await use(problems);
      expect(problems, "problems seen in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** The app's database (the one scripts/with-db.mjs gave the server), for seeding quickly. */
export async function withAppDb<T>(run: (db: Db) => Promise<T>): Promise<T> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error("MONGODB_URI is not set: run through `npm run test:e2e` (scripts/with-db.mjs).");
  const name = process.env.MONGODB_DB || decodeURIComponent(/^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri)?.[1] ?? "invyta");
  const client = new MongoClient(uri);
  try {
    return await run(client.db(name));
  } finally {
    await client.close();
  }
}

/** A verified user who signs in with PASSWORD, straight into the database; returns their id and username. */
export async function seedVerifiedUser(email: string, usernamePrefix = "user"): Promise<{ id: string; username: string }> {
  const username = `${usernamePrefix}_${randomBytes(4).toString("hex")}`;
  const password_hash = await bcrypt.hash(PASSWORD, 10);
  const { insertedId } = await withAppDb((db) =>
    db.collection("users").insertOne({ email, emailVerified: new Date(), password_hash, username, username_lower: username, favorites: [], attended_events: [], created_at: new Date() }),
  );
  return { id: insertedId.toHexString(), username };
}
