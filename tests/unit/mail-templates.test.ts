import { describe, expect, it } from "vitest";
import {
  accountAlreadyExists,
  escapeHtml,
  eventInvite,
  magicLink,
  resetPasswordCode,
  verifyEmailCode,
  waitlistPromoted,
  type MailContent,
} from "@/lib/mail/templates";

const appUrl = "https://invyta.example.com/";
const hostile = `<script>alert(1)</script> & "x" 'y'`;
const png = "data:image/png;base64,iVBORw0KGgo=";

const all: Record<string, MailContent> = {
  verifyEmailCode: verifyEmailCode({ code: "012345", appUrl }),
  resetPasswordCode: resetPasswordCode({ code: "987654", appUrl }),
  accountAlreadyExists: accountAlreadyExists({ appUrl }),
  magicLink: magicLink({ url: "https://invyta.example.com/api/auth/callback?token=a&b=1", appUrl }),
  eventInvite: eventInvite({
    eventTitle: "Picnic",
    startsAtText: "Sat, 5 July 2025, 14:00 (Europe/Berlin)",
    location: "Tiergarten",
    inviteLink: "https://invyta.example.com/events/join?event_id=abc&token=t",
  }),
  waitlistPromoted: waitlistPromoted({ eventTitle: "Picnic", eventUrl: "https://invyta.example.com/events/abc" }),
};

describe("escapeHtml", () => {
  it("escapes the five HTML-special characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

describe("mail templates", () => {
  it.each(Object.entries(all))("%s has a subject, a text part and an accessible html part", (_name, mail) => {
    expect(mail.subject.trim()).not.toBe("");
    expect(mail.text.trim()).not.toBe("");
    expect(mail.html).toMatch(/^<!doctype html>/);
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toMatch(/<h1[^>]*>[^<]+<\/h1>/);
    expect(mail.html).toContain("<title>");
    // No remote images: only data: URLs may appear in <img>.
    expect(mail.html).not.toMatch(/<img[^>]+src="(?!data:)/);
  });

  it.each([
    ["verifyEmailCode", all.verifyEmailCode!, "012345"],
    ["resetPasswordCode", all.resetPasswordCode!, "987654"],
  ])("%s puts the code on a line of its own, first among 6-digit numbers", (_name, mail, code) => {
    expect(mail.text.split("\n")).toContain(code);
    expect(/\b(\d{6})\b/.exec(mail.text)?.[1]).toBe(code);
    expect(mail.html).toContain(code);
    expect(mail.text).toMatch(/10 minutes/);
    expect(mail.text).toContain("https://invyta.example.com");
  });

  it("refuses a code that is not 6 digits", () => {
    expect(() => verifyEmailCode({ code: "12345", appUrl })).toThrow(/6 digits/);
    expect(() => resetPasswordCode({ code: "1234567", appUrl })).toThrow(/6 digits/);
  });

  it("points an existing account to sign-in and password reset", () => {
    const mail = all.accountAlreadyExists!;
    expect(mail.text).toContain("https://invyta.example.com/login");
    expect(mail.text).toContain("https://invyta.example.com/forgot-password");
    expect(mail.html).toContain('href="https://invyta.example.com/login"');
    expect(mail.html).toContain('href="https://invyta.example.com/forgot-password"');
    expect(mail.text).not.toMatch(/\b\d{6}\b/);
  });

  it("escapes the magic link in attributes and text", () => {
    const mail = all.magicLink!;
    expect(mail.text).toContain("https://invyta.example.com/api/auth/callback?token=a&b=1");
    expect(mail.html).toContain('href="https://invyta.example.com/api/auth/callback?token=a&amp;b=1"');
  });

  it("escapes every value interpolated into an invite", () => {
    const mail = eventInvite({
      eventTitle: hostile,
      startsAtText: hostile,
      location: hostile,
      inviteLink: `https://invyta.example.com/events/join?event_id=1&token="><script>`,
      inviterName: hostile,
    });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain(`"x"`);
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;");
    expect(mail.html).toContain('href="https://invyta.example.com/events/join?event_id=1&amp;token=&quot;&gt;&lt;script&gt;"');
    // The plain-text part is not HTML: it carries the title as typed.
    expect(mail.text).toContain(hostile);
    expect(mail.subject).toBe(`${hostile} invited you to ${hostile}`);
  });

  it("names the inviter when known, and shows the QR code only as an inline PNG", () => {
    const base = all.eventInvite!;
    expect(base.subject).toBe("You're invited to Picnic");
    expect(base.html).not.toContain("<img");
    expect(base.text).toContain("When: Sat, 5 July 2025, 14:00 (Europe/Berlin)");
    expect(base.text).toContain("Where: Tiergarten");

    const withQr = eventInvite({
      eventTitle: "Picnic",
      startsAtText: "soon",
      location: "park",
      inviteLink: "https://invyta.example.com/events/join?event_id=abc&token=t",
      qrPngDataUrl: png,
      inviterName: "Ana",
    });
    expect(withQr.subject).toBe("Ana invited you to Picnic");
    expect(withQr.html).toContain(`<img src="${png}" alt="QR code for the invite link"`);

    const remote = eventInvite({
      eventTitle: "Picnic",
      startsAtText: "soon",
      location: "park",
      inviteLink: "https://invyta.example.com/events/join?event_id=abc&token=t",
      qrPngDataUrl: "https://tracker.example/qr.png",
    });
    expect(remote.html).not.toContain("<img");
  });

  it("escapes the event title when a waitlisted guest is promoted", () => {
    const mail = waitlistPromoted({ eventTitle: hostile, eventUrl: "https://invyta.example.com/events/abc" });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
    expect(mail.text).toContain("https://invyta.example.com/events/abc");
  });
});
