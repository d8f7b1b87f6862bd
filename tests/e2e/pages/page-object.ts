import type { Page } from "@playwright/test";

/** What every page object holds: the page it reads. Subclasses declare their locators as fields. */
export abstract class PageObject {
  constructor(readonly page: Page) {}
}
