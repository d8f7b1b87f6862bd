import type { Locator, Page } from "@playwright/test";
import { expect } from "../support/fixtures";

/** The "n / max characters" counter a form field names in its aria-describedby. */
export async function counterOf(page: Page, field: Locator): Promise<Locator> {
  const ids = (await field.getAttribute("aria-describedby")) ?? "";
  const id = ids.split(" ").find((i) => i.endsWith("-count"));
  expect(id, `a counter in aria-describedby "${ids}"`).toBeTruthy();
  return page.locator(`[id="${id}"]`);
}
