import { z } from "zod";
import type { AnswerDoc, QuestionDoc } from "@/lib/db/types";
import { Invalid } from "@/lib/errors";
import { humanText } from "@/lib/text";
import {
  answerText,
  answersById,
  checkAnswers,
  CHOICE_MAX,
  CHOICES_MAX,
  CHOICES_MIN,
  hasChoices,
  LONG_ANSWER_MAX,
  newQuestionId,
  QUESTION_ID,
  QUESTION_KINDS,
  QUESTION_LABEL_MAX,
  QUESTIONS_MAX,
  questionViewOf,
} from "./question-rules";

// Questions for guests (issue 15): the host's list, checked here for the event form and the API,
// and the guests' answers, checked against an event's questions by ./question-rules.ts checkAnswers.

const choiceText = humanText({
  max: CHOICE_MAX,
  label: "A choice",
  typeError: "Each choice must be text.",
  tooLong: `Keep each choice under ${CHOICE_MAX} characters.`,
});

/**
 * Choices as a list, or (the form's textarea) one per line; blank lines are dropped. `typed`: they
 * came as the form's text, which a question of another kind leaves behind unseen (and so is ignored).
 */
const choicesSchema = z
  .union([z.array(z.string()), z.string()], { error: 'Choices are a list, like ["Vegan", "Vegetarian"].' })
  .transform((v) => ({ typed: !Array.isArray(v), list: (Array.isArray(v) ? v : v.split(/\r?\n/)).filter((c) => c.trim() !== "") }))
  .pipe(z.object({ typed: z.boolean(), list: z.array(choiceText) }));

export const questionSchema = z
  .object({
    id: z.union([z.string().regex(QUESTION_ID, "A question id is 1–40 letters, digits, - or _."), z.literal("")]).optional(),
    kind: z.enum(QUESTION_KINDS, { error: `A question's kind is one of ${QUESTION_KINDS.join(", ")}.` }),
    label: humanText({
      max: QUESTION_LABEL_MAX,
      label: "A question",
      typeError: "Write the question.",
      tooLong: `Keep each question under ${QUESTION_LABEL_MAX} characters.`,
    }).min(1, "Write the question."),
    required: z.boolean({ error: "required must be true or false." }).default(false),
    choices: choicesSchema.optional(),
  })
  .superRefine((q, ctx) => {
    const choices = q.choices?.list ?? [];
    if (!hasChoices(q.kind)) {
      if (choices.length > 0 && !q.choices?.typed) ctx.addIssue({ code: "custom", path: ["choices"], message: "Only one-choice and several-choice questions have choices." });
      return;
    }
    if (choices.length < CHOICES_MIN || choices.length > CHOICES_MAX) {
      ctx.addIssue({ code: "custom", path: ["choices"], message: `Give ${CHOICES_MIN} to ${CHOICES_MAX} choices, one per line.` });
    } else if (new Set(choices).size !== choices.length) {
      ctx.addIssue({ code: "custom", path: ["choices"], message: "Each choice must be different." });
    }
  })
  // A question keeps the id it was given (answers point at it); a new one gets one here.
  .transform((q): QuestionDoc => ({ id: q.id || newQuestionId(), kind: q.kind, label: q.label, required: q.required, ...(hasChoices(q.kind) ? { choices: q.choices?.list ?? [] } : {}) }));

export const questionsSchema = z
  .array(questionSchema, { error: "questions must be a list." })
  .max(QUESTIONS_MAX, `Ask at most ${QUESTIONS_MAX} questions.`)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: "Two questions have the same id." });
      seen.add(q.id);
    });
  });
export type QuestionsInput = z.input<typeof questionsSchema>;

/** The body's `answers` (POST …/join, …/rsvp and the forms): the event's own check follows in the service. */
export const answersInputSchema = z
  .record(
    z.string().max(64),
    z.union([z.string().max(LONG_ANSWER_MAX * 8), z.array(z.string().max(CHOICE_MAX * 8)).max(CHOICES_MAX), z.boolean(), z.null()]),
    { error: 'answers must be an object: {"<question_id>": answer}.' },
  )
  .describe(
    "Answers to the event's `questions`, by question id: text for short_text/long_text, one of the choices for one_choice, a list of choices for many_choices, true for a ticked checkbox. Required questions must be answered to join or to RSVP attending or maybe; an RSVP without `answers` keeps the answers given before.",
  );

/**
 * A guest's answers checked against the event's questions (see checkAnswers); a refusal is a 400
 * naming each question, with its message under `answers.<question_id>`.
 */
export function parseAnswers(questions: readonly QuestionDoc[] | undefined, raw: unknown, opts: { required: boolean }): AnswerDoc[] {
  const { answers, errors } = checkAnswers(questions ?? [], raw, opts);
  const messages = Object.values(errors);
  if (messages.length === 0) return answers;
  const fieldErrors = Object.fromEntries(Object.entries(errors).map(([key, message]) => [key ? `answers.${key}` : "answers", [message]]));
  throw new Invalid(messages.join(" "), fieldErrors);
}

/** The guest-list CSV's columns for the questions: one each, headed by the question. */
export function answerColumns(questions: readonly QuestionDoc[] | undefined): { key: string; header: string }[] {
  return (questions ?? []).map((q) => ({ key: `answer:${q.id}`, header: q.label }));
}

/** A guest's answers as CSV cells, keyed like answerColumns. */
export function answerCells(answers: Record<string, AnswerDoc["value"]> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(answers ?? {}).map(([id, value]) => [`answer:${id}`, answerText(value)]));
}

export { answersById, questionViewOf };
