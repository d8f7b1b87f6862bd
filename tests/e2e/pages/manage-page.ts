import jsQR from "jsqr";
import { PageObject } from "./page-object";

/** `/events/{id}/manage`: the host's page: the invite link and its QR code, invitations, requests and guests. */
export class ManagePage extends PageObject {
  readonly heading = this.page.getByRole("heading", { level: 1 });
  /** The start time under the title, in the viewer's zone once hydrated. */
  /** When, in the event's zone (the first time under the title). */
  readonly headingTime = this.heading.locator("xpath=following-sibling::div[1]").locator("time").first();
  /** "Your time: …", once hydrated, when the viewer's clock differs from the event's. */
  readonly headingYourTime = this.heading.locator("xpath=following-sibling::div[1]").getByText(/^Your time:/);
  readonly inviteLinkField = this.page.getByRole("textbox", { name: "Invite link" });
  readonly copyLinkButton = this.page.getByRole("button", { name: "Copy link" });
  readonly copiedStatus = this.page.getByRole("status").filter({ hasText: "Copied" });
  readonly qrCanvas = this.page.getByTestId("invite-qr");
  readonly downloadPngLink = this.page.getByRole("link", { name: "Download PNG" });
  readonly downloadSvgLink = this.page.getByRole("link", { name: "Download SVG" });
  readonly rotateLinkButton = this.page.getByRole("button", { name: "Rotate link" });
  readonly confirmRotateButton = this.page.getByRole("button", { name: "Yes, rotate link" });
  readonly inviteEmailsField = this.page.getByLabel("Email addresses");
  readonly sendInvitesButton = this.page.getByRole("button", { name: "Send invites" });
  readonly requests = this.page.getByRole("region", { name: /^Join requests/ });
  readonly requestItems = this.requests.getByRole("listitem");
  readonly moreRequestsLink = this.requests.getByRole("link", { name: "Show more join requests" });
  readonly guests = this.page.getByRole("region", { name: /^Guest list/ });
  readonly guestItems = this.guests.getByRole("listitem");
  readonly moreGuestsLink = this.guests.getByRole("link", { name: "Show more guests" });
  readonly firstGuestsPageLink = this.guests.getByRole("link", { name: "Back to the first page of guests" });
  readonly cohosts = this.page.getByRole("region", { name: /^Co-hosts/ });
  readonly cohostItems = this.cohosts.getByRole("listitem");
  readonly addCohostField = this.cohosts.getByLabel("Add a co-host");
  readonly addCohostButton = this.cohosts.getByRole("button", { name: "Add co-host" });
  readonly stepDownButton = this.cohosts.getByRole("button", { name: "Step down as co-host" });

  goto(eventId: string) {
    return this.page.goto(`/events/${eventId}/manage`);
  }

  inviteLink(): Promise<string> {
    return this.inviteLinkField.inputValue();
  }

  async sendInvites(emails: string) {
    await this.inviteEmailsField.fill(emails);
    await this.sendInvitesButton.click();
  }

  /** The heading over the requests, "Join requests (n)". */
  requestsHeading(count: number) {
    return this.requests.getByRole("heading", { name: `Join requests (${count})` });
  }

  guestsHeading(count: number) {
    return this.guests.getByRole("heading", { name: `Guest list (${count})` });
  }

  count(status: string) {
    return this.page.getByTestId(`count-${status}`);
  }

  approve(username: string) {
    return this.page.getByRole("button", { name: `Approve ${username}` }).click();
  }

  async addCohost(who: string) {
    await this.addCohostField.fill(who);
    await this.addCohostButton.click();
  }

  approveAll(count: number) {
    return this.requests.getByRole("button", { name: `Approve all ${count}` }).click();
  }

  /** A status message the page shows after an action (in the requests list, when scoped there). */
  message(text: string, scope: "page" | "requests" = "page") {
    return (scope === "requests" ? this.requests : this.page).getByText(text);
  }

  /**
   * Reads the QR canvas's pixels in the page and decodes them here. The pixels travel as one
   * base64 string of gray levels (a phone's 2x canvas is ~1 M numbers as a JSON array).
   */
  async decodeQr(): Promise<string | null> {
    const { gray, width, height } = await this.qrCanvas.evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
      const levels = new Uint8Array(canvas.width * canvas.height);
      for (let i = 0; i < levels.length; i++) levels[i] = Math.round((data[i * 4]! + data[i * 4 + 1]! + data[i * 4 + 2]!) / 3);
      let binary = "";
      for (let i = 0; i < levels.length; i += 8192) binary += String.fromCharCode(...levels.subarray(i, i + 8192));
      return { gray: btoa(binary), width: canvas.width, height: canvas.height };
    });
    const levels = Buffer.from(gray, "base64");
    const rgba = new Uint8ClampedArray(levels.length * 4);
    levels.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
    return jsQR(rgba, width, height)?.data ?? null;
  }
}
