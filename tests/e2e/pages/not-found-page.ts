import { PageObject } from "./page-object";

/** The friendly 404 page, whatever path led to it. */
export class NotFoundPage extends PageObject {
  readonly heading = this.page.getByRole("heading", { level: 1 });
  readonly namedHeading = this.page.getByRole("heading", { name: "We could not find that page" });
}
