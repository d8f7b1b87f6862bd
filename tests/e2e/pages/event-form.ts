import { expect } from "@playwright/test";
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

  readonly addQuestionButton = this.page.getByRole("button", { name: "Add a question" });

  /** The n-th question for guests (1-based) in the questions editor, as a group of its fields. */
  question(n: number) {
    const group = this.page.getByRole("group", { name: `Question ${n}`, exact: true });
    return {
      group,
      label: group.getByLabel("Question", { exact: true }),
      kind: group.getByLabel("Answer type"),
      choices: group.getByLabel("Choices"),
      required: group.getByRole("checkbox"),
      remove: this.page.getByRole("button", { name: `Remove question ${n}` }),
    };
  }

  /** Adds a question for guests at the end of the list: its wording, kind (the option's text), choices and whether it must be answered. */
  async addQuestion(n: number, q: { label: string; kind?: string; choices?: string[]; required?: boolean }) {
    await this.addQuestionButton.click();
    const fields = this.question(n);
    await fields.label.fill(q.label);
    if (q.required) await fields.required.check();
    if (q.kind) await fields.kind.selectOption({ label: q.kind });
    if (q.choices) await fields.choices.fill(q.choices.join("\n"));
    if (q.required) await expect(fields.required).toBeChecked();
  }

  /** A message about a field: a validation error, or what its character counter announces. */
  message(text: string) {
    return this.page.getByText(text);
  }
}
