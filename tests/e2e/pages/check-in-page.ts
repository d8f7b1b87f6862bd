import { PageObject } from "./page-object";

/** `/events/{id}/check-in`: the door on a host's phone — counts, camera, the result of a scan, the guest search. */
export class CheckInPage extends PageObject {
  readonly counts = this.page.getByTestId("checked-in-count");
  readonly startCamera = this.page.getByRole("button", { name: "Start camera" });
  readonly stopCamera = this.page.getByRole("button", { name: "Stop camera" });
  readonly result = this.page.getByTestId("check-in-result");
  readonly nextGuest = this.page.getByRole("button", { name: "Next guest" });
  readonly search = this.page.getByRole("searchbox", { name: "Name, email or ticket code" });
  readonly searchButton = this.page.getByRole("button", { name: "Search", exact: true });

  goto(eventId: string) {
    return this.page.goto(`/events/${eventId}/check-in`);
  }

  /** The "Check in" button of the guest named `name` in the list. */
  checkInButton(name: string) {
    return this.page.getByRole("button", { name: `Check in ${name}` });
  }
}
