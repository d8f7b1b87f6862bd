"use client";

import { QRCodeCanvas, QRCodeSVG } from "qrcode.react";
import { useEffect, useRef, useState, useTransition, type FormEvent, type MouseEvent } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { cn, idRefs } from "@/components/ui/cn";
import { Alert, Field } from "@/components/ui/field";
import { inviteEmailsAction, inviteSettingsAction, rotateInviteAction } from "@/lib/events/actions";
import { inviteEmailsSchema } from "@/lib/events/schema";
import { utcToZonedLocal } from "@/lib/events/time";
import { useBrowserTimeZone } from "./local-time";

const cardClass = "min-w-0 rounded-card border border-surface-border bg-surface p-4 shadow-sm sm:p-6";

/** The invite link: read-only box, Copy (with a spoken "Copied"), and a two-step "Rotate link". */
export function InviteLinkCard({ eventId, link, isPrivate }: { eventId: string; link: string; isPrivate: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string>("");
  const [confirming, setConfirming] = useState(false);
  const [rotateNote, setRotateNote] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [rotating, startRotate] = useTransition();
  const confirmButton = useRef<HTMLButtonElement>(null);
  const rotateButton = useRef<HTMLButtonElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopied("Copied");
    } catch {
      // No clipboard permission (or an old browser): select the text so one keystroke copies it.
      input.current?.select();
      setCopied("Select the link and copy it (Ctrl+C or long-press).");
    }
    window.setTimeout(() => setCopied(""), 4000);
  }

  function askRotate() {
    setRotateNote(null);
    setConfirming(true);
    // After the confirmation renders, move focus to it so keyboard and screen-reader users land there.
    window.requestAnimationFrame(() => confirmButton.current?.focus());
  }

  function cancelRotate() {
    setConfirming(false);
    window.requestAnimationFrame(() => rotateButton.current?.focus());
  }

  function rotate() {
    startRotate(async () => {
      const result = await rotateInviteAction({ event_id: eventId });
      setConfirming(false);
      setRotateNote(
        result.ok
          ? { tone: "success", text: "New link ready. The old link and QR code no longer work." }
          : { tone: "error", text: result.message },
      );
      window.requestAnimationFrame(() => rotateButton.current?.focus());
    });
  }

  return (
    <section aria-labelledby="invite-title" className={cn(cardClass, "print:hidden")}>
      <h2 id="invite-title" className="text-lg font-semibold text-ink">
        Invite link
      </h2>
      <p className="mt-1 text-sm text-ink-muted">
        {isPrivate
          ? "Anyone with this link can see the event and ask to join; you approve each request."
          : "Anyone with this link can see the event and join."}
      </p>
      <div className="mt-4 flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex min-w-0 flex-1 flex-col gap-1.5">
          <label htmlFor="invite-link" className="text-sm font-medium text-ink">
            Invite link
          </label>
          <input
            ref={input}
            id="invite-link"
            type="url"
            readOnly
            value={link}
            onFocus={(e) => e.currentTarget.select()}
            className="min-h-11 w-full min-w-0 rounded-control border border-surface-border bg-surface-sunken px-3 font-mono text-sm text-ink"
          />
        </div>
        <Button onClick={copy} className="shrink-0">
          Copy link
        </Button>
      </div>
      <p aria-live="polite" role="status" className="mt-2 min-h-5 text-sm font-medium text-success">
        {copied}
      </p>

      <div className="mt-4 border-t border-surface-border pt-4">
        {rotateNote ? <Alert tone={rotateNote.tone} className="mb-3">{rotateNote.text}</Alert> : null}
        {confirming ? (
          <div role="group" aria-labelledby="rotate-question" className="flex flex-col gap-3 rounded-control border border-warning/40 bg-warning-soft p-4">
            <p id="rotate-question" className="text-sm text-ink">
              Rotate the link? The current link and QR code stop working at once; people who already joined keep their place.
            </p>
            <div className="flex flex-col gap-2 sm:flex-row">
              <Button ref={confirmButton} variant="danger" onClick={rotate} pending={rotating}>
                Yes, rotate link
              </Button>
              <Button variant="secondary" onClick={cancelRotate} disabled={rotating}>
                Keep current link
              </Button>
            </div>
          </div>
        ) : (
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <Button ref={rotateButton} variant="secondary" size="sm" onClick={askRotate}>
              Rotate link
            </Button>
            <p className="text-sm text-ink-muted">Shared it with the wrong people? A new link replaces this one.</p>
          </div>
        )}
      </div>
    </section>
  );
}

/** Pixels of the downloaded PNG: sharp when printed large (a poster at 300 dpi is about 8.5 cm of code). */
export const QR_DOWNLOAD_PX = 1024;

