import { beforeAll } from "vitest";
import { addGuest, loadRoutes, makeEvent, makePerson, type MediaRoutes, type Person } from "./media-support";

// Shared by the media route tests (media-<operation>.test.ts): one private event with its host and
// an attending guest, per test file, and small size limits so "too large" is cheap to test.

export const MB = 1024 * 1024;

// Set by setUpMediaEvent()'s beforeAll; live bindings, so a test file reads them once they are.
export let routes: MediaRoutes;
export let owner: Person;
export let guest: Person;
export let eventId: string;

/** Sets the limits (before env() is first read) and makes the event before the file's tests; call once, at the top of a test file. */
export function setUpMediaEvent(): void {
  process.env.MEDIA_MAX_IMAGE_MB = "1";
  process.env.MEDIA_MAX_VIDEO_MB = "3";

  beforeAll(async () => {
    routes = await loadRoutes();
    owner = await makePerson("owner");
    guest = await makePerson("guest");
    eventId = await makeEvent(owner, true);
    await addGuest(eventId, guest, "attending");
  });
}
