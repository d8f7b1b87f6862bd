// Mail content: every message has a plain-text part and an HTML part (React Email, so JSX escapes
// every interpolated value). Codes sit on a line of their own in the text part so a reader (or a
// test) can pick them out.
import { CallToAction, Code, InlineImage, InlineLink, MailLayout, Muted, Paragraph, renderMail, trimSlash } from "./templates/layout";

export type MailContent = { subject: string; text: string; html: string };

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;
const OTP_MINUTES = 10;

function assertCode(code: string): void {
  // A malformed code would reach a user as an unusable email; fail where the bug is.
  if (!/^\d{6}$/.test(code)) throw new Error("A mail code must be exactly 6 digits.");
}

function textFooter(appUrl: string): string {
  return `\n--\nInvyta · ${trimSlash(appUrl)}\n`;
}

export async function verifyEmailCode({ code, appUrl }: { code: string; appUrl: string }): Promise<MailContent> {
  assertCode(code);
  const subject = "Your Invyta verification code";
  const validity = `It is valid for ${OTP_MINUTES} minutes. Enter it on the verification page to finish signing up.`;
  const ignore = "If you did not sign up for Invyta, you can ignore this email.";
  const text = `Your Invyta verification code is:\n\n${code}\n\n${validity}\n\n${ignore}\n` + textFooter(appUrl);
  const html = await renderMail(
    <MailLayout subject={subject} heading="Confirm your email" appUrl={appUrl}>
      <Paragraph>Your Invyta verification code is:</Paragraph>
      <Code>{code}</Code>
      <Paragraph>{validity}</Paragraph>
      <Muted>{ignore}</Muted>
    </MailLayout>,
  );
  return { subject, text, html };
}

/**
 * A code that signs in, creating the account on first use (the two-step join from an invite link).
 * The code leads the subject, so a phone's notification shows it without opening the mail.
 */
export async function signInCode({ code, appUrl, eventTitle }: { code: string; appUrl: string; eventTitle?: string }): Promise<MailContent> {
  assertCode(code);
  const subject = `${code} is your Invyta code`;
  const purpose = eventTitle ? `Enter it on the invitation page to join “${eventTitle}”.` : "Enter it to sign in.";
  const validity = `It is valid for ${OTP_MINUTES} minutes.`;
  const ignore = "If you did not ask for it, you can ignore this email: nobody can sign in without the code.";
  const text = `Your Invyta code is:\n\n${code}\n\n${purpose} ${validity}\n\n${ignore}\n` + textFooter(appUrl);
  const html = await renderMail(
    <MailLayout subject={subject} heading={eventTitle ? "Your code to join" : "Your sign-in code"} appUrl={appUrl}>
      <Paragraph>Your Invyta code is:</Paragraph>
      <Code>{code}</Code>
      <Paragraph>
        {purpose} {validity}
      </Paragraph>
      <Muted>{ignore}</Muted>
    </MailLayout>,
  );
  return { subject, text, html };
}

export async function resetPasswordCode({ code, appUrl }: { code: string; appUrl: string }): Promise<MailContent> {
  assertCode(code);
  const subject = "Your Invyta password reset code";
  const validity = `It is valid for ${OTP_MINUTES} minutes. Enter it on the reset page to choose a new password.`;
  const ignore = "If you did not ask to reset your password, you can ignore this email; your password stays the same.";
  const text = `Your Invyta password reset code is:\n\n${code}\n\n${validity}\n\n${ignore}\n` + textFooter(appUrl);
  const html = await renderMail(
    <MailLayout subject={subject} heading="Reset your password" appUrl={appUrl}>
      <Paragraph>Your Invyta password reset code is:</Paragraph>
      <Code>{code}</Code>
      <Paragraph>{validity}</Paragraph>
      <Muted>{ignore}</Muted>
    </MailLayout>,
  );
  return { subject, text, html };
}