/**
 * The QR code of the invite link: download as SVG (any size, for print shops) or as a 1024 px PNG,
 * or print this card as a flyer (title, date, place, code and the link in text; see globals.css @page).
 */
export function InviteQrCard({ link, title, slug, when, place }: { link: string; title: string; slug: string; when: string; place: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const big = useRef<HTMLCanvasElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const label = `QR code for the invite link to ${title}`;

  // The links' hrefs are filled in at click time, from what was actually drawn.
  function downloadPng(event: MouseEvent<HTMLAnchorElement>) {
    if (!big.current) return event.preventDefault();
    event.currentTarget.href = big.current.toDataURL("image/png");
  }
  function downloadSvg(event: MouseEvent<HTMLAnchorElement>) {
    if (!svg.current) return event.preventDefault();
    const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg.current)}`;
    event.currentTarget.href = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  }
  const linkButton = "inline-flex min-h-11 items-center justify-center rounded-control px-4 font-medium";

  return (
    <section aria-labelledby="qr-title" className={cn(cardClass, "flex flex-col items-center text-center print:border-0 print:p-0 print:shadow-none")}>
      <h2 id="qr-title" className="self-stretch text-left text-lg font-semibold text-ink print:hidden">
        QR code
      </h2>
      <p className="self-stretch text-left text-sm text-ink-muted print:hidden">Guests scan it with their phone camera to open the invite.</p>
      {/* What a printed flyer says around the code. */}
      <div className="hidden print:block">
        <p className="text-xl font-semibold uppercase tracking-wide text-black">{"You're invited"}</p>
        <p className="mt-4 break-words text-5xl font-bold leading-tight text-black">{title}</p>
        <p className="mt-4 text-2xl text-black">{when}</p>
        {place ? <p className="mt-1 break-words text-2xl text-black">{place}</p> : null}
        <p className="mt-10 text-2xl font-semibold text-black">Scan with your phone camera to join</p>
      </div>
      <div className="mt-4 rounded-control border border-surface-border bg-white p-2 print:mt-6 print:border-0 print:p-0">
        <QRCodeCanvas
          ref={canvas}
          value={link}
          size={240}
          marginSize={4}
          level="M"
          title={label}
          aria-label={label}
          data-testid="invite-qr"
          className="max-w-full print:hidden"
        />
        {/* Printed from the SVG: sharp at any size. */}
        <QRCodeSVG ref={svg} value={link} size={QR_DOWNLOAD_PX} marginSize={4} level="M" title={label} className="hidden size-[9cm] print:block" />
      </div>
      <QRCodeCanvas ref={big} value={link} size={QR_DOWNLOAD_PX} marginSize={4} level="M" aria-hidden="true" data-testid="invite-qr-download" className="hidden" />
      <p className="mt-4 hidden break-all font-mono text-base text-black print:block">{link}</p>
      <div className="mt-4 grid w-full grid-cols-1 gap-2 print:hidden">
        <a href="#" download={`${slug}-invite.png`} onClick={downloadPng} className={cn(linkButton, "bg-brand text-white hover:bg-brand-hover")}>
          Download PNG
        </a>
        <a
          href="#"
          download={`${slug}-invite.svg`}
          onClick={downloadSvg}
          className={cn(linkButton, "border border-surface-border bg-surface text-ink hover:border-brand hover:bg-brand-soft")}
        >
          Download SVG
        </a>
        <Button variant="secondary" onClick={() => window.print()}>
          Print flyer
        </Button>
      </div>
    </section>
  );
}

type Settings = { expiresAt: string | null; maxUses: number | null; uses: number; usesLeft: number | null };

/** Expiry (in the organizer's own zone) and a cap on uses; an empty box removes the limit. */
export function InviteSettingsCard({ eventId, settings }: { eventId: string; settings: Settings }) {
  const zone = useBrowserTimeZone();
  // Remounted once the browser's zone is known, so the expiry shows in local wall-clock time.
  return <InviteSettingsForm key={zone ?? "server"} eventId={eventId} settings={settings} zone={zone} />;
}

function InviteSettingsForm({ eventId, settings, zone }: { eventId: string; settings: Settings; zone: string | null }) {
  const [expires, setExpires] = useState(settings.expiresAt && zone ? utcToZonedLocal(new Date(settings.expiresAt), zone) : "");
  const [maxUses, setMaxUses] = useState(settings.maxUses === null ? "" : String(settings.maxUses));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [note, setNote] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNote(null);
    const local = {} as Record<string, string[]>;
    const at = expires ? new Date(expires) : null; // datetime-local text is read in the browser's zone
    if (at && Number.isNaN(at.getTime())) local.expires_at = ["Enter a date and time, or leave it empty for no expiry."];
    const uses = maxUses.trim() === "" ? null : Number(maxUses);
    if (uses !== null && (!Number.isInteger(uses) || uses < 1)) local.max_uses = ["Enter a whole number of at least 1, or leave it empty for no limit."];
    setErrors(local);
    if (Object.keys(local).length) return;
    startTransition(async () => {
      const result = await inviteSettingsAction({ event_id: eventId, expires_at: at ? at.toISOString() : null, max_uses: uses });
      if (result.ok) {
        setNote({ tone: "success", text: "Link settings saved." });
      } else {
        setErrors(result.fieldErrors ?? {});
        if (!result.fieldErrors?.expires_at && !result.fieldErrors?.max_uses) setNote({ tone: "error", text: result.message });
      }
    });
  }

  return (
    <section aria-labelledby="settings-title" className={cn(cardClass, "print:hidden")}>
      <h2 id="settings-title" className="text-lg font-semibold text-ink">
        Link settings
      </h2>
      <p className="mt-1 text-sm text-ink-muted">
        Used {settings.uses} {settings.uses === 1 ? "time" : "times"}
        {settings.usesLeft !== null ? `, ${settings.usesLeft} ${settings.usesLeft === 1 ? "use" : "uses"} left` : ""}.
      </p>
      <form method="post" onSubmit={submit} noValidate className="mt-4 flex flex-col gap-4">
        {note ? <Alert tone={note.tone}>{note.text}</Alert> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="invite-expires"
            label="Link expires (optional)"
            type="datetime-local"
            hint="In your time zone. Empty: never."
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
            error={errors.expires_at?.[0]}
          />
          <Field
            id="invite-max-uses"
            label="Maximum uses (optional)"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            hint="Empty: no limit."
            value={maxUses}
            onChange={(e) => setMaxUses(e.target.value)}
            error={errors.max_uses?.[0]}
          />
        </div>
        <Button type="submit" variant="secondary" pending={pending} className="self-start">
          Save link settings
        </Button>
      </form>
    </section>
  );
}

/** Emails the invite link (with its QR code) to a list of addresses. */
export function InviteByEmailCard({ eventId }: { eventId: string }) {
  const { form, onSubmit, formError, result, pending } = useActionForm(inviteEmailsSchema, (v) => inviteEmailsAction({ ...v, event_id: eventId }), {
    emails: "",
  });
  const error = form.formState.errors.emails;
  const message = error?.message ?? Object.values((error ?? {}) as Record<string, { message?: string }>).find((e) => e?.message)?.message;
  const sent = result?.ok ? result.data : null;

  // Sent: empty the box for the next batch (the confirmation stays).
  useEffect(() => {
    if (result?.ok) form.reset({ emails: "" });
  }, [result, form]);

  return (
    <section aria-labelledby="email-title" className={cn(cardClass, "print:hidden")}>
      <h2 id="email-title" className="text-lg font-semibold text-ink">
        Invite by email
      </h2>
      <form method="post" onSubmit={onSubmit} noValidate
        className="mt-4 flex flex-col gap-4"
      >
        {formError ? <Alert>{formError}</Alert> : null}
        <div aria-live="polite">
          {sent ? (
            <Alert tone={sent.failed.length ? "info" : "success"}>
              Sent {sent.sent} {sent.sent === 1 ? "invite" : "invites"}.
              {sent.failed.length ? ` Could not send to: ${sent.failed.join(", ")}.` : ""}
            </Alert>
          ) : null}
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor="invite-emails" className="text-sm font-medium text-ink">
            Email addresses
          </label>
          <textarea
            id="invite-emails"
            rows={3}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={message ? true : undefined}
            aria-describedby={idRefs("invite-emails-hint", message && "invite-emails-error")}
            placeholder="ana@example.com, sam@example.com"
            className={cn(
              "w-full rounded-control border bg-surface px-3 py-2 text-base text-ink placeholder:text-ink-subtle",
              message ? "border-danger" : "border-surface-border",
            )}
            {...form.register("emails")}
          />
          <p id="invite-emails-hint" className="text-sm text-ink-muted">
            Separate addresses with commas, spaces or new lines; up to 50 at a time. Each gets the link and its QR code.
          </p>
          {message ? (
            <p id="invite-emails-error" className="text-sm font-medium text-danger">
              {message}
            </p>
          ) : null}
        </div>
        <Button type="submit" variant="secondary" pending={pending} className="self-start">
          Send invites
        </Button>
      </form>
    </section>
  );
}
