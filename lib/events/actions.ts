"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedAction, validatedActionWithUser } from "@/lib/action";
import { Invalid, NotFound } from "@/lib/errors";
import { requestSignInCode, signInWithCode } from "@/lib/auth/code-sign-in";
import { signIn } from "@/lib/auth/next-auth";
import { codeRequestSchema, displayNameSchema, verifySchema } from "@/lib/auth/schema";
import { issueSignInTicket } from "@/lib/auth/tokens";
import { previewInvite } from "./access";
import {
  eventCreateSchema,
  inviteEmailsSchema,
  inviteSettingsSchema,
  joinSchema,
  requestDecisionSchema,
  rsvpSchema,
  duplicateSchema,
} from "./schema";
import { commentSchema } from "./comment-schema";
import { commentItemViewOf } from "./comment-views";
import { deleteComment, listComments, postComment } from "./comments";
import { createEvent, deleteEvent, duplicateEvent, updateEvent } from "./details";
import { inviteByEmail, inviteLink, rotateInvite, setInviteSettings } from "./invites";
import { joinEvent, partyFor, rsvp } from "./membership";
import { decideAllRequests, decideRequest } from "./requests";
import { parseAnswers } from "./questions";
import { announcementSchema, reminderSettingsSchema, unsubscribeSchema } from "./guest-news-schema";
import { postAnnouncement } from "./announcements";
import { cohostAddOf, cohostAddSchema } from "./cohost-schema";
import { addCohost, removeCohost } from "./cohosts";
import { setReminderSettings, unsubscribeFromReminders } from "./reminders";

// Thin wrappers: parse with the shared schema, call the service, refresh the pages that show it.

const eventId = z.object({ event_id: z.string({ error: "event_id is required." }).min(1, "event_id is required.").max(64) });

function refreshEvent(id: string) {
  revalidatePath("/events");
  revalidatePath(`/events/${id}`);
  revalidatePath(`/events/${id}/manage`);
}

/** /events/new: on success the browser goes to the new event's manage page (its invite link and QR code). */
export const createEventAction = validatedActionWithUser(eventCreateSchema, async (input, user) => {
  const event = await createEvent(user, input);
  revalidatePath("/events");
  redirect(`/events/${event._id.toHexString()}/manage`);
});

/** /events/[id]/edit: the form's fields, for the event `id`; on success, the event's page. */
export async function updateEventAction(id: string, raw: unknown) {
  return validatedActionWithUser(eventCreateSchema, async (input, user) => {
    const event = await updateEvent(user, id, input);
    const eventPath = `/events/${event._id.toHexString()}`;
    refreshEvent(event._id.toHexString());
    redirect(eventPath);
  })(raw);
}

export const deleteEventAction = validatedActionWithUser(eventId, async ({ event_id }, user) => {
  await deleteEvent(user, event_id);
  revalidatePath("/events");
  redirect("/events");
});

export const rsvpAction = validatedActionWithUser(rsvpSchema.extend(eventId.shape), async ({ event_id, rsvp_status, answers, guests }, user) => {
  const result = await rsvp(user, event_id, rsvp_status, { answers, guests });
  refreshEvent(event_id);
  return result;
});

/** The join page: each try counts against the same per-IP budget as opening invite links. */
export const joinEventAction = validatedActionWithUser(
  joinSchema,
  async ({ event_id, token, answers, guests }, user) => {
    const result = await joinEvent(user, event_id, token, { answers, guests });
    revalidatePath("/events");
    revalidatePath(`/events/${event_id}/manage`);
    return result;
  },
  { limit: "inviteToken" },
);

// Joining from an invite link while signed out, in two steps: name and email → the emailed code.
// The first step checks the link before sending anything; the second signs the person in (creating
// the account on first use) and joins them, so they are in the moment the code is right.

export const requestJoinCodeAction = validatedAction(
  joinSchema.extend(codeRequestSchema.shape).extend({ name: displayNameSchema }),
  async ({ event_id, token, email, name, answers, guests }) => {
    const { event } = await previewInvite(event_id, token, null);
    // The answers go with the code's step; a missing one is said now, before an email is sent.
    parseAnswers(event.questions, answers, { required: true });
    partyFor(event, guests, 0);
    await requestSignInCode({ email, name }, { eventTitle: event.title });
    return { email };
  },
  { limit: "signInCode" },
);

export const joinWithCodeAction = validatedAction(
  joinSchema.extend(verifySchema.shape),
  async ({ event_id, token, email, code, answers, guests }) => {
    const user = await signInWithCode({ email, code });
    await signIn("credentials", { ticket: await issueSignInTicket(user.id), redirect: false });
    const result = await joinEvent(user, event_id, token, { answers, guests });
    revalidatePath(`/events/${event_id}/manage`);
    return { status: result.status };
  },
  { limit: "verify" },
);

export const rotateInviteAction = validatedActionWithUser(eventId, async ({ event_id }, user) => {
  const event = await rotateInvite(user, event_id);
  revalidatePath(`/events/${event_id}/manage`);
  return { invite_link: inviteLink(event) };
});

export const inviteSettingsAction = validatedActionWithUser(inviteSettingsSchema.extend(eventId.shape), async ({ event_id, ...settings }, user) => {
  const event = await setInviteSettings(user, event_id, settings);
  revalidatePath(`/events/${event_id}/manage`);
  return {
    invite_expires_at: event.invite_expires_at?.toISOString() ?? null,
    invite_max_uses: event.invite_max_uses ?? null,
  };
});

