import type { Locator } from "@playwright/test";
import { PageObject } from "./page-object";

/** The lightbox dialog a photo opens in. */
export class Lightbox {
  readonly image;
  readonly closeButton;
  readonly caption;

  constructor(readonly root: Locator, name: string) {
    this.image = root.getByRole("img", { name });
    this.closeButton = root.getByRole("button", { name: "Close" });
    this.caption = root.getByTestId("lightbox-caption");
  }
}

/** `/events/{id}/media`: the gallery of an event's photos and videos. */
export class MediaPage extends PageObject {
  readonly heading = this.page.getByRole("heading", { level: 1 });

  /** The gallery's tiles of `uploader`'s photos, each a button that opens the lightbox. */
  tiles(uploader: string) {
    return this.page.getByRole("button", { name: `Open Photo by ${uploader}` });
  }

  /** The tile's preview image. */
  preview(tile: Locator) {
    return tile.locator("img");
  }

  /** Tiles that show a preview image. */
  withPreview(tiles: Locator) {
    return tiles.filter({ has: this.page.locator("img") });
  }

  lightbox(uploader: string) {
    const name = `Photo by ${uploader}`;
    return new Lightbox(this.page.getByRole("dialog", { name }), name);
  }
}
