"use client";

import { cn, idRefs } from "@/components/ui/cn";
import { checkAnswers, type AnswersInput, type AnswerValue, type QuestionView } from "@/lib/events/question-rules";

// The host's questions as a guest answers them, on the join page and with an RSVP. Controlled and
// free of zod and react-hook-form (the join page loads neither): lib/events/question-rules.ts checks
// the answers here as the server does, and the server's messages land beside the same fields.

type Props = {
  questions: QuestionView[];
  value: AnswersInput;
  onChange: (next: AnswersInput) => void;
  /** Messages by question id. */
  errors: Record<string, string>;
  /** Keeps the ids apart when a page has the fields twice. */
  idPrefix: string;
};

/** The messages of a failed action by question id (its field errors are named `answers.<id>`). */
export function answerErrorsOf(fieldErrors: Record<string, string[]> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, messages] of Object.entries(fieldErrors ?? {})) {
    if (name.startsWith("answers.") && messages[0]) out[name.slice("answers.".length)] = messages[0];
  }
  return out;
}

/** The answers' problems before sending (required ones unanswered, too long, …), by question id. */
export function checkAnswersHere(questions: QuestionView[], value: AnswersInput): Record<string, string> {
  return checkAnswers(questions, value, { required: true }).errors;
}

/** Focuses the first question with a problem. */
export function focusFirstAnswer(root: HTMLElement | null, idPrefix: string, errors: Record<string, string>, questions: QuestionView[]) {
  const first = questions.find((q) => errors[q.id]);
  if (first) root?.querySelector<HTMLElement>(`[data-question="${idPrefix}-${first.id}"]`)?.focus();
}

const boxClass = (invalid: boolean) =>
  cn("w-full rounded-control border bg-surface px-3 text-base text-ink", invalid ? "border-danger" : "border-surface-border");

const optional = <span className="font-normal text-ink-muted"> (optional)</span>;

export function QuestionsFields({ questions, value, onChange, errors, idPrefix }: Props) {
  const set = (id: string, answer: AnswerValue) => onChange({ ...value, [id]: answer });
  return (
    <div className="flex flex-col gap-5">
      {questions.map((q) => {
        const id = `${idPrefix}-${q.id}`;
        const error = errors[q.id];
        const errorId = `${id}-error`;
        const errorText = error ? (
          <p id={errorId} className="text-sm font-medium text-danger">
            {error}
          </p>
        ) : null;
        const current = value[q.id];
        const common = { "aria-invalid": error ? true : undefined, "aria-describedby": error ? errorId : undefined, "data-question": id } as const;

        if (q.kind === "short_text" || q.kind === "long_text") {
          const text = typeof current === "string" ? current : "";
          return (
            <div key={q.id} className="flex flex-col gap-1.5">
              <label htmlFor={id} className="break-words text-sm font-medium text-ink">
                {q.label}
                {q.required ? null : optional}
              </label>
              {q.kind === "short_text" ? (
                <input id={id} name={id} autoComplete="off" required={q.required} className={cn(boxClass(!!error), "min-h-11")} value={text} onChange={(e) => set(q.id, e.target.value)} {...common} />
              ) : (
                <textarea id={id} name={id} rows={3} required={q.required} className={cn(boxClass(!!error), "py-2")} value={text} onChange={(e) => set(q.id, e.target.value)} {...common} />
              )}
              {errorText}
            </div>
          );
        }

        if (q.kind === "checkbox") {
          return (
            <div key={q.id} className="flex flex-col gap-1.5">
              <label htmlFor={id} className="flex min-h-11 cursor-pointer items-start gap-3 text-ink">
                <input
                  id={id}
                  type="checkbox"
                  required={q.required}
                  className="mt-0.5 h-5 w-5 shrink-0 accent-brand"
                  checked={current === true}
                  onChange={(e) => set(q.id, e.target.checked)}
                  {...common}
                />
                <span className="break-words">
                  {q.label}
                  {q.required ? null : optional}
                </span>
              </label>
              {errorText}
            </div>
          );
        }

        // One choice: radios; several: checkboxes. The group is the fieldset, named by its legend.
        const many = q.kind === "many_choices";
        const chosen = many ? (Array.isArray(current) ? current : []) : typeof current === "string" ? current : "";
        return (
          <fieldset key={q.id} aria-describedby={idRefs(many && `${id}-hint`, error && errorId) || undefined} className="flex flex-col gap-1">
            <legend className="mb-1 break-words text-sm font-medium text-ink">
              {q.label}
              {q.required ? null : optional}
            </legend>
            {many ? (
              <p id={`${id}-hint`} className="text-sm text-ink-muted">
                Choose any that apply.
              </p>
            ) : null}
            {(q.choices ?? []).map((choice, i) => (
              <label key={choice} htmlFor={`${id}-${i}`} className="flex min-h-11 cursor-pointer items-center gap-3 text-ink">
                <input
                  id={`${id}-${i}`}
                  name={id}
                  type={many ? "checkbox" : "radio"}
                  value={choice}
                  className="h-5 w-5 shrink-0 accent-brand"
                  checked={many ? (chosen as string[]).includes(choice) : chosen === choice}
                  data-question={i === 0 ? id : undefined}
                  onChange={(e) => {
                    if (!many) return set(q.id, choice);
                    const list = chosen as string[];
                    set(q.id, e.target.checked ? [...list, choice] : list.filter((c) => c !== choice));
                  }}
                />
                <span className="break-words">{choice}</span>
              </label>
            ))}
            {errorText}
          </fieldset>
        );
      })}
    </div>
  );
}
