import type { Page } from "@playwright/test";
import { LoginPage } from "./pages/login-page";
import { apiClientFor, expect, seedVerifiedUser, test, uniqueEmail } from "./support/fixtures";

// Every tap target on the phone pages is at least 44 × 44 px (issue 13; WCAG 2.5.5). A target's
// area is where a tap lands on it: its box, or the box of a ::before/::after that stretches it (a
// card's title link covers the card), so each is probed with elementFromPoint 22 px around its
// centre. Visually hidden controls inside a big enough label (a chip's checkbox) count as the label.

const MIN = 44;

async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const half = min / 2;
    const lands = (el: Element, x: number, y: number) => {
      const hit = document.elementFromPoint(x, y);
      return !!hit && (hit === el || el.contains(hit));
    };
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]"))) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue; // visually hidden (a skip link until focused, a file input behind its label)
      const label = el.closest("label");
      if (label && label.getBoundingClientRect().height >= min && label.getBoundingClientRect().width >= min) continue;
      if (r.width >= min && r.height >= min) continue;
      el.scrollIntoView({ block: "center", inline: "center" });
      const b = el.getBoundingClientRect();
      const [cx, cy] = [b.left + b.width / 2, b.top + b.height / 2];
      const probes: [number, number][] = [
        [cx - half + 1, cy],
        [cx + half - 1, cy],
        [cx, cy - half + 1],
        [cx, cy + half - 1],
      ];
      if (probes.every(([x, y]) => lands(el, x, y))) continue;
      const name = (el.getAttribute("aria-label") || el.textContent || (el as HTMLInputElement).name || "").trim().slice(0, 40);
      out.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  }, MIN);
}

test("every tap target on the phone pages is at least 44 × 44 px", async ({ page, baseURL }) => {
  test.skip(test.info().project.name !== "phone", "a phone's pages");
  const email = uniqueEmail("taps");
  await seedVerifiedUser(email, "host");
  const api = await apiClientFor(baseURL!, email);
  const res = await api.post("/api/v1/events", {
    data: { title: "Tap targets", starts_at: new Date(Date.now() + 9 * 86_400_000).toISOString(), timezone: "Asia/Tokyo", location: "Shibuya", is_private: false, tags: ["music", "food"] },
  });
  expect(res.status()).toBe(201);
  const { event_id: id, event } = await res.json();
  await api.dispose();
  const joinPath = new URL(event.invite_link).pathname + new URL(event.invite_link).search;

  const found: Record<string, string[]> = {};
  for (const path of ["/", "/login", "/signup", "/forgot-password", "/discover", joinPath]) {
    await page.goto(path);
    found[path] = await smallTargets(page);
  }
  await new LoginPage(page).signInTo(email, "/events");
  for (const path of ["/events", `/events/${id}`, `/events/${id}/manage`, `/events/${id}/edit`, "/events/new", "/profile", "/discover"]) {
    await page.goto(path);
    found[`${path} (signed in)`] = await smallTargets(page);
  }
  expect(Object.fromEntries(Object.entries(found).filter(([, list]) => list.length > 0))).toEqual({});
});
