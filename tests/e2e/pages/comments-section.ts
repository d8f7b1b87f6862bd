import { PageObject } from "./page-object";

/** The comments on `/events/{id}`: the form, the comments, deleting one. */
export class CommentsSection extends PageObject {
  readonly region = this.page.getByRole("region", { name: "Comments" });
  readonly field = this.page.getByLabel("Add a comment");
  readonly postButton = this.page.getByRole("button", { name: "Post comment" });
  readonly counter = this.region.getByText(/^\d+ \/ 1000/);
  readonly emptyState = this.region.getByText(/^No comments yet\./);
  readonly comments = this.region.getByRole("article");
  /** What the last action did, as a screen reader hears it. */
  readonly status = this.region.getByRole("status");
  readonly formError = this.region.getByRole("alert");
  readonly olderButton = this.region.getByRole("button", { name: "Older comments" });

  async post(text: string) {
    await this.field.fill(text);
    await this.postButton.click();
  }

  comment(author: string) {
    return this.region.getByRole("article", { name: `Comment by ${author}` });
  }

  deleteButton(author: string) {
    return this.comment(author).getByRole("button", { name: `Delete comment by ${author}` });
  }

  /** Deletes `author`'s comment: "Delete", then "Yes, delete". */
  async delete(author: string) {
    await this.deleteButton(author).click();
    await this.comment(author).getByRole("button", { name: "Yes, delete" }).click();
  }
}
