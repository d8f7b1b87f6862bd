import { expect, mailedCode, PASSWORD, usernameOf } from "../support/fixtures";
import { PageObject } from "./page-object";
import { VerifyPage } from "./verify-page";
import { WelcomePage } from "./welcome-page";

/** `/signup`: the sign-up form, and the whole way from it to a username. */
export class SignupPage extends PageObject {
  readonly emailField = this.page.getByLabel("Email", { exact: true });
  readonly passwordField = this.page.getByLabel("Password", { exact: true });
  readonly createAccountButton = this.page.getByRole("button", { name: "Create account" });
  readonly emailRequired = this.page.getByText("Enter your email address.");

  goto(next?: string) {
    return this.page.goto(next === undefined ? "/signup" : `/signup?next=${encodeURIComponent(next)}`);
  }

  /** Sends the form; lands on /verify. */
  async createAccount(email: string) {
    await this.emailField.fill(email);
    await this.passwordField.fill(PASSWORD);
    await this.createAccountButton.click();
    await expect(this.page).toHaveURL(/\/verify\?/);
  }

  /** From the sign-up form: create the account, verify it by the mailed code, choose a username. */
  async signUp(email: string) {
    await this.createAccount(email);
    await new VerifyPage(this.page).verify(await mailedCode(email));
    await expect(this.page).toHaveURL(/\/welcome/);
    await new WelcomePage(this.page).chooseUsername(usernameOf(email));
  }
}
