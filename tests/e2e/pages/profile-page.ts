import { PageObject } from "./page-object";

/** `/profile`: photo, name, username, bio, favorite categories (a tag input), and the password. */
export class ProfilePage extends PageObject {
  readonly heading = this.page.getByRole("heading", { level: 1 });
  readonly bioField = this.page.getByLabel("Bio");
  /** The file input behind the "Add photo" / "Change photo" button. */
  readonly photoInput = this.page.getByLabel(/^(Add|Change) photo$/);
  readonly photoSaved = this.page.getByText("Photo saved.");
  readonly favoritesField = this.page.getByLabel("Favorite categories");
  readonly usernameField = this.page.getByLabel("Username");
  readonly displayNameField = this.page.getByLabel("Name", { exact: true });
  readonly newPasswordField = this.page.getByLabel("New password");
  readonly currentPasswordField = this.page.getByLabel("Current password");
  readonly addPasswordButton = this.page.getByRole("button", { name: "Add password" });
  readonly passwordAdded = this.page.getByText("Password added.");
  readonly saveButton = this.page.getByRole("button", { name: "Save profile" });
  readonly saved = this.page.getByText("Profile saved.");

  goto() {
    return this.page.goto("/profile");
  }

  /** Types a category and presses Enter, as people add tags. */
  async addFavorite(text: string) {
    await this.favoritesField.fill(text);
    await this.favoritesField.press("Enter");
  }

  /** The chip's remove button, which shows the tag as it was stored. */
  removeFavoriteButton(tag: string) {
    return this.page.getByRole("button", { name: `Remove ${tag}` });
  }
}
