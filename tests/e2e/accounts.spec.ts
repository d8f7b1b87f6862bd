import { JoinPage } from "./pages/join-page";
import { LoginPage } from "./pages/login-page";
import { ForgotPasswordPage, ResetPasswordPage } from "./pages/password-reset-pages";
import { ProfilePage } from "./pages/profile-page";
import { SignupPage } from "./pages/signup-page";
import { SiteHeader } from "./pages/site-header";
import { VerifyPage } from "./pages/verify-page";
import { WelcomePage } from "./pages/welcome-page";
import { apiClientFor, expect, expectAccessible, expectNoHorizontalScroll, mailedCode, PASSWORD, seedVerifiedUser, test, uniqueEmail, waitForHydration, withAppDb } from "./support/fixtures";

test.describe("accounts", () => {
  test("sign up, verify by emailed code, choose a username, edit the profile, sign out, sign in", async ({ page, isMobile }) => {
    test.setTimeout(120_000);
    const email = uniqueEmail("signup");
    const username = `e2e_${email.slice(7, 15)}`;
    const signup = new SignupPage(page);
    const verify = new VerifyPage(page);
    const profile = new ProfilePage(page);
    const login = new LoginPage(page);

    await signup.goto();
    await expectAccessible(page, "/signup");
    await expectNoHorizontalScroll(page);
    // The form validates with the server's schema before sending.
    await signup.createAccountButton.click();
    await expect(signup.emailRequired).toBeVisible();
    await expect(signup.emailField).toHaveAttribute("aria-invalid", "true");

    await signup.goto();
    await signup.createAccount(email);
    await expect(verify.text(email)).toBeVisible();
    await expectAccessible(page, "/verify");
    await expectNoHorizontalScroll(page);
    await expect(verify.resendButton).toBeDisabled();
    await expect(verify.wrongEmailLink).toHaveAttribute("href", /^\/signup\?next=/);
    const verifyUrl = page.url();

    await verify.verify(await mailedCode(email));

    // Signed in without a username: asked to choose one first.
    await expect(page).toHaveURL(/\/welcome/);
    await expectAccessible(page, "/welcome");
    await new WelcomePage(page).chooseUsername(username);
    await expect(page).toHaveURL(/^https?:\/\/[^/]+\/$/);
    // Back to the code form once signed in: there is nothing left to verify, so it moves on.
    await page.goto(verifyUrl);
    await expect(page).toHaveURL(/^https?:\/\/[^/]+\/$/);
    await expect(verify.codeField).toHaveCount(0);

    await profile.goto();
    await waitForHydration(page);
    await expectAccessible(page, "/profile");
    await expectNoHorizontalScroll(page);
    await profile.bioField.fill("I host board game nights.");
    await profile.addFavorite("Hiking");
    await profile.addFavorite("board-games");
    await expect(profile.removeFavoriteButton("hiking")).toBeVisible();
    await profile.saveButton.click();
    await expect(profile.saved).toBeVisible();
    await page.reload();
    await expect(profile.bioField).toHaveValue("I host board game nights.");
    await expect(profile.removeFavoriteButton("board-games")).toBeVisible();

    // Sign out (from the phone menu on a phone).
    await new SiteHeader(page).signOut(isMobile);
    await expect(page).toHaveURL(/\/$/);
    await profile.goto();
    await expect(page).toHaveURL(/\/login\?next=%2Fprofile/);
    await expectAccessible(page, "/login");
    await expectNoHorizontalScroll(page);

    await login.signIn(email);
    await expect(page).toHaveURL(/\/profile$/);
    await expect(profile.usernameField).toHaveValue(username);
  });

  test("five wrong codes burn the code", async ({ page }) => {
    test.skip(test.info().project.name !== "desktop", "the same server rule for every browser");
    const email = uniqueEmail("burn");
    const signup = new SignupPage(page);
    await signup.goto();
    await signup.createAccount(email);
    const code = await mailedCode(email);
    const wrong = code === "000000" ? "111111" : "000000";
    const verify = new VerifyPage(page);
    for (let i = 1; i <= 4; i++) {
      await verify.verify(wrong);
      await expect(verify.text(`That code is wrong. ${5 - i} ${5 - i === 1 ? "try" : "tries"} left.`)).toBeVisible();
    }
    await verify.verify(wrong);
    await expect(verify.text("Too many wrong tries: this code no longer works. Ask for a new code.")).toBeVisible();
    await expect(verify.codeField).toHaveAttribute("aria-invalid", "true");
  });

  test("an unverified user who signs in is sent to verify", async ({ page }) => {
    const email = uniqueEmail("unverified");
    const signup = new SignupPage(page);
    await signup.goto();
    await signup.createAccount(email);
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn(email);
    await expect(page).toHaveURL(/\/verify\?email=/);
    await expect(new VerifyPage(page).text(email)).toBeVisible();
  });

  test("the sixth sign-in within a minute is refused with a clear message", async ({ page }) => {
    test.skip(test.info().project.name !== "desktop", "the same server rule for every browser");
    const email = uniqueEmail("limit");
    const login = new LoginPage(page);
    await login.goto();
    for (let i = 1; i <= 5; i++) {
      await login.signIn(email, `wrong-password-${i}`);
      await expect(login.formAlert).toHaveText("Wrong email or password.");
    }
    await login.signIn(email, "wrong-password-6");
    await expect(login.formAlert).toHaveText(/Too many sign-in attempts\. Try again in \d+ seconds\./);
  });

  test("forgot password: a mailed code sets a new password", async ({ page }) => {
    const email = uniqueEmail("reset");
    const signup = new SignupPage(page);
    await signup.goto();
    await signup.createAccount(email);
    await mailedCode(email);
    const forgot = new ForgotPasswordPage(page);
    await forgot.goto();
    await expectAccessible(page, "/forgot-password");
    await forgot.requestCode(email);
    await expect(page).toHaveURL(/\/reset-password\?email=/);
    await expectAccessible(page, "/reset-password");
    await new ResetPasswordPage(page).setPassword(await mailedCode(email, /reset/i), "another-good-password");
    await expect(page).toHaveURL(/\/login\?reset=1/);
    const login = new LoginPage(page);
    await expect(login.resetNotice).toBeVisible();
    await login.signIn(email, "another-good-password");
    await expect(page).toHaveURL(/\/welcome/);
  });

  test("a magic link signs the user in", async ({ page }) => {
    const email = uniqueEmail("magic");
    const login = new LoginPage(page);
    await login.goto();
    await login.requestMagicLink(email);
    await expect(page).toHaveURL(/\/login\/check-email/);
    await expectAccessible(page, "/login/check-email");
    const { waitForMailInDir } = await import("../support/smtp-sink");
    const { MAIL_DIR } = await import("./support/fixtures");
    const mail = await waitForMailInDir(MAIL_DIR, (m) => m.to.includes(email));
    const link = /(https?:\/\/\S+\/api\/auth\/callback\/nodemailer\S+)/.exec(mail.text)?.[1];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await expect(page).toHaveURL(/\/welcome/);
    // The account Auth.js made has the fields our own sign-up gives one.
    const made = await withAppDb((db) => db.collection("users").findOne({ email }));
    expect(made).toMatchObject({ favorites: [], attended_events: [], created_at: expect.any(Date), emailVerified: expect.any(Date) });
  });
});

