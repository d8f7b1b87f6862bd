import "server-only";
import type { ObjectId } from "mongodb";
import type { AuthUser } from "@/lib/auth/service";
import { collections, findByIds, objectIdOrNull } from "@/lib/db/collections";
import type { EventDoc } from "@/lib/db/types";
import { env } from "@/lib/env";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { sendMail } from "@/lib/mail/service";
import { cohostAdded } from "@/lib/mail/templates";
import { getHostedEvent, getOwnedEvent } from "./access";
import { COHOSTS_MAX, type CohostAdd } from "./cohost-schema";

// Co-hosts: people the owner names to run the event with them. They manage guests (requests, the
// invite link, invitations), moderate media, post announcements and check people in; only the
// owner edits the event's details, deletes it or changes who co-hosts. The event keeps their ids
// (`cohost_ids`, at most COHOSTS_MAX), so "may this person manage it" is part of the event's point
// read; each co-host's user document lists the event in `hosted_events` (their inbox and calendar).

export type Cohost = { user_id: string; name: string | null; username: string | null; email: string; image: string | null };

type Person = { _id: ObjectId; email: string; name?: string | null; username?: string; image?: string | null };

const PERSON = { email: 1, name: 1, username: 1, image: 1 } as const;

function cohostOf(p: Person): Cohost {
  return { user_id: p._id.toHexString(), name: p.name || null, username: p.username ?? null, email: p.email, image: p.image ?? null };
}

/** The event's co-hosts, in the order they were added (the hosts only: they see each other's emails). */
export async function listCohosts(user: AuthUser, eventId: string): Promise<Cohost[]> {
  const { event } = await getHostedEvent(eventId, user);
  return cohostsOf(event);
}

export async function cohostsOf(event: Pick<EventDoc, "cohost_ids">): Promise<Cohost[]> {
  const ids = event.cohost_ids ?? [];
  const people = await findByIds(await collections.users(), ids, PERSON);
  const byId = new Map(people.map((p) => [p._id.toHexString(), p as Person]));
  return ids.flatMap((id) => {
    const p = byId.get(id.toHexString());
    return p ? [cohostOf(p)] : [];
  });
}

async function findPerson(who: CohostAdd): Promise<Person> {
  const users = await collections.users();
  const person = who.email
    ? await users.findOne({ email: who.email }, { projection: PERSON })
    : await users.findOne({ username_lower: who.username!.toLowerCase() }, { projection: PERSON });
  if (!person) {
    throw new NotFound(
      who.email ? "Nobody has an Invyta account with that email. Ask them to sign up, then add them." : "Nobody has that username on Invyta.",
    );
  }
  return person as Person;
}

/** The owner adds a co-host: one guarded update (not yet a co-host, room left), then the email. */
export async function addCohost(owner: AuthUser, eventId: string, who: CohostAdd): Promise<Cohost> {
  const event = await getOwnedEvent(eventId, owner);
  const person = await findPerson(who);
  const label = person.name || person.username || person.email;
  if (person._id.equals(event.owner_id)) throw new Conflict("You own this event: you are its host already.");
  const events = await collections.events();
  const added = await events.updateOne(
    { _id: event._id, owner_id: event.owner_id, cohost_ids: { $ne: person._id }, [`cohost_ids.${COHOSTS_MAX - 1}`]: { $exists: false } },
    { $push: { cohost_ids: person._id }, $set: { updated_at: new Date() } },
  );
  if (added.matchedCount === 0) {
    const now = await events.findOne({ _id: event._id }, { projection: { cohost_ids: 1 } });
    if (now?.cohost_ids?.some((id) => id.equals(person._id))) throw new Conflict(`${label} is a co-host already.`);
    throw new Conflict(`An event can have at most ${COHOSTS_MAX} co-hosts. Remove one first.`);
  }
  await (await collections.users()).updateOne({ _id: person._id }, { $addToSet: { hosted_events: event._id } });
  const ownerDoc = await (await collections.users()).findOne({ _id: event.owner_id }, { projection: { name: 1, username: 1 } });
  const eventUrl = new URL(`/events/${event._id.toHexString()}`, env().APP_URL).toString();
  const mail = await cohostAdded({ eventTitle: event.title, eventUrl, ownerName: ownerDoc?.name || ownerDoc?.username || null });
  // The co-host is added whether or not the email goes: the event page and their inbox show it.
  await sendMail({ to: person.email, ...mail }).catch((err) => console.error("[invyta] co-host email failed:", err));
  return cohostOf(person);
}

/** The owner removes a co-host, or a co-host steps down; 404 when that person does not co-host it. */
export async function removeCohost(actor: AuthUser, eventId: string, cohostId: string): Promise<void> {
  const { event, role } = await getHostedEvent(eventId, actor);
  if (role !== "owner" && cohostId !== actor.id) throw new Forbidden("Only the owner can change co-hosts.");
  const _id = objectIdOrNull(cohostId);
  const removed = _id
    ? await (await collections.events()).updateOne({ _id: event._id, cohost_ids: _id }, { $pull: { cohost_ids: _id }, $set: { updated_at: new Date() } })
    : null;
  if (!_id || !removed || removed.matchedCount === 0) throw new NotFound("That person is not a co-host of this event.");
  await (await collections.users()).updateOne({ _id }, { $pull: { hosted_events: event._id } });
}
