import { PageObject } from "./page-object";

/** The fields of the event form, shared by /events/new and /events/{id}/edit. */
export class EventForm extends PageObject {
  readonly title = this.page.getByLabel("Title");
  readonly description = this.page.getByLabel("Description");
  readonly starts = this.page.getByLabel("Starts", { exact: true });
  readonly timeZone = this.page.getByLabel("Time zone");
  readonly location = this.page.getByLabel("Location (optional)");
  readonly capacity = this.page.getByLabel("Capacity (optional)");
  readonly tags = this.page.getByLabel("Tags (optional)");

  /** A theme's radio button, by its name ("Forest"). */
  theme(name: string) {
    return this.page.getByRole("radio", { name });
  }

  /** Picks a theme by its swatch's label, as people tap it (the radio itself is visually hidden). */
  async pickTheme(name: string) {
    await this.page.locator("label").filter({ has: this.theme(name) }).click();
  }

  visibility(isPrivate: boolean) {
    return this.page.getByRole("radio", { name: isPrivate ? /^Private/ : /^Public/ });
  }

  /** Types a tag and presses Enter, as people add tags. */
  async addTag(tag: string) {
    await this.tags.fill(tag);
    await this.tags.press("Enter");
  }

  removeTagButton(tag: string) {
    return this.page.getByRole("button", { name: `Remove ${tag}` });
  }

  /** A message about a field: a validation error, or what its character counter announces. */
  message(text: string) {
    return this.page.getByText(text);
  }
}
