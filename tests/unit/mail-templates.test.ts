import { describe, expect, it } from "vitest";
import {
  accountAlreadyExists,
  calendarCancelled,
  calendarChanged,
  eventInvite,
  eventTicket,
  magicLink,
  resetPasswordCode,
  signInCode,
  verifyEmailCode,
  waitlistPromoted,
  type MailContent,
} from "@/lib/mail/templates";

const appUrl = "https://invyta.example.com/";
const hostile = `<script>alert(1)</script> & "x" 'y'`;
const png = "data:image/png;base64,iVBORw0KGgo=";

const TICKET = {
  eventTitle: "Picnic",
  eventUrl: "https://invyta.example.com/events/abc",
  eventTime: "Sat, Jul 5, 2025, 2:00 PM GMT+2",
  location: "Tiergarten",
  code: "ABCD-EFGH",
  qrCid: "cid:ticket-qr@invyta",
};

const all: Record<string, MailContent> = {
  verifyEmailCode: await verifyEmailCode({ code: "012345", appUrl }),
  resetPasswordCode: await resetPasswordCode({ code: "987654", appUrl }),
  signInCode: await signInCode({ code: "246810", appUrl, eventTitle: hostile }),
  accountAlreadyExists: await accountAlreadyExists({ appUrl }),
  magicLink: await magicLink({ url: "https://invyta.example.com/api/auth/callback?token=a&b=1", appUrl }),
  eventInvite: await eventInvite({
    eventTitle: "Picnic",
    startsAtText: "Sat, 5 July 2025, 14:00 (Europe/Berlin)",
    location: "Tiergarten",
    inviteLink: "https://invyta.example.com/events/join?event_id=abc&token=t",
  }),
  waitlistPromoted: await waitlistPromoted({ eventTitle: "Picnic", eventUrl: "https://invyta.example.com/events/abc" }),
};

