import { EventCard } from "./event-card";
import { PageObject } from "./page-object";

/** `/discover`: recommendations, filters, search and pages, all in the URL. */
export class DiscoverPage extends PageObject {
  readonly heading = this.page.getByRole("heading", { level: 1, name: "Discover events" });
  readonly recommended = this.page.getByRole("region", { name: "Recommended for you" });
  readonly popularHeading = this.recommended.getByRole("heading", { name: "Popular upcoming events" });
  readonly setFavoritesLink = this.recommended.getByRole("link", { name: "Set your favorite categories" });
  readonly filters = this.page.getByRole("search", { name: "Filter events" });
  readonly order = this.page.getByLabel("Order");
  readonly searchBox = this.page.getByRole("searchbox", { name: "Search" });
  readonly searchButton = this.page.getByRole("button", { name: "Search", exact: true });
  readonly clearFiltersLink = this.page.getByRole("link", { name: "Clear filters" }).first();
  readonly moreEventsLink = this.page.getByRole("link", { name: "More events", exact: true });
  readonly firstPageLink = this.page.getByRole("link", { name: "Back to the first page" });

  /** `query` as it goes after `?` (several `tag`s, `sort`, `q`, `limit`). */
  goto(query?: string) {
    return this.page.goto(query === undefined ? "/discover" : `/discover?${query}`);
  }

  recommendedText(text: string) {
    return this.recommended.getByText(text);
  }

  recommendedLink(title: string) {
    return this.recommended.getByRole("link", { name: title });
  }

  recommendedCard(title: string) {
    return new EventCard(this.recommended.getByRole("article").filter({ hasText: title }));
  }

  /** A list of events by its name ("Matching events"). */
  results(name: string) {
    const list = this.page.getByRole("list", { name });
    return { cards: list.getByRole("article"), titles: list.getByRole("heading"), link: (title: string) => list.getByRole("link", { name: title }) };
  }

  tagFilter(tag: string) {
    return this.page.getByRole("checkbox", { name: `#${tag}` });
  }

  async search(words: string) {
    await this.searchBox.fill(words);
    await this.searchButton.click();
  }

  /** Anything the page says ("No events tagged …"), or an event's title anywhere on it. */
  text(text: string) {
    return this.page.getByText(text);
  }
}
