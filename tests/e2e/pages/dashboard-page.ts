import { EventCard } from "./event-card";
import { PageObject } from "./page-object";

/** `/events`: the signed-in dashboard, events hosted and joined. */
export class DashboardPage extends PageObject {
  readonly heading = this.page.getByRole("heading", { level: 1 });
  readonly myEventsHeading = this.page.getByRole("heading", { level: 1, name: "My events" });
  readonly notHosting = this.page.getByText("You're not hosting anything yet.");
  readonly createEventLink = this.page.getByRole("main").getByRole("link", { name: "Create event", exact: true });
  readonly hosting = this.page.getByRole("region", { name: "Events I'm hosting" });
  readonly hostingCards = this.hosting.getByRole("article");
  readonly moreHostingLink = this.hosting.getByRole("link", { name: "Show more upcoming events I'm hosting" });
  readonly firstHostingPageLink = this.hosting.getByRole("link", { name: "Back to the first page of upcoming events I'm hosting" });

  goto() {
    return this.page.goto("/events");
  }

  card(title: string) {
    return new EventCard(this.page.getByRole("article").filter({ hasText: title }));
  }
}
