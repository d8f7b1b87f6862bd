// Pure: whether an event has a seat left (the stored seats_left counter; null means no limit).

/** No seat left: a capped event whose attending guests fill it. An event without a limit is never full. */
export function isFull(event: { seats_left?: number | null }): boolean {
  return event.seats_left !== null && event.seats_left !== undefined && event.seats_left <= 0;
}
