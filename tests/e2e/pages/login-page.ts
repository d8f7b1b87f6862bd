import { expect, PASSWORD } from "../support/fixtures";
import { PageObject } from "./page-object";

/** `/login`: the password form, the magic-link form, and what they answer. */
export class LoginPage extends PageObject {
  readonly heading = this.page.getByRole("heading", { name: "Sign in to Invyta" });
  readonly emailField = this.page.getByLabel("Email", { exact: true });
  readonly passwordField = this.page.getByLabel("Password", { exact: true });
  readonly signInButton = this.page.getByRole("button", { name: "Sign in", exact: true });
  readonly formAlert = this.page.locator("form").getByRole("alert");
  readonly resetNotice = this.page.getByText("Password changed. Sign in with your new password.");
  readonly magicLinkEmailField = this.page.getByLabel("Email for a sign-in link");
  readonly magicLinkButton = this.page.getByRole("button", { name: "Email me a sign-in link" });

  goto(next?: string) {
    return this.page.goto(next === undefined ? "/login" : `/login?next=${encodeURIComponent(next)}`);
  }

  async signIn(email: string, password = PASSWORD) {
    await this.emailField.fill(email);
    await this.passwordField.fill(password);
    await this.signInButton.click();
  }

  /** Signs in through the form and lands on `next`. */
  async signInTo(email: string, next: string) {
    await this.goto(next);
    await this.signIn(email);
    await expect(this.page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, "\\$&")}$`));
  }

  async requestMagicLink(email: string) {
    await this.magicLinkEmailField.fill(email);
    await this.magicLinkButton.click();
  }
}
