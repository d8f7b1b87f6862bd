import "server-only";
import type { ObjectId } from "mongodb";
import { collections, findByIds } from "@/lib/db/collections";
import { isDuplicateKey } from "@/lib/db/errors";
import type { AttendanceDoc, AttendanceStatus, UserDoc } from "@/lib/db/types";
import { sendMail, type MailMessage } from "@/lib/mail/service";

// Mail from a job to an event's guests (reminders, announcements): the guests with the given
// statuses, a page at a time by membership `_id` (memory stays flat however many), each mailed
// at most once — the send is recorded in `mail_sends` under `<key>:<user hex>` before the mail goes,
// so a retried job or a second worker skips whoever already has it. A failed mail removes its record
// and fails the job, whose retry picks up from there.

const PAGE = 200;

export type Recipient = { membership: AttendanceDoc; user: Pick<UserDoc, "_id" | "email" | "time_zone"> };

export async function mailGuests(opts: {
  eventId: ObjectId;
  statuses: AttendanceStatus[];
  /** `mail_sends` key prefix for this mail, e.g. `announcement:<id>`. */
  key: string;
  skip?: (membership: AttendanceDoc) => boolean;
  message: (recipient: Recipient) => Promise<Omit<MailMessage, "to">>;
  now?: Date;
}): Promise<number> {
  const { eventId, statuses, key, skip, message, now = new Date() } = opts;
  const attendances = await collections.attendances();
  let sent = 0;
  let after = `${eventId.toHexString()}:`;
  for (;;) {
    const page = await attendances.find({ event_id: eventId, status: { $in: statuses }, _id: { $gt: after } }).sort({ _id: 1 }).limit(PAGE).toArray();
    if (page.length === 0) break;
    after = page[page.length - 1]!._id;
    const wanted = skip ? page.filter((m) => !skip(m)) : page;
    const users = new Map((await findByIds(await collections.users(), wanted.map((m) => m.user_id), { email: 1, time_zone: 1 })).map((u) => [u._id.toHexString(), u]));
    for (const membership of wanted) {
      const user = users.get(membership.user_id.toHexString());
      if (!user) continue;
      if (await mailOnce(`${key}:${membership.user_id.toHexString()}`, async () => ({ to: user.email, ...(await message({ membership, user })) }), now)) sent++;
    }
    if (page.length < PAGE) break;
  }
  return sent;
}

/**
 * Sends one mail at most once under `sendId` (recorded in `mail_sends` before it goes); false when it
 * went already. A failed mail removes the record and throws, so a retry sends it then.
 */
export async function mailOnce(sendId: string, message: () => Promise<MailMessage>, now = new Date()): Promise<boolean> {
  const sends = await collections.mailSends();
  try {
    await sends.insertOne({ _id: sendId, sent_at: now });
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
  try {
    await sendMail(await message());
    return true;
  } catch (err) {
    await sends.deleteOne({ _id: sendId });
    throw err;
  }
}

/** Forgets the sends recorded under `key` (`<key>:…`), once nothing can send them again. */
export async function forgetMailOnce(key: string): Promise<void> {
  await (await collections.mailSends()).deleteMany({ _id: { $gt: `${key}:`, $lt: `${key};` } });
}
