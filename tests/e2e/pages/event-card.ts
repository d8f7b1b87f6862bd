import type { Locator } from "@playwright/test";

/** One event's card in a list (the dashboard, discover). */
export class EventCard {
  constructor(readonly root: Locator) {}

  link(title: string) {
    return this.root.getByRole("link", { name: title, exact: true });
  }

  text(text: string, options?: { exact?: boolean }) {
    return this.root.getByText(text, options);
  }

  count(status: string) {
    return this.root.getByTestId(`count-${status}`);
  }
}
