import { PageObject } from "./page-object";

/** The header on every page: the skip link, the main navigation, the phone menu and sign-out. */
export class SiteHeader extends PageObject {
  readonly skipLink = this.page.getByRole("link", { name: "Skip to content" });
  readonly main = this.page.locator("#main");
  readonly menuButton = this.page.getByRole("button", { name: "Menu" });
  readonly mainNav = this.page.getByRole("navigation", { name: "Main" });
  readonly signOutButton = this.page.getByRole("button", { name: /^Sign out/ });

  navLink(name: string) {
    return this.mainNav.getByRole("link", { name });
  }

  /** Signs out, from the phone menu on a phone. */
  async signOut(isMobile: boolean) {
    if (isMobile) await this.menuButton.click();
    await this.signOutButton.click();
  }
}