/** Sent instead of a code when the address is taken, so sign-up never reveals which emails have accounts. */
export async function accountAlreadyExists({ appUrl }: { appUrl: string }): Promise<MailContent> {
  const base = trimSlash(appUrl);
  const loginUrl = `${base}/login`;
  const resetUrl = `${base}/forgot-password`;
  const subject = "You already have an Invyta account";
  const tried = "Someone (maybe you) tried to sign up for Invyta with this email address. You already have an account.";
  const ignore = "If this was not you, you can ignore this email; nothing has changed.";
  const text =
    `${tried}\n\n` +
    `Sign in: ${loginUrl}\n` +
    `Forgot your password? Reset it: ${resetUrl}\n\n` +
    `${ignore}\n` +
    textFooter(appUrl);
  const html = await renderMail(
    <MailLayout subject={subject} heading="You already have an account" appUrl={appUrl}>
      <Paragraph>{tried}</Paragraph>
      <CallToAction href={loginUrl}>Sign in</CallToAction>
      <Paragraph>
        Forgot your password? <InlineLink href={resetUrl}>Reset your password</InlineLink>.
      </Paragraph>
      <Muted>{ignore}</Muted>
    </MailLayout>,
  );
  return { subject, text, html };
}

export async function magicLink({ url, appUrl }: { url: string; appUrl: string }): Promise<MailContent> {
  const subject = "Your Invyta sign-in link";
  const expiry = "The link works once and expires soon. If you did not ask for it, you can ignore this email.";
  const text = `Use this link to sign in to Invyta:\n\n${url}\n\n${expiry}\n` + textFooter(appUrl);
  const html = await renderMail(
    <MailLayout subject={subject} heading="Sign in to Invyta" appUrl={appUrl}>
      <Paragraph>Use the button below to sign in to Invyta.</Paragraph>
      <CallToAction href={url}>Sign in</CallToAction>
      <Paragraph>
        If the button does not work, open this link: <InlineLink href={url}>{url}</InlineLink>
      </Paragraph>
      <Muted>{expiry}</Muted>
    </MailLayout>,
  );
  return { subject, text, html };
}

export type EventInviteInput = {
  eventTitle: string;
  startsAtText: string;
  location: string;
  inviteLink: string;
  /** A PNG as a data: URL; anything else is left out so no remote image can slip in. */
  qrPngDataUrl?: string;
  inviterName?: string;
};

export async function eventInvite(input: EventInviteInput): Promise<MailContent> {
  const { eventTitle, startsAtText, location, inviteLink, qrPngDataUrl, inviterName } = input;
  const appUrl = originOf(inviteLink);
  const who = inviterName?.trim() ? inviterName.trim() : undefined;
  const subject = who ? `${who} invited you to ${eventTitle}` : `You're invited to ${eventTitle}`;
  const intro = who ? `${who} invited you to ${eventTitle}.` : `You're invited to ${eventTitle}.`;
  const text =
    `${intro}\n\n` +
    `When: ${startsAtText}\n` +
    `Where: ${location}\n\n` +
    `Open the invite to join and RSVP:\n${inviteLink}\n` +
    textFooter(appUrl);
  const qr = qrPngDataUrl && PNG_DATA_URL.test(qrPngDataUrl) ? qrPngDataUrl : undefined;
  const html = await renderMail(
    <MailLayout subject={subject} heading={`You're invited: ${eventTitle}`} appUrl={appUrl}>
      <Paragraph>{intro}</Paragraph>
      <Paragraph>
        <strong>When:</strong>
        {` ${startsAtText}`}
        <br />
        <strong>Where:</strong>
        {` ${location}`}
      </Paragraph>
      <CallToAction href={inviteLink}>Open the invite</CallToAction>
      <Paragraph>
        If the button does not work, open this link: <InlineLink href={inviteLink}>{inviteLink}</InlineLink>
      </Paragraph>
      {qr ? (
        <>
          <InlineImage src={qr} alt="QR code for the invite link" size={200} />
          <Muted>Scan the code with your phone&apos;s camera to open the invite.</Muted>
        </>
      ) : null}
    </MailLayout>,
  );
  return { subject, text, html };
}

export async function waitlistPromoted({ eventTitle, eventUrl }: { eventTitle: string; eventUrl: string }): Promise<MailContent> {
  const appUrl = originOf(eventUrl);
  const subject = `A seat opened up: you're going to ${eventTitle}`;
  const text =
    `Good news: a seat opened up at ${eventTitle}, and you moved off the waitlist. You're now attending.\n\n` +
    `See the event or change your RSVP:\n${eventUrl}\n` +
    textFooter(appUrl);
  const html = await renderMail(
    <MailLayout subject={subject} heading="You're off the waitlist" appUrl={appUrl}>
      <Paragraph>
        Good news: a seat opened up at <strong>{eventTitle}</strong>, and you moved off the waitlist. You&apos;re now attending.
      </Paragraph>
      <CallToAction href={eventUrl}>See the event</CallToAction>
      <Muted>Can&apos;t make it any more? Change your RSVP on the event page so the next person gets the seat.</Muted>
    </MailLayout>,
  );
  return { subject, text, html };
}

