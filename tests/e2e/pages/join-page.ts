import { PageObject } from "./page-object";

/** `/events/join?event_id=…&token=…`: what an invite link opens, and the page for a link that does not work. */
export class JoinPage extends PageObject {
  readonly brokenLinkHeading = this.page.getByRole("heading", { level: 1, name: "This invite link doesn't work" });
  readonly signUpToJoinLink = this.page.getByRole("link", { name: "Sign up to join" });
  readonly joinButton = this.page.getByRole("button", { name: "Join event" });
  readonly requestSentHeading = this.page.getByRole("heading", { name: "Request sent — waiting for the host's approval" });
  readonly eventPageLink = this.page.getByRole("link", { name: "Go to the event page" });
  readonly body = this.page.locator("body");

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
}
