"use client";

import { Controller, useFieldArray, useWatch, type FieldError, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { cn, idRefs } from "@/components/ui/cn";
import { CHOICES_MAX, CHOICES_MIN, hasChoices, QUESTION_KIND_LABELS, QUESTION_KINDS, QUESTIONS_MAX } from "@/lib/events/question-rules";
import type { eventFormSchema, EventFormInput } from "@/lib/events/schema";

type EventForm = UseFormReturn<EventFormInput, unknown, z.output<typeof eventFormSchema>>;
type QuestionErrors = { kind?: FieldError; label?: FieldError; choices?: FieldError; required?: FieldError; id?: FieldError };

const controlClass = (invalid: boolean) =>
  cn("min-h-11 w-full rounded-control border bg-surface px-3 text-base text-ink", invalid ? "border-danger" : "border-surface-border");

function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={id} className="text-sm font-medium text-danger">
      {error}
    </p>
  ) : null;
}

/** A question's errors for the fields the host has left (or all of them once the form was sent). */
function shownErrors(errors: QuestionErrors | undefined, touched: Partial<Record<keyof QuestionErrors, boolean>> | undefined, submitted: boolean): QuestionErrors | undefined {
  if (!errors || submitted) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([key]) => touched?.[key as keyof QuestionErrors])) as QuestionErrors;
}

/**
 * The host's questions for guests (asked when they join or RSVP): up to QUESTIONS_MAX, each of a
 * kind, with its choices one per line for the choice kinds. Each keeps its id across edits (a field
 * of the list, not shown), so the answers already given stay with their question.
 */
export function QuestionsEditor({ form }: { form: EventForm }) {
  // keyName: the questions have an `id` of their own, which must not be replaced by the list's keys.
  const { fields, append, remove } = useFieldArray({ control: form.control, name: "questions", keyName: "key" });
  const values = useWatch({ control: form.control, name: "questions" }) ?? [];
  const listErrors = form.formState.errors.questions as (Record<number, QuestionErrors | undefined> & { message?: string; root?: FieldError }) | undefined;
  const listError = listErrors?.message ?? listErrors?.root?.message;
  // Adding a question validates the list at once (react-hook-form checks an array on each add or
  // remove): a new, empty question's "Write the question." waits until its field was left or the
  // form sent, like every other field's error, so nothing jumps while the host is still typing.
  const touched = form.formState.touchedFields.questions as Record<number, Partial<Record<keyof QuestionErrors, boolean>> | undefined> | undefined;
  const submitted = form.formState.isSubmitted;

  return (
    <fieldset aria-describedby={idRefs("questions-hint", listError && "questions-error")} className="flex flex-col gap-4">
      <legend className="text-base font-semibold text-ink">Questions for guests</legend>
      <p id="questions-hint" className="-mt-2 text-sm text-ink-muted">
        Optional. Guests answer them when they join or RSVP, and you see the answers on the guest list and in the CSV export. Up to {QUESTIONS_MAX}.
      </p>
      {fields.map((field, index) => {
        const prefix = `question-${index}`;
        const errors = shownErrors(listErrors?.[index], touched?.[index], submitted);
        const kind = values[index]?.kind ?? field.kind;
        return (
          <fieldset key={field.key} data-testid="question" className="flex flex-col gap-3 rounded-card border border-surface-border bg-surface-sunken/40 p-4">
            <legend className="sr-only">Question {index + 1}</legend>
            <div className="flex items-center justify-between gap-3">
              <p aria-hidden="true" className="text-sm font-semibold text-ink">
                Question {index + 1}
              </p>
              <Button variant="ghost" size="sm" onClick={() => remove(index)} aria-label={`Remove question ${index + 1}`}>
                Remove
              </Button>
            </div>
            <div className="flex flex-col gap-1.5">
              <label htmlFor={`${prefix}-label`} className="text-sm font-medium text-ink">
                Question
              </label>
              <input
                id={`${prefix}-label`}
                autoComplete="off"
                aria-invalid={errors?.label ? true : undefined}
                aria-describedby={errors?.label ? `${prefix}-label-error` : undefined}
                className={controlClass(!!errors?.label)}
                {...form.register(`questions.${index}.label`)}
              />
              <ErrorText id={`${prefix}-label-error`} error={errors?.label?.message} />
            </div>
            <div className="flex flex-col gap-1.5">
              <label htmlFor={`${prefix}-kind`} className="text-sm font-medium text-ink">
                Answer type
              </label>
              <select
                id={`${prefix}-kind`}
                aria-invalid={errors?.kind ? true : undefined}
                aria-describedby={errors?.kind ? `${prefix}-kind-error` : undefined}
                className={controlClass(!!errors?.kind)}
                {...form.register(`questions.${index}.kind`)}
              >
                {QUESTION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {QUESTION_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
              <ErrorText id={`${prefix}-kind-error`} error={errors?.kind?.message} />
            </div>
            {hasChoices(kind) ? (
              <div className="flex flex-col gap-1.5">
                <label htmlFor={`${prefix}-choices`} className="text-sm font-medium text-ink">
                  Choices
                </label>
                <textarea
                  id={`${prefix}-choices`}
                  rows={4}
                  aria-invalid={errors?.choices ? true : undefined}
                  aria-describedby={idRefs(`${prefix}-choices-hint`, errors?.choices && `${prefix}-choices-error`)}
                  className={cn(controlClass(!!errors?.choices), "py-2")}
                  {...form.register(`questions.${index}.choices`)}
                />
                <p id={`${prefix}-choices-hint`} className="text-sm text-ink-muted">
                  One per line, {CHOICES_MIN} to {CHOICES_MAX}.
                </p>
                <ErrorText id={`${prefix}-choices-error`} error={errors?.choices?.message} />
              </div>
            ) : null}
            <label htmlFor={`${prefix}-required`} className="flex min-h-11 cursor-pointer items-center gap-3 text-ink">
              {/* Controlled: an uncontrolled checkbox in the list lost its tick when the answer type changed. */}
              <Controller
                control={form.control}
                name={`questions.${index}.required`}
                render={({ field: box }) => (
                  <input
                    id={`${prefix}-required`}
                    type="checkbox"
                    className="h-5 w-5 shrink-0 accent-brand"
                    name={box.name}
                    ref={box.ref}
                    checked={box.value === true}
                    onChange={(e) => box.onChange(e.target.checked)}
                    onBlur={box.onBlur}
                  />
                )}
              />
              {kind === "checkbox" ? "Guests must tick it" : "Guests must answer"}
            </label>
          </fieldset>
        );
      })}
      {fields.length < QUESTIONS_MAX ? (
        <Button
          variant="secondary"
          className="self-start"
          onClick={() => append({ kind: "short_text", label: "", required: false, choices: "" }, { focusName: `questions.${fields.length}.label` })}
        >
          Add a question
        </Button>
      ) : (
        <p className="text-sm text-ink-muted">That is the most questions an event can ask.</p>
      )}
      <ErrorText id="questions-error" error={listError} />
    </fieldset>
  );
}
