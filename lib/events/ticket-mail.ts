import "server-only";
import { collections } from "@/lib/db/collections";
import { env } from "@/lib/env";
import type { JobHandler } from "@/lib/jobs/queue";
import { sendMail } from "@/lib/mail/service";
import { eventTicket, waitlistPromoted } from "@/lib/mail/templates";
import { TICKET_MAIL_JOB } from "./check-in-changes";
import { mailOnce } from "./guest-mail";
import { qrPngOf, signTicket, ticketCode } from "./tickets";
import { formatEventTime } from "./time";

// The guest's ticket by mail (queued by lib/events/check-in-changes.ts when they start attending; a
// guest who comes off the waitlist gets that news in the same mail): the QR code as an inline PNG
// attachment (`cid:`), which Gmail, Apple Mail and Outlook show in the mail, the short code in text,
// and the event page, which shows the ticket too.

const QR_CID = "ticket-qr@invyta";

/**
 * Sends the ticket of membership `<event hex>:<user hex>` once, if the guest is still attending.
 * `promoted`: they have just come off the waitlist, which the mail says; when their ticket went
 * before (they were going once already), that news goes alone. False when nothing was sent.
 */
export async function sendTicketMail(membershipId: string, now = new Date(), { promoted = false } = {}): Promise<boolean> {
  const membership = await (await collections.attendances()).findOne({ _id: membershipId });
  if (!membership || membership.status !== "attending") return false;
  const [event, user] = await Promise.all([
    (await collections.events()).findOne({ _id: membership.event_id }),
    (await collections.users()).findOne({ _id: membership.user_id }, { projection: { email: 1 } }),
  ]);
  if (!event || !user) return false;
  const eventHex = event._id.toHexString();
  const userHex = membership.user_id.toHexString();
  const ticket = signTicket(eventHex, userHex);
  const eventUrl = new URL(`/events/${eventHex}`, env().APP_URL).toString();
  const sent = await mailOnce(
    `ticket:${membershipId}`,
    async () => {
      // 6 px a module (about 250 px, shown at 220), 1 bit a pixel: about 2 ms of CPU (qrcode's RGBA PNG: 12 ms).
      const png = qrPngOf(ticket, 6);
      const content = await eventTicket({
        eventTitle: event.title,
        eventUrl,
        eventTime: formatEventTime(event.starts_at, event.ends_at, event.timezone),
        location: event.location,
        code: ticketCode(eventHex, userHex),
        qrCid: `cid:${QR_CID}`,
        promoted,
      });
      return { to: user.email, ...content, attachments: [{ filename: "ticket.png", contentType: "image/png", content: png.toString("base64"), encoding: "base64", cid: QR_CID }] };
    },
    now,
  );
  if (sent || !promoted) return sent;
  // The job's id is one per place in line: a retry after a failed send tries again, nothing sends it twice.
  await sendMail({ to: user.email, ...(await waitlistPromoted({ eventTitle: event.title, eventUrl })) });
  return true;
}

export const ticketJobs: Record<string, JobHandler> = {
  [TICKET_MAIL_JOB]: async (data) => {
    await sendTicketMail(String(data.membership_id), new Date(), { promoted: typeof data.promotion === "string" });
  },
};
