import { PageObject } from "./page-object";
import { SiteHeader } from "./site-header";

/** `/`: the landing page, with recommendations above it once signed in. */
export class HomePage extends PageObject {
  readonly header = new SiteHeader(this.page);
  readonly heading = this.page.getByRole("heading", { level: 1 });
  readonly whatItDoesHeading = this.page.getByRole("heading", { name: "What Invyta does" });
  readonly howItWorksHeading = this.page.getByRole("heading", { name: "How it works" });
  readonly discoverLink = this.page.getByRole("link", { name: "Discover events", exact: true });
  readonly recommended = this.page.getByRole("region", { name: "Recommended for you" });

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