describe("mail templates", () => {
  it("escapes the five HTML-special characters in text and in attributes", async () => {
    const url = `https://invyta.example.com/?a=<b>&c="d"&e='f'`;
    const escaped = "https://invyta.example.com/?a=&lt;b&gt;&amp;c=&quot;d&quot;&amp;e=&#x27;f&#x27;";
    const mail = await magicLink({ url, appUrl });
    expect(mail.html).toContain(`href="${escaped}"`);
    expect(mail.html).toContain(`>${escaped}</a>`);
    expect(mail.text).toContain(url);
  });

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
    ["signInCode", all.signInCode!, "246810"],
  ])("%s puts the code on a line of its own, first among 6-digit numbers", (_name, mail, code) => {
    expect(mail.text.split("\n")).toContain(code);
    expect(/\b(\d{6})\b/.exec(mail.text)?.[1]).toBe(code);
    expect(mail.html).toContain(code);
    expect(mail.text).toMatch(/10 minutes/);
    expect(mail.text).toContain("https://invyta.example.com");
  });

  it("leads a sign-in code's subject with the code, and escapes the event's title in the html", async () => {
    const mail = all.signInCode!;
    expect(mail.subject).toBe("246810 is your Invyta code");
    expect(mail.text).toContain(`to join “${hostile}”`);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
    expect((await signInCode({ code: "246810", appUrl })).text).toContain("Enter it to sign in.");
  });

  it("refuses a code that is not 6 digits", async () => {
    await expect(verifyEmailCode({ code: "12345", appUrl })).rejects.toThrow(/6 digits/);
    await expect(resetPasswordCode({ code: "1234567", appUrl })).rejects.toThrow(/6 digits/);
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

  it("escapes every value interpolated into an invite", async () => {
    const mail = await eventInvite({
      eventTitle: hostile,
      startsAtText: hostile,
      location: hostile,
      inviteLink: `https://invyta.example.com/events/join?event_id=1&token="><script>`,
      inviterName: hostile,
    });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain(`"x"`);
    // React writes ' as &#x27; (the hand-written escaper wrote &#39;, the same character).
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#x27;y&#x27;");
    expect(mail.html).toContain('href="https://invyta.example.com/events/join?event_id=1&amp;token=&quot;&gt;&lt;script&gt;"');
    // The plain-text part is not HTML: it carries the title as typed.
    expect(mail.text).toContain(hostile);
    expect(mail.subject).toBe(`${hostile} invited you to ${hostile}`);
  });

  it("names the inviter when known, and shows the QR code only as an inline PNG", async () => {
    const base = all.eventInvite!;
    expect(base.subject).toBe("You're invited to Picnic");
    expect(base.html).not.toContain("<img");
    expect(base.text).toContain("When: Sat, 5 July 2025, 14:00 (Europe/Berlin)");
    expect(base.text).toContain("Where: Tiergarten");

    const withQr = await eventInvite({
      eventTitle: "Picnic",
      startsAtText: "soon",
      location: "park",
      inviteLink: "https://invyta.example.com/events/join?event_id=abc&token=t",
      qrPngDataUrl: png,
      inviterName: "Ana",
    });
    expect(withQr.subject).toBe("Ana invited you to Picnic");
    expect(withQr.html).toContain(`<img src="${png}" alt="QR code for the invite link"`);

    const remote = await eventInvite({
      eventTitle: "Picnic",
      startsAtText: "soon",
      location: "park",
      inviteLink: "https://invyta.example.com/events/join?event_id=abc&token=t",
      qrPngDataUrl: "https://tracker.example/qr.png",
    });
    expect(remote.html).not.toContain("<img");
  });

  it("escapes the event title when a waitlisted guest is promoted", async () => {
    const mail = await waitlistPromoted({ eventTitle: hostile, eventUrl: "https://invyta.example.com/events/abc" });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
    expect(mail.text).toContain("https://invyta.example.com/events/abc");
  });

  it("names what changed in a calendar update, old and new, and escapes every value", async () => {
    const base = { eventTitle: hostile, eventUrl: "https://invyta.example.com/events/abc", otherNewTime: null, oldLocation: "Hall", newLocation: "Hall" };
    const time = await calendarChanged({ ...base, oldTime: "Sun, Dec 6, 7:00 PM", newTime: "Sun, Dec 6, 8:30 PM", otherNewTime: "Sun, Dec 6, 2:30 PM EST" });
    expect(time.subject).toBe(`${hostile} changed: new time`);
    expect(time.text).toContain("When: Sun, Dec 6, 8:30 PM\n      Sun, Dec 6, 2:30 PM EST\n      (was Sun, Dec 6, 7:00 PM)\n");
    expect(time.html).toContain("<s>Sun, Dec 6, 7:00 PM</s>");
    const place = await calendarChanged({ ...base, oldTime: "7 PM", newTime: "7 PM", newLocation: `Roof <b>"5"</b>` });
    expect(place.subject).toBe(`${hostile} changed: new place`);
    expect(place.text).toContain(`Where: Roof <b>"5"</b>\n       (was Hall)`);
    expect(place.text).not.toContain("(was 7 PM)");
    const both = await calendarChanged({ ...base, oldTime: "7 PM", newTime: "8 PM", newLocation: "Roof" });
    expect(both.subject).toBe(`${hostile} changed: new time and place`);
    for (const mail of [time, place, both]) {
      expect(mail.html).not.toContain("<script>");
      expect(mail.html).not.toContain("<b>");
      expect(mail.html).toContain('href="https://invyta.example.com/events/abc"');
    }
  });

  it("says a cancelled event is cancelled, with when and where it was", async () => {
    const mail = await calendarCancelled({ eventTitle: hostile, eventTime: "Sun, Dec 6, 7:00 PM", location: "Hall", appUrl });
    expect(mail.subject).toBe(`Cancelled: ${hostile}`);
    expect(mail.text).toContain("(Sun, Dec 6, 7:00 PM, Hall)");
    expect(mail.html).not.toContain("<script>");
  });

  it("brings a promoted guest the news and the ticket in one mail", async () => {
    const plain = await eventTicket(TICKET);
    const promoted = await eventTicket({ ...TICKET, promoted: true });
    expect(plain.subject).toBe("Your ticket for Picnic");
    expect(promoted.subject).toBe(all.waitlistPromoted!.subject);
    for (const mail of [plain, promoted]) {
      expect(mail.text).toContain("ABCD-EFGH");
      expect(mail.html).toContain('src="cid:ticket-qr@invyta"');
    }
    expect(promoted.text).toMatch(/moved off the waitlist/);
    expect(plain.text).not.toMatch(/waitlist/);
    expect(promoted.html).toContain("You&#x27;re off the waitlist");
  });
});
