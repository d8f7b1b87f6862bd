import { expect } from "@playwright/test";
import { mailedCode } from "../support/fixtures";
import { PageObject } from "./page-object";

/** `/events/join?event_id=…&token=…`: what an invite link opens, and the page for a link that does not work. */
export class JoinPage extends PageObject {
  readonly brokenLinkHeading = this.page.getByRole("heading", { level: 1, name: "This invite link doesn't work" });
  readonly nameField = this.page.getByLabel("Your name");
  readonly emailField = this.page.getByLabel("Email", { exact: true });
  readonly codeField = this.page.getByLabel("6-digit code");
  readonly checkEmailHeading = this.page.getByRole("heading", { name: "Check your email" });
  readonly changeEmailButton = this.page.getByRole("button", { name: "Wrong email? Change it" });
  readonly passwordSignInLink = this.page.getByRole("link", { name: "Sign in" }).last();
  readonly joinButton = this.page.getByRole("button", { name: "Join event" });
  readonly requestSentHeading = this.page.getByRole("heading", { name: "Request sent — waiting for the host's approval" });
  readonly eventPageLink = this.page.getByRole("link", { name: "Go to the event page" });
  readonly body = this.page.locator("body");
  readonly cover = this.page.getByTestId("invite-cover");
  /** The invitation's colored strip, in the event's theme. */
  themed(theme: string) {
    return this.page.locator(`[data-theme="${theme}"]`);
  }

  /** Shown to signed-out visitors only. */
  readonly whatIsInvyta = this.page.getByText("What is Invyta?");

  goto(link: string) {
    return this.page.goto(link);
  }

  /** The event's title, as the page's heading. */
  title(title: string) {
    return this.page.getByRole("heading", { level: 1, name: title });
  }

  /** What the page says about the event (its place, its host). */
  text(text: string) {
    return this.page.getByText(text);
  }

  join() {
    return this.joinButton.click();
  }

  /** The host's questions: a text answer or a checkbox by its label, a group of choices by its question. */
  answer(label: string) {
    return this.page.getByLabel(label, { exact: true });
  }

  choices(question: string) {
    return this.page.getByRole("group", { name: question });
  }

  /** Screen one, signed out: name and email, then the button ("Join event" or "Request to join"). */
  async sendNameAndEmail(name: string, email: string, button: "Join event" | "Request to join") {
    await this.nameField.fill(name);
    await this.emailField.fill(email);
    await this.page.getByRole("button", { name: button }).click();
    await expect(this.checkEmailHeading).toBeVisible();
  }

  /** Screen two: the code from the email, then "Confirm and join" or "Confirm and send request". */
  async confirmWithMailedCode(email: string, button: "Confirm and join" | "Confirm and send request") {
    await this.codeField.fill(await mailedCode(email, /is your Invyta code/));
    await this.page.getByRole("button", { name: button }).click();
  }
}
