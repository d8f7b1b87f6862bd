import { randomBytes } from "node:crypto";
import type { AuthUser } from "@/lib/auth/service";
import type { EventDoc } from "@/lib/db";
import type { EventInput } from "@/lib/events/schema";

// For the discover and recommendations tests. Every write to an event is followed by
// noteCatalogChange, as in the app: discover answers from the catalog (lib/discover/catalog.ts),
// which learns of changes through it. Modules are imported on first use, after the test's
// environment is set.

export const uniqueTag = (name: string) => `${name}-${randomBytes(4).toString("hex")}`;

/** A verified user with these favorite categories, written straight to the collection. */
export async function insertUser(emailPrefix: string, favorites: string[] = []): Promise<AuthUser> {
  const { collections } = await import("@/lib/db");
  const email = `${emailPrefix}-${randomBytes(6).toString("hex")}@example.com`;
  const { insertedId } = await (await collections.users()).insertOne({ email, emailVerified: new Date(), favorites, created_at: new Date() } as never);
  return { id: insertedId.toHexString(), email, username: null };
}

/** createEvent, then noted in the catalog. */
export async function createNotedEvent(owner: AuthUser, input: EventInput): Promise<EventDoc> {
  const [{ createEvent }, { noteCatalogChange }] = await Promise.all([import("@/lib/events/details"), import("@/lib/discover/catalog")]);
  const event = await createEvent(owner, input);
  await noteCatalogChange(event._id);
  return event;
}

/** Fields set straight on the event's document, then noted in the catalog. */
export async function setEventFields(event: EventDoc, set: Record<string, unknown>): Promise<void> {
  const [{ collections }, { noteCatalogChange }] = await Promise.all([import("@/lib/db"), import("@/lib/discover/catalog")]);
  await (await collections.events()).updateOne({ _id: event._id }, { $set: set });
  await noteCatalogChange(event._id);
}
