import { expect, expectAccessible, expectNoHorizontalScroll, mailedCode, PASSWORD, test, uniqueEmail, waitForHydration } from "./support/fixtures";
import type { Page } from "@playwright/test";


async function signUp(page: Page, email: string) {
  await page.goto("/signup");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/verify\?/);
}

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test.describe("accounts", () => {
  test("sign up, verify by emailed code, choose a username, edit the profile, sign out, sign in", async ({ page, isMobile }) => {
    test.setTimeout(120_000);
    const email = uniqueEmail("signup");
    const username = `e2e_${email.slice(7, 15)}`;

    await page.goto("/signup");
    await expectAccessible(page, "/signup");
    await expectNoHorizontalScroll(page);
    // The form validates with the server's schema before sending.
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter your email address.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

    await signUp(page, email);
    await expect(page.getByText(email)).toBeVisible();
    await expectAccessible(page, "/verify");
    await expectNoHorizontalScroll(page);
    await expect(page.getByRole("button", { name: /Resend code \(\d+ s\)/ })).toBeDisabled();

    await page.getByLabel("6-digit code").fill(await mailedCode(email));
    await page.getByRole("button", { name: "Verify email" }).click();

    // Signed in without a username: asked to choose one first.
    await expect(page).toHaveURL(/\/welcome/);
    await expectAccessible(page, "/welcome");
    await page.getByLabel("Username").fill(username);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/events$/);

    await page.goto("/profile");
    await waitForHydration(page);
    await expectAccessible(page, "/profile");
    await expectNoHorizontalScroll(page);
    await page.getByLabel("Bio").fill("I host board game nights.");
    const favorites = page.getByLabel("Favorite categories");
    await favorites.fill("Hiking");
    await favorites.press("Enter");
    await favorites.fill("board-games");
    await favorites.press("Enter");
    await expect(page.getByRole("button", { name: "Remove hiking" })).toBeVisible();
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByText("Profile saved.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Bio")).toHaveValue("I host board game nights.");
    await expect(page.getByRole("button", { name: "Remove board-games" })).toBeVisible();

    // Sign out (from the phone menu on a phone).
    if (isMobile) await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("button", { name: /^Sign out/ }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.goto("/profile");
    await expect(page).toHaveURL(/\/login\?next=%2Fprofile/);
    await expectAccessible(page, "/login");
    await expectNoHorizontalScroll(page);

    await signIn(page, email);
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByLabel("Username")).toHaveValue(username);
  });

  test("five wrong codes burn the code", async ({ page }) => {
    const email = uniqueEmail("burn");
    await signUp(page, email);
    const code = await mailedCode(email);
    const wrong = code === "000000" ? "111111" : "000000";
    const field = page.getByLabel("6-digit code");
    for (let i = 1; i <= 4; i++) {
      await field.fill(wrong);
      await page.getByRole("button", { name: "Verify email" }).click();
      await expect(page.getByText(`That code is wrong. ${5 - i} ${5 - i === 1 ? "try" : "tries"} left.`)).toBeVisible();
    }
    await field.fill(wrong);
    await page.getByRole("button", { name: "Verify email" }).click();
    await expect(page.getByText("Too many wrong tries: this code no longer works. Ask for a new code.")).toBeVisible();
    await expect(field).toHaveAttribute("aria-invalid", "true");
  });

  test("an unverified user who signs in is sent to verify", async ({ page }) => {
    const email = uniqueEmail("unverified");
    await signUp(page, email);
    await page.goto("/login");
    await signIn(page, email);
    await expect(page).toHaveURL(/\/verify\?email=/);
    await expect(page.getByText(email)).toBeVisible();
  });

  test("the sixth sign-in within a minute is refused with a clear message", async ({ page }) => {
    const email = uniqueEmail("limit");
    await page.goto("/login");
    for (let i = 1; i <= 5; i++) {
      await signIn(page, email, `wrong-password-${i}`);
      await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
    }
    await signIn(page, email, "wrong-password-6");
    await expect(page.locator("form").getByRole("alert")).toHaveText(/Too many sign-in attempts\. Try again in \d+ seconds\./);
  });

  test("forgot password: a mailed code sets a new password", async ({ page }) => {
    const email = uniqueEmail("reset");
    await signUp(page, email);
    await mailedCode(email);
    await page.goto("/forgot-password");
    await expectAccessible(page, "/forgot-password");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send a reset code" }).click();
    await expect(page).toHaveURL(/\/reset-password\?email=/);
    await expectAccessible(page, "/reset-password");
    await page.getByLabel("6-digit code").fill(await mailedCode(email, /reset/i));
    await page.getByLabel("New password").fill("another-good-password");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page).toHaveURL(/\/login\?reset=1/);
    await expect(page.getByText("Password changed. Sign in with your new password.")).toBeVisible();
    await signIn(page, email, "another-good-password");
    await expect(page).toHaveURL(/\/welcome/);
  });

  test("a magic link signs the user in", async ({ page }) => {
    const email = uniqueEmail("magic");
    await page.goto("/login");
    await page.getByLabel("Email for a sign-in link").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page).toHaveURL(/\/login\/check-email/);
    await expectAccessible(page, "/login/check-email");
    const { waitForMailInDir } = await import("../support/smtp-sink");
    const { MAIL_DIR } = await import("./support/fixtures");
    const mail = await waitForMailInDir(MAIL_DIR, (m) => m.to.includes(email));
    const link = /(https?:\/\/\S+\/api\/auth\/callback\/nodemailer\S+)/.exec(mail.text)?.[1];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await expect(page).toHaveURL(/\/welcome/);
  });
});

test("an API access token does not work as a session cookie", async ({ page, request, context, baseURL }) => {
  const email = uniqueEmail("token");
  expect((await request.post("/api/v1/auth/register", { data: { email, password: PASSWORD } })).status()).toBe(201);
  expect((await request.post("/api/v1/auth/verify", { data: { email, otp: await mailedCode(email) } })).status()).toBe(200);
  const login = await request.post("/api/v1/auth/login", { data: { email, password: PASSWORD } });
  const { access_token } = await login.json();
  expect((await request.get("/api/v1/auth/me", { headers: { authorization: `Bearer ${access_token}` } })).status()).toBe(200);

  await context.addCookies([{ name: "authjs.session-token", value: access_token, url: baseURL! }]);
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile/);
  await expect(page.getByRole("heading", { name: "Sign in to Invyta" })).toBeVisible();
});
