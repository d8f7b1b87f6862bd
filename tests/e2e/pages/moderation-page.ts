import { PageObject } from "./page-object";

/** `/events/{id}/moderation`: the host approves or rejects uploads, one at a time or selected. */
export class ModerationPage extends PageObject {
  readonly heading = this.page.getByRole("heading", { level: 1 });
  readonly items = this.page.getByTestId("moderation-item");
  readonly nothingWaiting = this.page.getByText("Nothing is waiting for review.");
  readonly approvedTab = this.page.getByRole("link", { name: /Approved/ });

  count(status: "pending" | "approved") {
    return this.page.getByTestId(`media-count-${status}`);
  }

  photos(uploader: string) {
    return this.page.getByRole("img", { name: `Photo by ${uploader}` });
  }

  approve(filename: string) {
    return this.page.getByRole("button", { name: `Approve ${filename}` }).click();
  }

  checkbox(name: RegExp) {
    return this.page.getByRole("checkbox", { name });
  }

  approveSelectedButton(count: number) {
    return this.page.getByRole("button", { name: `Approve selected (${count})` });
  }

  /** A status message after an action ("Approved 1 item."). */
  message(text: string) {
    return this.page.getByText(text);
  }
}
