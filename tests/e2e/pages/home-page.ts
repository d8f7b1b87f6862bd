import { PageObject } from "./page-object";
import { SiteHeader } from "./site-header";

/** `/`: the landing page signed out; signed in, the person's own events and recommendations. */
export class HomePage extends PageObject {
  readonly header = new SiteHeader(this.page);
  readonly heading = this.page.getByRole("heading", { level: 1 });
  readonly whatItDoesHeading = this.page.getByRole("heading", { name: "What Invyta does" });
  readonly howItWorksHeading = this.page.getByRole("heading", { name: "How it works" });
  readonly discoverLink = this.page.getByRole("link", { name: "Discover events", exact: true });
  readonly recommended = this.page.getByRole("region", { name: "Recommended for you" });
  readonly discoverMoreLink = this.page.getByRole("link", { name: "Discover more events" });
  readonly greeting = this.page.getByRole("heading", { level: 1, name: /^Hi, / });
  readonly comingUp = this.page.getByRole("region", { name: "Coming up" });
  readonly nothingComingUp = this.page.getByText("Nothing coming up yet.");
  readonly toApprove = this.page.getByRole("region", { name: "Waiting for your approval" });

  /** A card under Coming up, by its event's title. */
  comingUpCard(title: string) {
    return this.comingUp.getByRole("listitem").filter({ has: this.page.getByRole("heading", { name: title }) });
  }

  goto() {
    return this.page.goto("/");
  }

  recommendedLink(title: string) {
    return this.recommended.getByRole("link", { name: title });
  }

  recommendedText(text: string) {
    return this.recommended.getByText(text);
  }
}
