import { EventForm } from "./event-form";
import { PageObject } from "./page-object";

/** `/events/{id}/edit`: the event form, saving, and deleting behind a confirmation dialog. */
export class EditEventPage extends PageObject {
  readonly form = new EventForm(this.page);
  readonly saveButton = this.page.getByRole("button", { name: "Save changes" });
  readonly deleteButton = this.page.getByRole("button", { name: "Delete event" });
  readonly deleteDialog = this.page.getByRole("dialog", { name: "Delete this event?" });
  readonly cancelDeleteButton = this.deleteDialog.getByRole("button", { name: "Cancel" });
  readonly confirmDeleteButton = this.deleteDialog.getByRole("button", { name: "Yes, delete event" });

  goto(eventId: string) {
    return this.page.goto(`/events/${eventId}/edit`);
  }
}
