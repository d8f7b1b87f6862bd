// Mail content as pure functions: every message has a plain-text part and an HTML part. Values are
// HTML-escaped where they are interpolated; codes sit on a line of their own in the text part so a
// reader (or a test) can pick them out. No external images: mail clients block them and they track.

export type MailContent = { subject: string; text: string; html: string };

const COLORS = { ink: "#111827", muted: "#4b5563", brand: "#4338ca", page: "#f9fafb", card: "#ffffff", border: "#e5e7eb" };
const FONT = "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif";
const MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;
const OTP_MINUTES = 10;

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function assertCode(code: string): void {
  // A malformed code would reach a user as an unusable email; fail where the bug is.
  if (!/^\d{6}$/.test(code)) throw new Error("A mail code must be exactly 6 digits.");
}

function paragraph(html: string): string {
  return `<p style="margin:0 0 16px;font-size:16px;line-height:1.5;color:${COLORS.ink}">${html}</p>`;
}

function muted(html: string): string {
  return `<p style="margin:24px 0 0;font-size:14px;line-height:1.5;color:${COLORS.muted}">${html}</p>`;
}

function link(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}" style="color:${COLORS.brand};text-decoration:underline">${escapeHtml(label)}</a>`;
}

function button(url: string, label: string): string {
  return (
    `<p style="margin:24px 0">` +
    `<a href="${escapeHtml(url)}" style="display:inline-block;padding:12px 20px;border-radius:8px;` +
    `background:${COLORS.brand};color:#ffffff;font-size:16px;font-weight:600;text-decoration:none">${escapeHtml(label)}</a>` +
    `</p>`
  );
}

function codeBlock(code: string): string {
  return (
    `<p style="margin:8px 0 24px;font-family:${MONO};font-size:32px;font-weight:700;letter-spacing:6px;color:${COLORS.ink}">` +
    `${escapeHtml(code)}</p>`
  );
}

/** The shared frame: lang, a title, one heading, readable contrast, and the app's address at the foot. */
function layout({ subject, heading, body, appUrl }: { subject: string; heading: string; body: string; appUrl: string }): string {
  return [
    `<!doctype html>`,
    `<html lang="en">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:${COLORS.page};font-family:${FONT}">`,
    `<div role="article" aria-roledescription="email" aria-label="${escapeHtml(subject)}" lang="en" style="padding:24px 12px">`,
    `<div style="max-width:560px;margin:0 auto;padding:32px 24px;background:${COLORS.card};border:1px solid ${COLORS.border};border-radius:12px">`,
    `<h1 style="margin:0 0 16px;font-size:24px;line-height:1.3;color:${COLORS.ink}">${escapeHtml(heading)}</h1>`,
    body,
    `<p style="margin:32px 0 0;font-size:14px;color:${COLORS.muted}">Invyta · ${link(appUrl, trimSlash(appUrl))}</p>`,
    `</div></div></body></html>`,
  ].join("\n");
}

function textFooter(appUrl: string): string {
  return `\n--\nInvyta · ${trimSlash(appUrl)}\n`;
}

export function verifyEmailCode({ code, appUrl }: { code: string; appUrl: string }): MailContent {
  assertCode(code);
  const subject = "Your Invyta verification code";
  const text =
    `Your Invyta verification code is:\n\n${code}\n\n` +
    `It is valid for ${OTP_MINUTES} minutes. Enter it on the verification page to finish signing up.\n\n` +
    `If you did not sign up for Invyta, you can ignore this email.\n` +
    textFooter(appUrl);
  const html = layout({
    subject,
    heading: "Confirm your email",
    appUrl,
    body:
      paragraph("Your Invyta verification code is:") +
      codeBlock(code) +
      paragraph(`It is valid for ${OTP_MINUTES} minutes. Enter it on the verification page to finish signing up.`) +
      muted("If you did not sign up for Invyta, you can ignore this email."),
  });
  return { subject, text, html };
}