test("an API access token does not work as a session cookie", async ({ page, request, context, baseURL }) => {
  test.skip(test.info().project.name !== "desktop", "the same server rule for every browser");
  const email = uniqueEmail("token");
  expect((await request.post("/api/v1/auth/register", { data: { email, password: PASSWORD } })).status()).toBe(201);
  expect((await request.post("/api/v1/auth/verify", { data: { email, otp: await mailedCode(email) } })).status()).toBe(200);
  const login = await request.post("/api/v1/auth/login", { data: { email, password: PASSWORD } });
  const { access_token } = await login.json();
  expect((await request.get("/api/v1/auth/me", { headers: { authorization: `Bearer ${access_token}` } })).status()).toBe(200);

  await context.addCookies([{ name: "authjs.session-token", value: access_token, url: baseURL! }]);
  const profile = new ProfilePage(page);
  await profile.goto();
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile/);
  await expect(new LoginPage(page).heading).toBeVisible();
});

test("a guest who joined with an emailed code adds a password on the profile and signs in with it", async ({ page, baseURL, isMobile }) => {
  const host = uniqueEmail("codehost");
  await seedVerifiedUser(host, "host");
  const api = await apiClientFor(baseURL!, host);
  const created = await api.post("/api/v1/events", { data: { title: "Board games night", starts_at: new Date(Date.now() + 5 * 86_400_000).toISOString(), timezone: "Europe/Lisbon", is_private: false } });
  expect(created.status()).toBe(201);
  const link = new URL((await created.json()).event.invite_link as string);
  await api.dispose();

  const email = uniqueEmail("codeguest");
  const name = `Robin Quinn ${email.slice(10, 16)}`;
  const join = new JoinPage(page);
  await join.goto(link.pathname + link.search);
  await join.sendNameAndEmail(name, email, "Join event");
  await join.confirmWithMailedCode(email, "Confirm and join");
  await expect(page.getByRole("heading", { name: "You're going!" })).toBeVisible();
  // The page and its header show the guest signed in, without a reload.
  await expect(join.whatIsInvyta).toHaveCount(0);
  if (!isMobile) await expect(new SiteHeader(page).signOutButton).toBeVisible();

  // The profile has the name given on the join page, and no password yet.
  const profile = new ProfilePage(page);
  await profile.goto();
  await expect(profile.displayNameField).toHaveValue(name);
  await expect(profile.usernameField).toHaveValue(name.toLowerCase().replaceAll(" ", "_"));
  await expectAccessible(page, "/profile (no password)");
  await expectNoHorizontalScroll(page);
  await profile.newPasswordField.fill("short");
  await profile.addPasswordButton.click();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  await profile.newPasswordField.fill(PASSWORD);
  await profile.addPasswordButton.click();
  await expect(profile.passwordAdded).toBeVisible();

  // Signed out, the new password signs in; the profile now offers to change it.
  await new SiteHeader(page).signOut(isMobile);
  await new LoginPage(page).signInTo(email, "/profile");
  await expect(profile.currentPasswordField).toBeVisible();
  await expectAccessible(page, "/profile (with a password)");
});
