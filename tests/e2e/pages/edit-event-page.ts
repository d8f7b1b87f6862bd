import { EventForm } from "./event-form";
import { PageObject } from "./page-object";

/** `/events/{id}/edit`: the cover photo, the event form, saving, and deleting behind a confirmation dialog. */
export class EditEventPage extends PageObject {
  readonly form = new EventForm(this.page);
  readonly saveButton = this.page.getByRole("button", { name: "Save changes" });
  /** The file input behind the "Add cover photo" / "Change cover photo" button. */
  readonly coverInput = this.page.getByLabel(/^(Add|Change) cover photo$/);
  readonly currentCover = this.page.getByRole("img", { name: "Current cover photo" });
  readonly coverSaved = this.page.getByText("Cover photo saved.");
  readonly removeCoverButton = this.page.getByRole("button", { name: "Remove" });
  readonly coverRemoved = this.page.getByText("Cover photo removed.");
  readonly deleteButton = this.page.getByRole("button", { name: "Delete event" });
  readonly deleteDialog = this.page.getByRole("dialog", { name: "Delete this event?" });
  readonly cancelDeleteButton = this.deleteDialog.getByRole("button", { name: "Cancel" });
  readonly confirmDeleteButton = this.deleteDialog.getByRole("button", { name: "Yes, delete event" });

  goto(eventId: string) {
    return this.page.goto(`/events/${eventId}/edit`);
  }
}
