"use client";

import { Link } from "@/components/ui/link";
import { useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/field";
import type { AttendanceStatus } from "@/lib/events/views";
import { joinEventAction } from "@/lib/events/actions";
import type { AnswersInput, QuestionView } from "@/lib/events/question-rules";
import { answerErrorsOf, checkAnswersHere, focusFirstAnswer, QuestionsFields } from "@/components/events/join/questions-fields";
import { GuestsField } from "@/components/events/guests-field";

const RESULT: Record<AttendanceStatus, { title: string; body: string }> = {
  attending: { title: "You're going!", body: "You're on the guest list. See you there." },
  waitlisted: { title: "You're on the waitlist", body: "The event is full. Seats go to the waitlist in order, and we'll email you if you get one." },
  pending: { title: "Request sent — waiting for the host's approval", body: "This is a private event. You'll see it under My events, and can RSVP once the host lets you in." },
  maybe: { title: "You're on the guest list as Maybe", body: "You can change your answer on the event page." },
  not_attending: { title: "You said you're not going", body: "Changed your mind? Answer again on the event page." },
};

/** The outcome of joining, or the membership the visitor already had. Focus moves to it once it appears. */
export function JoinResult({ status, eventId, focus = false }: { status: AttendanceStatus; eventId: string; focus?: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [focus]);
  const { title, body } = RESULT[status];
  return (
    <div className="flex flex-col gap-4">
      <div className={status === "attending" ? "rounded-card border border-success/40 bg-success-soft p-4" : "rounded-card border border-brand/30 bg-brand-soft p-4"}>
        <h2 ref={heading} tabIndex={-1} className="text-xl font-bold text-ink focus:outline-none">
          {title}
        </h2>
        <p className="mt-1 text-ink">{body}</p>
      </div>
      <Link
        href={`/events/${eventId}`}
        className="inline-flex min-h-12 w-full items-center justify-center rounded-control bg-brand px-4 text-lg font-semibold text-white hover:bg-brand-hover"
      >
        Go to the event page
      </Link>
    </div>
  );
}

/** "Join event": one large button; the answer replaces it (the page is not reloaded, so a one-use link stays answered). */
export function JoinButton({
  eventId,
  token,
  isPrivate,
  questions = [],
  plusOnesMax = 0,
}: {
  eventId: string;
  token: string;
  isPrivate: boolean;
  questions?: QuestionView[];
  plusOnesMax?: number;
}) {
  const [status, setStatus] = useState<AttendanceStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [answers, setAnswers] = useState<AnswersInput>({});
  const [answerErrors, setAnswerErrors] = useState<Record<string, string>>({});
  const [guests, setGuests] = useState(0);
  const [guestsError, setGuestsError] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);

  if (status) return <JoinResult status={status} eventId={eventId} focus />;

  function join(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setGuestsError(null);
    const local = questions.length ? checkAnswersHere(questions, answers) : {};
    setAnswerErrors(local);
    if (Object.keys(local).length) return focusFirstAnswer(form.current, "join-answer", local, questions);
    startTransition(async () => {
      const result = await joinEventAction({ event_id: eventId, token, ...(questions.length ? { answers } : {}), ...(plusOnesMax ? { guests } : {}) });
      if (result.ok) return setStatus(result.data.status);
      const party = result.fieldErrors?.guests?.[0];
      if (party) return setGuestsError(party);
      const server = answerErrorsOf(result.fieldErrors);
      setAnswerErrors(server);
      if (Object.keys(server).length) focusFirstAnswer(form.current, "join-answer", server, questions);
      else setError(result.message);
    });
  }

  // A form (not a lone button) so that Enter in an answer joins too.
  return (
    <form ref={form} method="post" onSubmit={join} noValidate className="flex flex-col gap-3">
      {questions.length ? (
        <>
          <h2 className="text-lg font-semibold text-ink">A few questions from the host</h2>
          <QuestionsFields questions={questions} value={answers} onChange={setAnswers} errors={answerErrors} idPrefix="join-answer" />
        </>
      ) : null}
      <GuestsField id="join-guests" max={plusOnesMax} value={guests} onChange={setGuests} error={guestsError} />
      {error ? <Alert>{error}</Alert> : null}
      <Button type="submit" pending={pending} className="min-h-14 w-full text-lg">
        Join event
      </Button>
      <p className="text-center text-sm text-ink-muted">
        {isPrivate ? "This is a private event: the host approves each guest." : "You'll be added to the guest list as attending."}
      </p>
    </form>
  );
}
