import { slugify } from "./text";

/** File-name stem for an event's downloads (QR PNG, guest CSV, calendar): "Summer BBQ!" → "summer-bbq". */
export const eventSlug = slugify;
