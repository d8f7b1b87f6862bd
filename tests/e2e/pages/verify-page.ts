import { PageObject } from "./page-object";

/** `/verify`: the 6-digit code mailed after sign-up. */
export class VerifyPage extends PageObject {
  readonly codeField = this.page.getByLabel("6-digit code");
  readonly verifyButton = this.page.getByRole("button", { name: "Verify email" });
  readonly resendButton = this.page.getByRole("button", { name: /Resend code \(\d+ s\)/ });
  readonly wrongEmailLink = this.page.getByRole("link", { name: "Sign up with another address" });

  async verify(code: string) {
    await this.codeField.fill(code);
    await this.verifyButton.click();
  }

  /** The address the code went to, or a message about the code. */
  text(text: string) {
    return this.page.getByText(text);
  }
}
