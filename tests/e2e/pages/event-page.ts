import { PageObject } from "./page-object";

type RsvpStatus = "Attending" | "Maybe";

/** `/events/{id}`: the event, the viewer's RSVP, the guest list and the media. */
export class EventPage extends PageObject {
  readonly waitingForApproval = this.page.getByText("Waiting for the host's approval.");
  readonly yourTime = this.page.getByText(/^Your time:/);
  readonly guestListHeading = this.page.getByRole("heading", { name: "Guest list" });
  readonly guestList = this.page.getByRole("region", { name: "Guest list" });
  readonly guestListItems = this.guestList.getByRole("listitem");
  readonly seeEveryoneLink = this.guestList.getByRole("link", { name: "See everyone on the Manage page" });
  readonly manageLink = this.page.getByRole("link", { name: "Manage" });
  readonly media = this.page.getByRole("region", { name: "Photos & videos" });
  readonly addMediaHeading = this.media.getByRole("heading", { name: "Add photos and videos" });
  readonly mediaPicker = this.page.getByLabel("Photos or videos to upload");
  readonly uploadRows = this.page.getByTestId("upload-row");
  readonly mediaTiles = this.page.getByTestId("media-tile");
  readonly reviewUploadsLink = this.page.getByRole("link", { name: "Review uploads" });
  readonly galleryLink = this.page.getByRole("link", { name: "Open the gallery" });
  readonly shareButton = this.page.getByRole("button", { name: "Share" });
  readonly linkCopied = this.page.getByText("Link copied. Paste it anywhere to share.");
  readonly openInMapsLink = this.page.getByRole("link", { name: /^Open in Maps/ });
  readonly calendar = this.page.getByRole("region", { name: "Add to your calendar" });
  readonly cover = this.page.getByTestId("event-cover");

  goto(eventId: string) {
    return this.page.goto(`/events/${eventId}`);
  }

  title(title: string) {
    return this.page.getByRole("heading", { level: 1, name: title });
  }

  /** The RSVP button for `status` ("Attending" by its exact name: "Not attending" contains it). */
  rsvpButton(status: RsvpStatus) {
    return status === "Attending" ? this.page.getByRole("button", { name: "Attending", exact: true }) : this.page.getByRole("button", { name: status });
  }

  rsvp(status: RsvpStatus) {
    return this.rsvpButton(status).click();
  }

  /** A message the page shows ("Saved: Maybe."). */
  message(text: string) {
    return this.page.getByText(text);
  }

  count(status: string) {
    return this.page.getByTestId(`count-${status}`);
  }

  guestLink(name: RegExp) {
    return this.guestList.getByRole("link", { name });
  }

  guestListText(text: string) {
    return this.guestList.getByText(text);
  }

  mediaText(text: string) {
    return this.media.getByText(text);
  }

  uploadRow(filename: string) {
    return this.uploadRows.filter({ hasText: filename });
  }

  /** The approved photos in the event page's media section, each a button that opens it. */
  photoButtons(uploader: string) {
    return this.media.getByRole("button", { name: `Open Photo by ${uploader}` });
  }
}
