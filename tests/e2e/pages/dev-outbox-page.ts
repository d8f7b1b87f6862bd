import { PageObject } from "./page-object";

/** `/dev/outbox`: the mail a development server has sent (never served by a production build). */
export class DevOutboxPage extends PageObject {
  readonly heading = this.page.getByRole("heading", { name: "Dev outbox" });

  goto() {
    return this.page.goto("/dev/outbox");
  }
}
