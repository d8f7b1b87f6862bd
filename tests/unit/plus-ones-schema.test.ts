import { describe, expect, it } from "vitest";
import { eventCreateSchema, eventPatchSchema, joinSchema, PLUS_ONES_LIMIT, rsvpSchema } from "@/lib/events/schema";

// Plus-ones in the shared schemas: the host's allowance on the event (form and API) and the guest's
// party on join and RSVP bodies. The event's own allowance is checked by the service.

const event = { title: "Supper", starts_at: "2031-05-01T19:00", timezone: "Europe/Berlin" };

describe("plus_ones_max on the event", () => {
  it("is a whole number 0–5, from the API's number or the form's string; absent is 0", () => {
    expect(eventCreateSchema.parse(event).plus_ones_max).toBe(0);
    expect(eventCreateSchema.parse({ ...event, plus_ones_max: 3 }).plus_ones_max).toBe(3);
    expect(eventCreateSchema.parse({ ...event, plus_ones_max: "5" }).plus_ones_max).toBe(PLUS_ONES_LIMIT);
    expect(eventCreateSchema.parse({ ...event, plus_ones_max: "" }).plus_ones_max).toBe(0);
    expect(eventPatchSchema.parse({ plus_ones_max: 2 })).toEqual({ plus_ones_max: 2 });
    for (const bad of [6, -1, 1.5, "two", null, true, [1], { $gt: 0 }]) {
      const parsed = eventCreateSchema.safeParse({ ...event, plus_ones_max: bad });
      expect(parsed.success, JSON.stringify(bad)).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(["plus_ones_max"]);
    }
  });
});

describe("guests on join and RSVP bodies", () => {
  it("is optional, and a whole number 0–5 with a message that says so", () => {
    expect(joinSchema.parse({ event_id: "e", token: "t" }).guests).toBeUndefined();
    expect(joinSchema.parse({ event_id: "e", token: "t", guests: 2 }).guests).toBe(2);
    expect(rsvpSchema.parse({ rsvp_status: "attending", guests: 0 }).guests).toBe(0);
    for (const bad of [6, -1, 0.5, "many", null, { $inc: 1 }]) {
      const parsed = rsvpSchema.safeParse({ rsvp_status: "attending", guests: bad });
      expect(parsed.success, JSON.stringify(bad)).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe("guests must be a whole number from 0 to 5: the extra people you bring.");
    }
  });
});
