import { EventForm } from "./event-form";
import { PageObject } from "./page-object";

/** `/events/new`: the event form and its submit button. */
export class NewEventPage extends PageObject {
  readonly form = new EventForm(this.page);
  readonly createButton = this.page.getByRole("main").getByRole("button", { name: "Create event" });

  goto() {
    return this.page.goto("/events/new");
  }

  /** The id of the event whose page the browser is on (after creating, its manage page). */
  eventIdFromUrl(): string {
    return /\/events\/([0-9a-f]{24})\/manage/.exec(this.page.url())![1]!;
  }
}
