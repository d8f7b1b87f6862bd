"use client";

import { useOptimistic, useRef, useState, useTransition } from "react";
import { Button, Spinner } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Alert } from "@/components/ui/field";
import { rsvpAction } from "@/lib/events/actions";
import type { RsvpStatus } from "@/lib/events/schema";
import type { AnswersInput, QuestionView } from "@/lib/events/question-rules";
import { answerErrorsOf, checkAnswersHere, focusFirstAnswer, QuestionsFields } from "@/components/events/join/questions-fields";
import { GuestsField } from "@/components/events/guests-field";

const OPTIONS: { value: RsvpStatus; label: string; icon: string }[] = [
  { value: "attending", label: "Attending", icon: "✓" },
  { value: "maybe", label: "Maybe", icon: "?" },
  { value: "not_attending", label: "Not attending", icon: "✕" },
];

type Result = Awaited<ReturnType<typeof rsvpAction>>;

const partyText = (n: number) => `${n} ${n === 1 ? "guest" : "guests"}`;

/**
 * Three toggle buttons that act like a radio group: the pressed one (aria-pressed) is the answer.
 * The choice shows at once and the last tap wins: taps made while one is saving are not dropped;
 * one request at a time goes out, and when it returns the latest choice follows if it differs from
 * what was saved. A failure rolls the buttons back to the saved answer, with the reason. The page's
 * data (counts, status) follows from the server.
 */
