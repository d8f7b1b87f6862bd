"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { z } from "zod";
import { JoinResult } from "@/components/events/join-panel";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { EmailText } from "@/components/ui/email-text";
import { Alert, Field } from "@/components/ui/field";
import { textLink } from "@/components/ui/text-link";
import { displayNameSchema, emailSchema, verifySchema } from "@/lib/auth/schema";
import { joinWithCodeAction, requestJoinCodeAction } from "@/lib/events/actions";
import type { AttendanceStatus } from "@/lib/events/views";

const whoSchema = z.object({ name: displayNameSchema, email: emailSchema });
type Who = z.output<typeof whoSchema>;

type Props = { eventId: string; token: string; isPrivate: boolean; joinUrl: string };

/**
 * Joining while signed out, in two screens: name and email, then the 6-digit code from the email.
 * The code signs the guest in (an account is made on first use) and joins them in one step.
 */
export function GuestJoin({ eventId, token, isPrivate, joinUrl }: Props) {
  const [who, setWho] = useState<Who | null>(null);
  const [status, setStatus] = useState<AttendanceStatus | null>(null);
  const router = useRouter();

  // The action's own re-render still read the request's old (signed-out) cookies: render the page
  // and its header again, signed in.
  function joined(next: AttendanceStatus) {
    setStatus(next);
    router.refresh();
  }

  if (status) return <JoinResult status={status} eventId={eventId} focus />;
  if (who) return <CodeStep who={who} eventId={eventId} token={token} isPrivate={isPrivate} onBack={() => setWho(null)} onJoined={joined} />;
  return <WhoStep initial={who} eventId={eventId} token={token} isPrivate={isPrivate} joinUrl={joinUrl} onSent={setWho} />;
}

function WhoStep({
  initial,
  eventId,
  token,
  isPrivate,
  joinUrl,
  onSent,
}: Omit<Props, "onBack"> & { initial: Who | null; onSent: (who: Who) => void }) {
  const { form, onSubmit, formError, pending } = useActionForm(
    whoSchema,
    async (who) => {
      const result = await requestJoinCodeAction({ event_id: eventId, token, ...who });
      if (result.ok) onSent(who);
      return result;
    },
    initial ?? { name: "", email: "" },
  );
  const { errors } = form.formState;
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <h2 className="text-xl font-bold text-ink">{isPrivate ? "Ask to join" : "Join this event"}</h2>
      {formError ? <Alert>{formError}</Alert> : null}
      <Field id="join-name" label="Your name" autoComplete="name" error={errors.name?.message} {...form.register("name")} />
      <Field
        id="join-email"
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        hint="We'll email you a 6-digit code to confirm it's you. No password needed."
        error={errors.email?.message}
        {...form.register("email")}
      />
      <Button type="submit" pending={pending} className="min-h-14 w-full text-lg">
        {isPrivate ? "Request to join" : "Join event"}
      </Button>
      <p className="text-center text-sm text-ink-muted">
        Have a password?{" "}
        <Link className={textLink} href={`/login?next=${encodeURIComponent(joinUrl)}`}>
          Sign in
        </Link>
      </p>
    </form>
  );
}

const RESEND_SECONDS = 60;

function CodeStep({
  who,
  eventId,
  token,
  isPrivate,
  onBack,
  onJoined,
}: {
  who: Who;
  eventId: string;
  token: string;
  isPrivate: boolean;
  onBack: () => void;
  onJoined: (status: AttendanceStatus) => void;
}) {
  const { form, onSubmit, formError, pending } = useActionForm(
    verifySchema,
    async ({ code }) => {
      const result = await joinWithCodeAction({ event_id: eventId, token, email: who.email, code });
      if (result.ok) onJoined(result.data.status);
      return result;
    },
    { email: who.email, code: "" },
  );
  const { errors } = form.formState;
  const [left, setLeft] = useState(RESEND_SECONDS);
  const [note, setNote] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [resending, setResending] = useState(false);

  useEffect(() => form.setFocus("code"), [form]);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);

  async function resend() {
    setResending(true);
    const result = await requestJoinCodeAction({ event_id: eventId, token, ...who });
    setResending(false);
    setNote(result.ok ? { tone: "success", text: "A new code is on its way. Check your inbox." } : { tone: "error", text: result.message });
    setLeft(result.ok ? RESEND_SECONDS : (result.retryAfter ?? 0));
  }

  return (
    <div className="flex flex-col gap-4">
      <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <h2 className="text-xl font-bold text-ink">Check your email</h2>
        <p className="text-ink">
          We sent a 6-digit code to <EmailText email={who.email} className="font-semibold" />.
        </p>
        {formError ? <Alert>{formError}</Alert> : null}
        <input type="hidden" {...form.register("email")} />
        <Field
          id="join-code"
          label="6-digit code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          hint="It is valid for 10 minutes."
          error={errors.code?.message}
          className="[&_input]:text-center [&_input]:text-2xl [&_input]:tracking-[0.4em]"
          {...form.register("code")}
        />
        <Button type="submit" pending={pending} className="min-h-14 w-full text-lg">
          {isPrivate ? "Confirm and send request" : "Confirm and join"}
        </Button>
      </form>
      <div className="flex flex-col gap-2 border-t border-surface-border pt-4">
        {note ? <Alert tone={note.tone}>{note.text}</Alert> : null}
        <Button variant="secondary" onClick={resend} disabled={left > 0} pending={resending}>
          {left > 0 ? `Send a new code (${left} s)` : "Send a new code"}
        </Button>
        <Button variant="ghost" onClick={onBack}>
          Wrong email? Change it
        </Button>
      </div>
    </div>
  );
}