/** Sends mail: limited per user, on the same budget as the API's invitations endpoint. */
export const inviteEmailsAction = validatedActionWithUser(
  inviteEmailsSchema.extend(eventId.shape),
  ({ event_id, emails }, user) => inviteByEmail(user, event_id, emails),
  { limit: "inviteEmails" },
);

export const decideRequestAction = validatedActionWithUser(
  requestDecisionSchema.extend(eventId.shape).extend({ user_id: z.string().min(1).max(64) }),
  async ({ event_id, user_id, action }, user) => {
    const result = await decideRequest(user, event_id, user_id, action);
    refreshEvent(event_id);
    return result;
  },
);

export const decideAllRequestsAction = validatedActionWithUser(requestDecisionSchema.extend(eventId.shape), async ({ event_id, action }, user) => {
  const result = await decideAllRequests(user, event_id, action);
  refreshEvent(event_id);
  return result;
});

/** The page a reminder's "stop reminders" link opens: the guest confirms, and this event's reminders stop. */
export async function stopRemindersAction(form: FormData): Promise<void> {
  const link = unsubscribeSchema.safeParse({ e: form.get("e"), u: form.get("u"), s: form.get("s") });
  const query = link.success ? new URLSearchParams(link.data) : new URLSearchParams();
  let done = false;
  if (link.success) {
    try {
      await unsubscribeFromReminders(link.data.e, link.data.u, link.data.s);
      done = true;
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
    }
  }
  redirect(`/reminders/unsubscribe?${query}&${done ? "done=1" : "invalid=1"}`);
}

// Comments on the event page: the same services, rules and rate limit as /api/v1/events/{id}/comments.

/** Limited per user, on the same budget as POST /api/v1/events/{id}/comments. */
export const postCommentAction = validatedActionWithUser(
  commentSchema.extend(eventId.shape),
  async ({ event_id, body }, user) => {
    const comment = commentItemViewOf(await postComment(user, event_id, body));
    revalidatePath(`/events/${event_id}`);
    return comment;
  },
  { limit: "comment", tooMany: "That is a lot of comments in a minute." },
);

export const deleteCommentAction = validatedActionWithUser(eventId.extend({ comment_id: z.string().min(1).max(64) }), async ({ event_id, comment_id }, user) => {
  const deleted = await deleteComment(user, event_id, comment_id);
  revalidatePath(`/events/${event_id}`);
  return { comment_id: deleted };
});

/** "Older comments": the page after `cursor`, newest first. */
export const olderCommentsAction = validatedActionWithUser(eventId.extend({ cursor: z.string().min(1).max(200) }), async ({ event_id, cursor }, user) => {
  const page = await listComments(user, event_id, { cursor });
  return { comments: page.comments.map(commentItemViewOf), next_cursor: page.next_cursor };
});

/** The event page's announcement form (the host): stored, shown to the chosen group and emailed to them. */
export const postAnnouncementAction = validatedActionWithUser(
  announcementSchema.extend(eventId.shape),
  async ({ event_id, body, audience }, user) => {
    const posted = await postAnnouncement(user, event_id, { body, audience });
    revalidatePath(`/events/${event_id}`);
    return { announcement_id: posted.announcement_id };
  },
  { limit: "announcement", tooMany: "You have posted many announcements this hour." },
);

/** The Manage page's reminder choices (the host). */
export const setRemindersAction = validatedActionWithUser(reminderSettingsSchema.extend(eventId.shape), async ({ event_id, offsets_minutes }, user) => {
  const saved = await setReminderSettings(user, event_id, offsets_minutes);
  refreshEvent(event_id);
  return saved;
});

/** The Manage page's "Duplicate": the copy opens in the editor, to check its details. */
export const duplicateEventAction = validatedActionWithUser(duplicateSchema.extend(eventId.shape), async ({ event_id, ...input }, user) => {
  const copy = await duplicateEvent(user, event_id, input);
  refreshEvent(copy._id.toHexString());
  redirect(`/events/${copy._id.toHexString()}/edit?duplicated=1`);
});

const cohostWho = z.object({
  who: z.string({ error: "Enter the email or username of the person to add." }).trim().min(1, "Enter the email or username of the person to add.").max(254, "That is too long for an email or a username."),
});

/** The Manage page's co-hosts form: one field, an email or a username. */
export const addCohostAction = validatedActionWithUser(
  cohostWho.extend(eventId.shape),
  async ({ event_id, who }, user) => {
    const parsed = cohostAddSchema.safeParse(cohostAddOf(who));
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? "Enter an email or a username.";
      throw new Invalid(message, { who: [message] });
    }
    const cohost = await addCohost(user, event_id, parsed.data);
    refreshEvent(event_id);
    return cohost;
  },
  { limit: "cohostAdd" },
);

/** The owner removes a co-host, or a co-host steps down (then the Manage page is no longer theirs: to My events). */
export const removeCohostAction = validatedActionWithUser(eventId.extend({ user_id: z.string().min(1).max(64) }), async ({ event_id, user_id }, user) => {
  await removeCohost(user, event_id, user_id);
  refreshEvent(event_id);
  if (user_id === user.id) redirect("/events");
  return null;
});