export type DigestComment = { authorName: string; body: string; postedAtText: string };

/**
 * The host's digest of new comments on one event (lib/events/comment-digest.ts): the comments in the
 * order they were posted, and how many more the event page holds when there are too many to list.
 */
export async function commentsDigest({ eventTitle, eventUrl, comments, more }: { eventTitle: string; eventUrl: string; comments: DigestComment[]; more: number }): Promise<MailContent> {
  const appUrl = originOf(eventUrl);
  const total = comments.length + more;
  const subject = total === 1 ? `A new comment on ${eventTitle}` : `${total} new comments on ${eventTitle}`;
  const intro = total === 1 ? `Someone commented on ${eventTitle}:` : `Guests left ${total} new comments on ${eventTitle}:`;
  const moreText = more > 0 ? `And ${more} more on the event page.` : null;
  const text =
    `${intro}\n\n` +
    comments.map((c) => `${c.authorName} · ${c.postedAtText}\n${c.body}\n`).join("\n") +
    (moreText ? `\n${moreText}\n` : "") +
    `\nRead and answer them on the event page:\n${eventUrl}\n` +
    textFooter(appUrl);
  const html = await renderMail(
    <MailLayout subject={subject} heading={total === 1 ? "A new comment" : "New comments"} appUrl={appUrl}>
      <Paragraph>{intro}</Paragraph>
      {comments.map((c, i) => (
        <Paragraph key={i}>
          <strong>{c.authorName}</strong>
          {` · ${c.postedAtText}`}
          <br />
          <span style={{ whiteSpace: "pre-wrap" }}>{c.body}</span>
        </Paragraph>
      ))}
      {moreText ? <Paragraph>{moreText}</Paragraph> : null}
      <CallToAction href={eventUrl}>See the comments</CallToAction>
      <Muted>You get one email like this at most once an hour, with the comments guests left since the last one.</Muted>
    </MailLayout>,
  );
  return { subject, text, html };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

export type EventReminderInput = {
  eventTitle: string;
  /** "tomorrow", "in 2 hours". */
  when: string;
  /** The time in the event's zone, then in the guest's (or UTC); null when they are the same. */
  eventTime: string;
  otherTime: string | null;
  location: string;
  eventUrl: string;
  unsubscribeUrl: string;
};

export async function eventReminder(input: EventReminderInput): Promise<MailContent> {
  const { eventTitle, when, eventTime, otherTime, location, eventUrl, unsubscribeUrl } = input;
  const appUrl = originOf(eventUrl);
  const subject = `Reminder: ${eventTitle} is ${when}`;
  const text =
    `${eventTitle} is ${when}.\n\n` +
    `When: ${eventTime}\n` +
    (otherTime ? `      ${otherTime}\n` : "") +
    (location ? `Where: ${location}\n` : "") +
    `\nSee the event or change your RSVP:\n${eventUrl}\n\n` +
    `The event is attached for your calendar.\n` +
    `Stop reminders for this event: ${unsubscribeUrl}\n` +
    textFooter(appUrl);
  const html = await renderMail(
    <MailLayout subject={subject} heading={`${eventTitle} is ${when}`} appUrl={appUrl}>
      <Paragraph>
        <strong>When:</strong>
        {` ${eventTime}`}
        {otherTime ? (
          <>
            <br />
            {otherTime}
          </>
        ) : null}
        {location ? (
          <>
            <br />
            <strong>Where:</strong>
            {` ${location}`}
          </>
        ) : null}
      </Paragraph>
      <CallToAction href={eventUrl}>See the event</CallToAction>
      <Muted>
        The event is attached for your calendar. <InlineLink href={unsubscribeUrl}>Stop reminders for this event</InlineLink>
      </Muted>
    </MailLayout>,
  );
  return { subject, text, html };
}

export async function eventAnnouncement(input: { eventTitle: string; hostName: string | null; body: string; eventUrl: string }): Promise<MailContent> {
  const { eventTitle, hostName, body, eventUrl } = input;
  const appUrl = originOf(eventUrl);
  const from = hostName ? `${hostName}, the host of ${eventTitle}` : `The host of ${eventTitle}`;
  const subject = `Update from ${eventTitle}`;
  const text = `${from}, writes:\n\n${body}\n\nSee the event:\n${eventUrl}\n` + textFooter(appUrl);
  const html = await renderMail(
    <MailLayout subject={subject} heading={`Update: ${eventTitle}`} appUrl={appUrl}>
      <Muted>{`${from}, writes:`}</Muted>
      {body.split(/\n{2,}/).map((paragraph, i) => (
        <Paragraph key={i}>
          {paragraph.split("\n").map((line, j) => (
            <span key={j}>
              {j > 0 ? <br /> : null}
              {line}
            </span>
          ))}
        </Paragraph>
      ))}
      <CallToAction href={eventUrl}>See the event</CallToAction>
    </MailLayout>,
  );
  return { subject, text, html };
}

export type CalendarChangeInput = {
  eventTitle: string;
  eventUrl: string;
  /** The time as it was and as it is (lib/events/time.ts formatEventTime); equal when only the place moved. */
  oldTime: string;
  newTime: string;
  /** The new time in the guest's zone (or UTC); null when it reads the same as the event's. */
  otherNewTime: string | null;
  oldLocation: string;
  newLocation: string;
};

/** A change of time or place, to guests going or maybe; the mail's calendar part updates their copy. */
export async function calendarChanged(input: CalendarChangeInput): Promise<MailContent> {
  const { eventTitle, eventUrl, oldTime, newTime, otherNewTime, oldLocation, newLocation } = input;
  const appUrl = originOf(eventUrl);
  const timeMoved = oldTime !== newTime;
  const placeMoved = oldLocation.trim() !== newLocation.trim();
  const what = timeMoved && placeMoved ? "new time and place" : placeMoved ? "new place" : "new time";
  const subject = `${eventTitle} changed: ${what}`;
  const place = (value: string) => value.trim() || "(no place given)";
  const text =
    `The host of ${eventTitle} changed its ${timeMoved && placeMoved ? "time and place" : placeMoved ? "place" : "time"}.\n\n` +
    `When: ${newTime}\n` +
    (otherNewTime ? `      ${otherNewTime}\n` : "") +
    (timeMoved ? `      (was ${oldTime})\n` : "") +
    (placeMoved ? `Where: ${place(newLocation)}\n       (was ${place(oldLocation)})\n` : newLocation.trim() ? `Where: ${newLocation}\n` : "") +
    `\nThe attached invitation updates the event in your calendar.\n\n` +
    `See the event or change your RSVP:\n${eventUrl}\n` +
    textFooter(appUrl);
  const html = await renderMail(
    <MailLayout subject={subject} heading={`${eventTitle}: ${what}`} appUrl={appUrl}>
      <Paragraph>
        <strong>When:</strong>
        {` ${newTime}`}
        {otherNewTime ? (
          <>
            <br />
            {otherNewTime}
          </>
        ) : null}
        {timeMoved ? (
          <>
            <br />
            <s>{oldTime}</s>
          </>
        ) : null}
      </Paragraph>
      {placeMoved || newLocation.trim() ? (
        <Paragraph>
          <strong>Where:</strong>
          {` ${place(newLocation)}`}
          {placeMoved ? (
            <>
              <br />
              <s>{place(oldLocation)}</s>
            </>
          ) : null}
        </Paragraph>
      ) : null}
      <CallToAction href={eventUrl}>See the event</CallToAction>
      <Muted>The attached invitation updates the event in your calendar. Can&apos;t make it any more? Change your RSVP on the event page.</Muted>
    </MailLayout>,
  );
  return { subject, text, html };
}

/** A deleted event, to guests who were going or maybe; the mail's calendar part removes their copy. */
export async function calendarCancelled({ eventTitle, eventTime, location, appUrl }: { eventTitle: string; eventTime: string; location: string; appUrl: string }): Promise<MailContent> {
  const subject = `Cancelled: ${eventTitle}`;
  const was = location.trim() ? `${eventTime}, ${location}` : eventTime;
  const text =
    `The host cancelled ${eventTitle} (${was}).\n\n` +
    `The attached cancellation removes it from your calendar.\n` +
    textFooter(appUrl);
  const html = await renderMail(
    <MailLayout subject={subject} heading={`${eventTitle} is cancelled`} appUrl={appUrl}>
      <Paragraph>
        The host cancelled <strong>{eventTitle}</strong>.
      </Paragraph>
      <Paragraph>
        <s>{was}</s>
      </Paragraph>
      <Muted>The attached cancellation removes it from your calendar.</Muted>
    </MailLayout>,
  );
  return { subject, text, html };
}

export async function cohostAdded({ eventTitle, eventUrl, ownerName }: { eventTitle: string; eventUrl: string; ownerName: string | null }): Promise<MailContent> {
  const appUrl = originOf(eventUrl);
  const by = ownerName ? `${ownerName} made you` : "You are now";
  const subject = `You're co-hosting ${eventTitle}`;
  const text =
    `${by} a co-host of ${eventTitle}. You can approve guests, review photos and videos, post announcements and check people in at the door.\n\n` +
    `Manage the event:\n${eventUrl}/manage\n` +
    textFooter(appUrl);
  const html = await renderMail(
    <MailLayout subject={subject} heading="You're a co-host" appUrl={appUrl}>
      <Paragraph>
        {by} a co-host of <strong>{eventTitle}</strong>. You can approve guests, review photos and videos, post announcements and check people in at the door.
      </Paragraph>
      <CallToAction href={`${eventUrl}/manage`}>Manage the event</CallToAction>
    </MailLayout>,
  );
  return { subject, text, html };
}

export type EventTicketInput = {
  eventTitle: string;
  eventUrl: string;
  eventTime: string;
  location: string;
  /** The ticket's short code, printed under the QR code (lib/events/tickets.ts ticketCode). */
  code: string;
  /** The QR code's `cid:` URL, an attachment of the same mail (mail apps show those inline; most block data: URLs). */
  qrCid: string;
  /** The guest has just come off the waitlist: the mail says so (as waitlistPromoted does) and brings the ticket. */
  promoted?: boolean;
};

/** "You're going": the guest's ticket, a QR code the host scans at the door. */
export async function eventTicket(input: EventTicketInput): Promise<MailContent> {
  const { eventTitle, eventUrl, eventTime, location, code, qrCid, promoted = false } = input;
  // Only an attachment of this mail: no remote image can slip in.
  if (!/^cid:[A-Za-z0-9._@-]+$/.test(qrCid)) throw new Error("A ticket's QR code must be a cid: URL.");
  const appUrl = originOf(eventUrl);
  const subject = promoted ? `A seat opened up: you're going to ${eventTitle}` : `Your ticket for ${eventTitle}`;
  const where = location ? `\nWhere: ${location}` : "";
  const text =
    (promoted ? `Good news: a seat opened up at ${eventTitle}, and you moved off the waitlist. You're now attending.\n\n` : `You're going to ${eventTitle}.\n\n`) +
    `When: ${eventTime}${where}\n\n` +
    `Your ticket code is:\n\n${code}\n\n` +
    `Show the QR code in this email, or on the event page, at the door:\n${eventUrl}\n` +
    textFooter(appUrl);
  const html = await renderMail(
    <MailLayout subject={subject} heading={promoted ? "You're off the waitlist" : "You're going"} appUrl={appUrl}>
      {promoted ? (
        <Paragraph>
          Good news: a seat opened up at <strong>{eventTitle}</strong>, and you moved off the waitlist. You&apos;re now attending.
        </Paragraph>
      ) : (
        <Paragraph>
          You&apos;re going to <strong>{eventTitle}</strong>.
        </Paragraph>
      )}
      <Paragraph>
        <strong>When:</strong>
        {` ${eventTime}`}
        {location ? (
          <>
            <br />
            <strong>Where:</strong>
            {` ${location}`}
          </>
        ) : null}
      </Paragraph>
      <Paragraph>Show this code at the door:</Paragraph>
      <InlineImage src={qrCid} alt={`Your ticket for ${eventTitle}, code ${code}`} size={220} />
      <Code>{code}</Code>
      <CallToAction href={eventUrl}>See the event</CallToAction>
      <Muted>Your ticket is on the event page too. Can&apos;t make it? Change your RSVP there so the host knows.</Muted>
    </MailLayout>,
  );
  return { subject, text, html };
}
