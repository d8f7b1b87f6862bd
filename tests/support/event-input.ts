import type { EventInput } from "@/lib/events/schema";

const DAY_MS = 86_400_000;

/**
 * What the events service's createEvent takes: a public, unlimited, untagged event in UTC, `days`
 * from now (a week unless told), with the test's own fields over it.
 */
export function eventInput({ days = 7, ...fields }: Partial<EventInput> & { days?: number } = {}): EventInput {
  return {
    title: "Untitled",
    description: "",
    starts_at: new Date(Date.now() + days * DAY_MS),
    ends_at: null,
    timezone: "UTC",
    location: "",
    max_people: null,
    is_private: false,
    tags: [],
    ...fields,
  };
}
