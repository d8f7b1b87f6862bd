import { PageObject } from "./page-object";

/** `/inbox`: what waits on a host across their events, and the header's count of it. */
export class InboxPage extends PageObject {
  readonly heading = this.page.getByRole("heading", { level: 1, name: "Inbox" });
  readonly items = this.page.getByTestId("inbox-item");
  readonly empty = this.page.getByTestId("inbox-empty");
  readonly summary = this.page.getByTestId("inbox-summary");
  readonly shortcuts = this.page.getByText(/^Keyboard:/);
  readonly selectAllShown = this.page.getByLabel(/^Select all shown/);
  readonly approveAllShownButton = this.page.getByRole("button", { name: "Approve all shown" });
  /** The header's link, whose name carries the count ("Inbox (3 waiting)"). */
  readonly headerLink = this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Inbox/ }).first();

  goto(query = "") {
    return this.page.goto(`/inbox${query}`);
  }

  item(name: RegExp | string) {
    return this.items.filter({ hasText: name });
  }
}