export function resetPasswordCode({ code, appUrl }: { code: string; appUrl: string }): MailContent {
  assertCode(code);
  const subject = "Your Invyta password reset code";
  const text =
    `Your Invyta password reset code is:\n\n${code}\n\n` +
    `It is valid for ${OTP_MINUTES} minutes. Enter it on the reset page to choose a new password.\n\n` +
    `If you did not ask to reset your password, you can ignore this email; your password stays the same.\n` +
    textFooter(appUrl);
  const html = layout({
    subject,
    heading: "Reset your password",
    appUrl,
    body:
      paragraph("Your Invyta password reset code is:") +
      codeBlock(code) +
      paragraph(`It is valid for ${OTP_MINUTES} minutes. Enter it on the reset page to choose a new password.`) +
      muted("If you did not ask to reset your password, you can ignore this email; your password stays the same."),
  });
  return { subject, text, html };
}

/** Sent instead of a code when the address is taken, so sign-up never reveals which emails have accounts. */
export function accountAlreadyExists({ appUrl }: { appUrl: string }): MailContent {
  const base = trimSlash(appUrl);
  const loginUrl = `${base}/login`;
  const resetUrl = `${base}/forgot-password`;
  const subject = "You already have an Invyta account";
  const text =
    `Someone (maybe you) tried to sign up for Invyta with this email address. You already have an account.\n\n` +
    `Sign in: ${loginUrl}\n` +
    `Forgot your password? Reset it: ${resetUrl}\n\n` +
    `If this was not you, you can ignore this email; nothing has changed.\n` +
    textFooter(appUrl);
  const html = layout({
    subject,
    heading: "You already have an account",
    appUrl,
    body:
      paragraph("Someone (maybe you) tried to sign up for Invyta with this email address. You already have an account.") +
      button(loginUrl, "Sign in") +
      paragraph(`Forgot your password? ${link(resetUrl, "Reset your password")}.`) +
      muted("If this was not you, you can ignore this email; nothing has changed."),
  });
  return { subject, text, html };
}

export function magicLink({ url, appUrl }: { url: string; appUrl: string }): MailContent {
  const subject = "Your Invyta sign-in link";
  const text =
    `Use this link to sign in to Invyta:\n\n${url}\n\n` +
    `The link works once and expires soon. If you did not ask for it, you can ignore this email.\n` +
    textFooter(appUrl);
  const html = layout({
    subject,
    heading: "Sign in to Invyta",
    appUrl,
    body:
      paragraph("Use the button below to sign in to Invyta.") +
      button(url, "Sign in") +
      paragraph(`If the button does not work, open this link: ${link(url, url)}`) +
      muted("The link works once and expires soon. If you did not ask for it, you can ignore this email."),
  });
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

export function eventInvite(input: EventInviteInput): MailContent {
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
  const qr =
    qrPngDataUrl && PNG_DATA_URL.test(qrPngDataUrl)
      ? `<p style="margin:0 0 16px"><img src="${escapeHtml(qrPngDataUrl)}" alt="QR code for the invite link" width="200" height="200" style="display:block;border:0"></p>` +
        muted("Scan the code with your phone's camera to open the invite.")
      : "";
  const html = layout({
    subject,
    heading: `You're invited: ${eventTitle}`,
    appUrl,
    body:
      paragraph(escapeHtml(intro)) +
      `<p style="margin:0 0 16px;font-size:16px;line-height:1.5;color:${COLORS.ink}">` +
      `<strong>When:</strong> ${escapeHtml(startsAtText)}<br><strong>Where:</strong> ${escapeHtml(location)}</p>` +
      button(inviteLink, "Open the invite") +
      paragraph(`If the button does not work, open this link: ${link(inviteLink, inviteLink)}`) +
      qr,
  });
  return { subject, text, html };
}

export function waitlistPromoted({ eventTitle, eventUrl }: { eventTitle: string; eventUrl: string }): MailContent {
  const appUrl = originOf(eventUrl);
  const subject = `A seat opened up: you're going to ${eventTitle}`;
  const text =
    `Good news: a seat opened up at ${eventTitle}, and you moved off the waitlist. You're now attending.\n\n` +
    `See the event or change your RSVP:\n${eventUrl}\n` +
    textFooter(appUrl);
  const html = layout({
    subject,
    heading: "You're off the waitlist",
    appUrl,
    body:
      paragraph(`Good news: a seat opened up at <strong>${escapeHtml(eventTitle)}</strong>, and you moved off the waitlist. You're now attending.`) +
      button(eventUrl, "See the event") +
      muted("Can't make it any more? Change your RSVP on the event page so the next person gets the seat."),
  });
  return { subject, text, html };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
