import "server-only";
import type { AttendanceStatus, EventDoc } from "@/lib/db/types";
import type { HostRole } from "./access";
import { env } from "@/lib/env";
import { isFull } from "./capacity";
import { coverUrl } from "./cover-url";
import { inviteLink } from "./invites";
import { questionViewOf } from "./questions";
import { themeOf } from "./views";

// The event as the JSON API answers it: the original API's field names, plus the richer ones.

/** The cover's URLs, absolute; `token` goes along for an invitee of a private event. */
function coverJson(event: EventDoc, token: string | null | undefined) {
  if (!event.cover) return null;
  const url = (size: "wide" | "small" | "og") => new URL(coverUrl(event, size, token)!, env().APP_URL).toString();
  return { wide: url("wide"), small: url("small"), og: url("og") };
}

/** `viewerIsHost`: the owner or a co-host reads it (counts by every status, the invite link, the co-hosts); `viewerRole` says which. */
export function eventJson(
  event: EventDoc,
  opts: { viewerIsHost?: boolean; viewerRole?: HostRole | null; viewerStatus?: AttendanceStatus | null; token?: string | null; viewerGuests?: number | null } = {},
) {
  const json: Record<string, unknown> & { event_id: string } = {
    _id: event._id.toHexString(),
    event_id: event._id.toHexString(),
    title: event.title,
    description: event.description,
    date: event.starts_at.toISOString(),
    starts_at: event.starts_at.toISOString(),
    ends_at: event.ends_at ? event.ends_at.toISOString() : null,
    timezone: event.timezone,
    location: event.location,
    max_people: event.max_people ?? null,
    seats_left: event.seats_left,
    plus_ones_max: event.plus_ones_max ?? 0,
    guests_attending: event.guests_attending ?? 0,
    is_full: isFull(event),
    is_private: event.is_private,
    tags: event.tags,
    theme: themeOf(event),
    cover: coverJson(event, opts.token),
    // Whoever may see the event may see what it asks: an API client answers them when it joins.
    questions: (event.questions ?? []).map(questionViewOf),
    owner_id: event.owner_id.toHexString(),
    counts: { attending: event.counts.attending, maybe: event.counts.maybe },
    created_at: event.created_at.toISOString(),
    updated_at: event.updated_at.toISOString(),
  };
  if (opts.viewerStatus !== undefined) json.rsvp_status = opts.viewerStatus;
  if (opts.viewerGuests !== undefined) json.guests = opts.viewerGuests;
  if (opts.viewerRole !== undefined) json.viewer_role = opts.viewerRole;
  if (opts.viewerIsHost) {
    json.counts = event.counts;
    json.invite_link = inviteLink(event);
    json.invite_expires_at = event.invite_expires_at?.toISOString() ?? null;
    json.invite_max_uses = event.invite_max_uses ?? null;
    json.invite_uses = event.invite_uses;
    json.cohost_ids = (event.cohost_ids ?? []).map((id) => id.toHexString());
  }
  return json;
}

/** The host's view of the current invite link (GET/POST/PATCH /api/v1/events/{id}/invite-link). */
export function inviteLinkJson(event: EventDoc) {
  return {
    invite_link: inviteLink(event),
    expires_at: event.invite_expires_at?.toISOString() ?? null,
    max_uses: event.invite_max_uses ?? null,
    uses: event.invite_uses,
  };
}
