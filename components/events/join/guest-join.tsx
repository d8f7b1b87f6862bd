"use client";

import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { JoinResult } from "@/components/events/join-panel";
import { Button } from "@/components/ui/button";
import { EmailText } from "@/components/ui/email-text";
import { Alert, Field } from "@/components/ui/field";
import { textLink } from "@/components/ui/text-link";
import { CODE_INVALID, DISPLAY_NAME_MAX, EMAIL_INVALID, EMAIL_MISSING, EMAIL_TOO_LONG, NAME_MISSING, NAME_TOO_LONG } from "@/lib/auth/messages";
import { joinWithCodeAction, requestJoinCodeAction } from "@/lib/events/actions";
import type { AttendanceStatus } from "@/lib/events/views";
import type { AnswersInput, QuestionView } from "@/lib/events/question-rules";
import { GuestsField } from "@/components/events/guests-field";
import { answerErrorsOf, checkAnswersHere, focusFirstAnswer, QuestionsFields } from "./questions-fields";

// The page a phone camera opens: this form checks the obvious by hand instead of loading zod and
// react-hook-form (about 46 KiB gzipped); the server's schemas decide, and their field errors land
// beside the fields the same way.

type Who = { name: string; email: string };
type Errors = Partial<Record<"name" | "email" | "code", string>>;
type Failure = { ok: false; message: string; fieldErrors?: Record<string, string[]>; retryAfter?: number };

/** Field errors from a failed action, and the form-level message when no field claims it. */
function errorsOf(failure: Failure, fields: Array<keyof Errors>): { errors: Errors; message: string | null } {
  const errors: Errors = {};
  for (const field of fields) {
    const first = failure.fieldErrors?.[field]?.[0];
    if (first) errors[field] = first;
  }
  return { errors, message: Object.keys(errors).length ? null : failure.message };
}

function checkWho({ name, email }: Who): Errors {
  const errors: Errors = {};
  const trimmedName = name.trim();
  if (!trimmedName) errors.name = NAME_MISSING;
  else if ([...trimmedName].length > DISPLAY_NAME_MAX) errors.name = NAME_TOO_LONG;
  const trimmedEmail = email.trim();
  if (!trimmedEmail) errors.email = EMAIL_MISSING;
  else if (trimmedEmail.length > 254) errors.email = EMAIL_TOO_LONG;
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmedEmail)) errors.email = EMAIL_INVALID;
  return errors;
}

/** Focuses the first field with an error, as the other forms do. */
function focusFirst(form: HTMLFormElement | null, errors: Errors) {
  const first = (["name", "email", "code"] as const).find((f) => errors[f]);
  if (first) form?.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
}

type Props = { eventId: string; token: string; isPrivate: boolean; joinUrl: string; questions?: QuestionView[]; plusOnesMax?: number };
/**
 * The host's questions and the guest's plus-ones, chosen on the first screen and sent with the code
 * (the join itself).
 */
type Answering = {
  questions: QuestionView[];
  answers: AnswersInput;
  onAnswers: (answers: AnswersInput) => void;
  plusOnesMax: number;
  guests: number;
  onGuests: (guests: number) => void;
};

/**
 * Joining while signed out, in two screens: name and email, then the 6-digit code from the email.
 * The code signs the guest in (an account is made on first use) and joins them in one step.
 */
export function GuestJoin({ eventId, token, isPrivate, joinUrl, questions = [], plusOnesMax = 0 }: Props) {
  const [who, setWho] = useState<Who>({ name: "", email: "" });
  const [answers, setAnswers] = useState<AnswersInput>({});
  const [guests, setGuests] = useState(0);
  const answering: Answering = { questions, answers, onAnswers: setAnswers, plusOnesMax, guests, onGuests: setGuests };
  const extras = { ...(questions.length ? { answers } : {}), ...(plusOnesMax ? { guests } : {}) };
  const [step, setStep] = useState<"who" | "code">("who");
  const [status, setStatus] = useState<AttendanceStatus | null>(null);
  const router = useRouter();

  // The action's own re-render still read the request's old (signed-out) cookies: render the page
  // and its header again, signed in.
  function joined(next: AttendanceStatus) {
    setStatus(next);
    router.refresh();
  }

  if (status) return <JoinResult status={status} eventId={eventId} focus />;
  if (step === "code") return <CodeStep who={who} eventId={eventId} token={token} isPrivate={isPrivate} onBack={() => setStep("who")} onJoined={joined} extras={extras} />;
  return <WhoStep who={who} onChange={setWho} eventId={eventId} token={token} isPrivate={isPrivate} joinUrl={joinUrl} onSent={() => setStep("code")} {...answering} />;
}