export function RsvpButtons({
  eventId,
  status,
  labelledBy,
  questions = [],
  answers: given = {},
  plusOnesMax = 0,
  guests: givenGuests = 0,
  waiting = false,
}: {
  eventId: string;
  status: RsvpStatus | null;
  labelledBy: string;
  /** The host's questions, answered with a yes or a maybe; `answers`: the guest's own, given before. */
  questions?: QuestionView[];
  answers?: AnswersInput;
  /** Plus-ones: how many the host allows, and how many the guest brings; `waiting`: on the waitlist (a new party keeps the place). */
  plusOnesMax?: number;
  guests?: number;
  waiting?: boolean;
}) {
  const withGuests = plusOnesMax > 0 || givenGuests > 0;
  const [guests, setGuests] = useState(givenGuests);
  const [guestsError, setGuestsError] = useState<string | null>(null);
  // The party for the save loop, and the last one the server took (a refusal goes back to it).
  const latestGuests = useRef(givenGuests);
  const savedGuests = useRef(givenGuests);
  const [answers, setAnswers] = useState<AnswersInput>(given);
  const [answerErrors, setAnswerErrors] = useState<Record<string, string>>({});
  // The latest answers for the save loop, which outlives the render that started it.
  const latestAnswers = useRef(answers);
  const root = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useOptimistic(status);
  const [, startTransition] = useTransition();
  const [sending, setSending] = useState<RsvpStatus | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const wanted = useRef<RsvpStatus | null>(null);
  const saving = useRef<Promise<Result | null> | null>(null);

  /** Sends the latest choice until the last one sent is the latest (one request at a time); the last answer. */
  function saveLatest(): Promise<Result | null> {
    saving.current ??= (async () => {
      let sent: RsvpStatus | null = null;
      let result: Result | null = null;
      while (wanted.current !== null && wanted.current !== sent) {
        sent = wanted.current;
        setSending(sent);
        const withAnswers = questions.length > 0 && sent !== "not_attending";
        result = await rsvpAction({
          event_id: eventId,
          rsvp_status: sent,
          ...(withAnswers ? { answers: latestAnswers.current } : {}),
          ...(withGuests ? { guests: latestGuests.current } : {}),
        });
        if (!result.ok) break;
      }
      wanted.current = null;
      saving.current = null;
      setSending(null);
      return result;
    })();
    return saving.current;
  }

  /** `again`: send the answer already shown (to save changed answers). */
  function choose(value: RsvpStatus, again = false) {
    if (!again && value === (wanted.current ?? shown)) return;
    if (questions.length && value !== "not_attending") {
      const problems = checkAnswersHere(questions, latestAnswers.current);
      setAnswerErrors(problems);
      if (Object.keys(problems).length) {
        setMessage({ tone: "error", text: "Answer the host's questions above first." });
        return focusFirstAnswer(root.current, "rsvp-answer", problems, questions);
      }
    }
    wanted.current = value;
    setMessage(null);
    setGuestsError(null);
    startTransition(async () => {
      setShown(value);
      const result = await saveLatest();
      // Every tap's transition waits for the same save; the first to finish reports it.
      if (!result || wanted.current !== null) return;
      if (!result.ok) setAnswerErrors(answerErrorsOf(result.fieldErrors));
      if (withGuests && result.ok) savedGuests.current = latestGuests.current;
      if (withGuests && !result.ok && latestGuests.current !== savedGuests.current) {
        // The party was refused (too many, or no room for more): the list shows the party kept, the reason beside it.
        latestGuests.current = savedGuests.current;
        setGuests(savedGuests.current);
        setGuestsError(result.fieldErrors?.guests?.[0] ?? result.message);
      }
      if (!result.ok) setMessage({ tone: "error", text: `${result.message} Your answer was not changed.` });
      else if (withGuests && result.data.status === "attending" && latestGuests.current > 0) setMessage({ tone: "success", text: `Saved: Attending, with ${partyText(latestGuests.current)}.` });
      else if (result.data.status === "waitlisted") setMessage({ tone: "success", text: "The event is full: you are on the waitlist." });
      else setMessage({ tone: "success", text: `Saved: ${OPTIONS.find((o) => o.value === result.data.status)?.label ?? "updated"}.` });
    });
  }

  return (
    <div ref={root} className="flex flex-col gap-3">
      {questions.length ? (
        <div className="flex flex-col gap-3 pb-2">
          <p className="text-sm text-ink-muted">The host asks these with your RSVP.</p>
          <QuestionsFields
            questions={questions}
            value={answers}
            onChange={(next) => {
              latestAnswers.current = next;
              setAnswers(next);
            }}
            errors={answerErrors}
            idPrefix="rsvp-answer"
          />
        </div>
      ) : null}
      {withGuests ? (
        <GuestsField
          id="rsvp-guests"
          max={plusOnesMax}
          value={guests}
          error={guestsError}
          onChange={(next) => {
            latestGuests.current = next;
            setGuests(next);
            // An answer already given is saved again with the new party; otherwise it goes with the first tap.
            const answer = wanted.current ?? shown ?? (waiting ? "attending" : null);
            if (answer) choose(answer, true);
          }}
        />
      ) : null}
      <div role="group" aria-labelledby={labelledBy} className="grid grid-cols-1 gap-2 min-[400px]:grid-cols-3">
        {OPTIONS.map((option) => {
          const pressed = shown === option.value;
          return (
            <button
              key={option.value}
              type="button"
              aria-pressed={pressed}
              aria-busy={sending === option.value || undefined}
              onClick={() => choose(option.value)}
              className={cn(
                "inline-flex min-h-12 items-center justify-center gap-2 rounded-control border-2 px-3 font-semibold transition-colors",
                "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand",
                pressed ? "border-brand bg-brand text-white" : "border-surface-border bg-surface text-ink hover:border-brand hover:bg-brand-soft",
              )}
            >
              {sending === option.value ? <Spinner /> : <span aria-hidden="true">{option.icon}</span>}
              {option.label}
            </button>
          );
        })}
      </div>
      {questions.length && (shown === "attending" || shown === "maybe") ? (
        <Button variant="secondary" className="self-start" onClick={() => choose(shown, true)}>
          Save answers
        </Button>
      ) : null}
      <div aria-live="polite">{message ? <Alert tone={message.tone}>{message.text}</Alert> : null}</div>
    </div>
  );
}
