import "server-only";
import QRCode from "qrcode";
import { collections } from "@/lib/db/collections";
import { env } from "@/lib/env";
import type { JobHandler } from "@/lib/jobs/queue";
import { eventTicket } from "@/lib/mail/templates";
import { TICKET_MAIL_JOB } from "./check-in-changes";
import { mailOnce } from "./guest-mail";
import { signTicket, ticketCode } from "./tickets";
import { formatEventTime } from "./time";

// The guest's ticket by mail (queued by lib/events/check-in-changes.ts when they start attending):
// the QR code as an inline PNG attachment (`cid:`), which Gmail, Apple Mail and Outlook show in the
// mail, the short code in text, and the event page, which shows the ticket too.

const QR_CID = "ticket-qr@invyta";

/** Sends the ticket of membership `<event hex>:<user hex>` once, if the guest is still attending. */
export async function sendTicketMail(membershipId: string, now = new Date()): Promise<boolean> {
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
  return mailOnce(
    `ticket:${membershipId}`,
    async () => {
      // 6 px a module (about 250 px, shown at 220): a 440 px PNG cost 18 ms of CPU a mail, this one about 5.
      const png = await QRCode.toBuffer(ticket, { type: "png", scale: 6, margin: 2, errorCorrectionLevel: "M" });
      const content = await eventTicket({
        eventTitle: event.title,
        eventUrl: new URL(`/events/${eventHex}`, env().APP_URL).toString(),
        eventTime: formatEventTime(event.starts_at, event.ends_at, event.timezone),
        location: event.location,
        code: ticketCode(eventHex, userHex),
        qrCid: `cid:${QR_CID}`,
      });
      return { to: user.email, ...content, attachments: [{ filename: "ticket.png", contentType: "image/png", content: png.toString("base64"), encoding: "base64", cid: QR_CID }] };
    },
    now,
  );
}

export const ticketJobs: Record<string, JobHandler> = {
  [TICKET_MAIL_JOB]: async (data) => {
    await sendTicketMail(String(data.membership_id));
  },
};