function WhoStep({
  who,
  onChange,
  eventId,
  token,
  isPrivate,
  joinUrl,
  onSent,
  questions,
  answers,
  onAnswers,
  plusOnesMax,
  guests,
  onGuests,
}: Omit<Props, "questions" | "plusOnesMax"> & Answering & { who: Who; onChange: (who: Who) => void; onSent: () => void }) {
  const [errors, setErrors] = useState<Errors>({});
  const [guestsError, setGuestsError] = useState<string | null>(null);
  const [answerErrors, setAnswerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const local = checkWho(who);
    const localAnswers = questions.length ? checkAnswersHere(questions, answers) : {};
    setErrors(local);
    setAnswerErrors(localAnswers);
    if (Object.keys(local).length) return focusFirst(form.current, local);
    if (Object.keys(localAnswers).length) return focusFirstAnswer(form.current, "guest-answer", localAnswers, questions);
    setPending(true);
    const result = await requestJoinCodeAction({
      event_id: eventId,
      token,
      name: who.name,
      email: who.email,
      ...(questions.length ? { answers } : {}),
      ...(plusOnesMax ? { guests } : {}),
    });
    setPending(false);
    if (result.ok) return onSent();
    const { errors: server, message } = errorsOf(result, ["name", "email"]);
    const serverAnswers = answerErrorsOf(result.fieldErrors);
    const party = result.fieldErrors?.guests?.[0] ?? null;
    setErrors(server);
    setAnswerErrors(serverAnswers);
    setGuestsError(party);
    setFormError(Object.keys(serverAnswers).length || party ? null : message);
    focusFirst(form.current, server);
    if (!Object.keys(server).length) focusFirstAnswer(form.current, "guest-answer", serverAnswers, questions);
  }

  return (
    <form ref={form} method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <h2 className="text-xl font-bold text-ink">{isPrivate ? "Ask to join" : "Join this event"}</h2>
      {formError ? <Alert>{formError}</Alert> : null}
      <Field id="join-name" name="name" label="Your name" autoComplete="name" value={who.name} onChange={(e) => onChange({ ...who, name: e.target.value })} error={errors.name} />
      <Field
        id="join-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        hint="We'll email you a 6-digit code to confirm it's you. No password needed."
        value={who.email}
        onChange={(e) => onChange({ ...who, email: e.target.value })}
        error={errors.email}
      />
      <GuestsField id="guest-join-guests" max={plusOnesMax} value={guests} onChange={onGuests} error={guestsError} />
      {questions.length ? <QuestionsFields questions={questions} value={answers} onChange={onAnswers} errors={answerErrors} idPrefix="guest-answer" /> : null}
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
  extras,
}: {
  /** The answers and plus-ones from the first screen, for the join. */
  extras: { answers?: AnswersInput; guests?: number };
  who: Who;
  eventId: string;
  token: string;
  isPrivate: boolean;
  onBack: () => void;
  onJoined: (status: AttendanceStatus) => void;
}) {
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [left, setLeft] = useState(RESEND_SECONDS);
  const [note, setNote] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [resending, setResending] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const digits = code.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(digits)) {
      setError(CODE_INVALID);
      return input.current?.focus();
    }
    setError(null);
    setPending(true);
    const result = await joinWithCodeAction({ event_id: eventId, token, email: who.email, code: digits, ...extras });
    setPending(false);
    if (result.ok) return onJoined(result.data.status);
    const { errors, message } = errorsOf(result, ["code"]);
    setError(errors.code ?? null);
    setFormError(message);
    if (errors.code) input.current?.focus();
  }

  async function resend() {
    setResending(true);
    // The same answers and party as the first request: the action checks them again before it mails.
    const result = await requestJoinCodeAction({ event_id: eventId, token, name: who.name, email: who.email, ...extras });
    setResending(false);
    setNote(result.ok ? { tone: "success", text: "A new code is on its way. Check your inbox." } : { tone: "error", text: result.message });
    setLeft(result.ok ? RESEND_SECONDS : (result.retryAfter ?? 0));
  }

  return (
    <div className="flex flex-col gap-4">
      <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
        <h2 className="text-xl font-bold text-ink">Check your email</h2>
        <p className="text-ink">
          We sent a 6-digit code to <EmailText email={who.email.trim()} className="font-semibold" />.
        </p>
        {formError ? <Alert>{formError}</Alert> : null}
        <Field
          ref={input}
          id="join-code"
          name="code"
          label="6-digit code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          hint="It is valid for 10 minutes."
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={error ?? undefined}
          className="[&_input]:text-center [&_input]:text-2xl [&_input]:tracking-[0.4em]"
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
