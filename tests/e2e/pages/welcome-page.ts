import { PageObject } from "./page-object";

/** `/welcome`: a new account chooses its username. */
export class WelcomePage extends PageObject {
  readonly usernameField = this.page.getByLabel("Username");
  readonly continueButton = this.page.getByRole("button", { name: "Continue" });

  async chooseUsername(username: string) {
    await this.usernameField.fill(username);
    await this.continueButton.click();
  }
}
