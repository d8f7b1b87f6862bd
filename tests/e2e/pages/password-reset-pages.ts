import { PageObject } from "./page-object";

/** `/forgot-password`: asks for a reset code by email. */
export class ForgotPasswordPage extends PageObject {
  readonly emailField = this.page.getByLabel("Email");
  readonly sendCodeButton = this.page.getByRole("button", { name: "Send a reset code" });

  goto() {
    return this.page.goto("/forgot-password");
  }

  async requestCode(email: string) {
    await this.emailField.fill(email);
    await this.sendCodeButton.click();
  }
}

/** `/reset-password`: the mailed code and a new password. */
export class ResetPasswordPage extends PageObject {
  readonly codeField = this.page.getByLabel("6-digit code");
  readonly newPasswordField = this.page.getByLabel("New password");
  readonly setPasswordButton = this.page.getByRole("button", { name: "Set new password" });

  async setPassword(code: string, password: string) {
    await this.codeField.fill(code);
    await this.newPasswordField.fill(password);
    await this.setPasswordButton.click();
  }
}
