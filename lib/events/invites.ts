import "server-only";
import { randomBytes } from "node:crypto";
import QRCode from "qrcode";
import type { AuthUser } from "@/lib/auth/service";
import { collections } from "@/lib/db/collections";
import { noteCatalogChange } from "@/lib/discover/catalog";
import type { EventDoc } from "@/lib/db/types";
import { env } from "@/lib/env";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { sendMail } from "@/lib/mail/service";
import { eventInvite } from "@/lib/mail/templates";
import { getHostedEvent } from "./access";
import { formatEventTime } from "./time";
import { inviteUrlOf } from "./views";

// The invite link: its token, rotation, expiry and use limit, and sending it (owner only).
// Each change is one single-document update with ownership in the filter.

export function newInviteToken(): string {
  return randomBytes(24).toString("base64url");
}

export function inviteLink(event: Pick<EventDoc, "_id" | "invite_token">): string {
  return inviteUrlOf(event, env().APP_URL);
}

export async function rotateInvite(user: AuthUser, eventId: string): Promise<EventDoc> {
  const { event } = await getHostedEvent(eventId, user);
  const updated = await (await collections.events()).findOneAndUpdate(
    { _id: event._id },
    { $set: { invite_token: newInviteToken(), invite_uses: 0, invite_uses_left: event.invite_max_uses ?? null, updated_at: new Date() } },
    { returnDocument: "after" },
  );
  if (!updated) throw new NotFound("No such event.");
  await noteCatalogChange(updated._id); // the old link's join page closes in every process
  return updated;
}

/** Attempts at a use-limit change racing joins (a compare-and-set on invite_uses) before giving up. */
const SETTINGS_RETRIES = 20;

export async function setInviteSettings(
  user: AuthUser,
  eventId: string,
  settings: { expires_at?: string | null; max_uses?: number | null },
): Promise<EventDoc> {
  const events = await collections.events();
  let { event } = await getHostedEvent(eventId, user);
  const set: Partial<EventDoc> = { updated_at: new Date() };
  if (settings.expires_at !== undefined) {
    const at = settings.expires_at === null ? null : new Date(settings.expires_at);
    if (at && at.getTime() <= Date.now()) {
      throw new Invalid("The link expiry must be in the future.", { expires_at: ["The link expiry must be in the future."] });
    }
    set.invite_expires_at = at;
  }
  for (let attempt = 0; attempt < SETTINGS_RETRIES; attempt++) {
    // uses_left = max_uses − uses: set against the uses as read, so a join meanwhile retries this.
    const guard = settings.max_uses === undefined ? {} : { invite_uses: event.invite_uses, invite_token: event.invite_token };
    if (settings.max_uses !== undefined) {
      set.invite_max_uses = settings.max_uses;
      set.invite_uses_left = settings.max_uses === null ? null : Math.max(0, settings.max_uses - event.invite_uses);
    }
    const updated = await events.findOneAndUpdate({ _id: event._id, ...guard }, { $set: set }, { returnDocument: "after" });
    if (updated) {
      await noteCatalogChange(updated._id); // an expiry or a use limit may close the link's join page
      return updated;
    }
    const fresh = await events.findOne({ _id: event._id });
    if (!fresh) throw new NotFound("No such event.");
    event = fresh;
  }
  throw new Conflict("People are joining right now: try again in a moment.");
}

/** The invite link as a PNG QR code (the hosts only, like the link itself). */
export async function inviteQrPng(user: AuthUser, eventId: string): Promise<Buffer> {
  const { event } = await getHostedEvent(eventId, user);
  return QRCode.toBuffer(inviteLink(event), { type: "png", width: 1024, margin: 2, errorCorrectionLevel: "M" });
}

/** Emails the invite link and its QR code to each address. */
export async function inviteByEmail(user: AuthUser, eventId: string, emails: string[]): Promise<{ sent: number; failed: string[] }> {
  const { event } = await getHostedEvent(eventId, user);
  const host = await (await collections.users()).findOne({ _id: event.owner_id }, { projection: { username: 1 } });
  const link = inviteLink(event);
  const qrPngDataUrl = await QRCode.toDataURL(link, { width: 300, margin: 2 });
  const message = await eventInvite({
    eventTitle: event.title,
    startsAtText: formatEventTime(event.starts_at, event.ends_at, event.timezone),
    location: event.location,
    inviteLink: link,
    qrPngDataUrl,
    inviterName: host?.username ?? undefined,
  });
  const failed: string[] = [];
  let sent = 0;
  for (const to of emails) {
    await sendMail({ to, ...message }).then(
      () => sent++,
      () => failed.push(to),
    );
  }
  return { sent, failed };
}
