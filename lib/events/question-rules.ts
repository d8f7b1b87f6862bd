import type { AnswerDoc, QuestionDoc, QuestionKind } from "@/lib/db/types";
import { hasControlCharacters, hasLoneSurrogate, MAX_UNITS_PER_CHARACTER, textLength, unifyNewlines } from "@/lib/characters";

// Questions for guests and the checking of their answers, without zod: the join page (which loads
// no zod) checks with it before sending, and the server (./questions.ts parseAnswers) decides with
// the same function, so both say the same thing.

export type { QuestionKind };
/** A question as pages and the API show it (no ids other than its own stable one). */
export type QuestionView = { id: string; kind: QuestionKind; label: string; required: boolean; choices?: string[] };
/** Answers as forms and the API send them: by question id. Empty, false or null means unanswered. */
export type AnswerValue = string | string[] | boolean | null;
export type AnswersInput = Record<string, AnswerValue>;

export const QUESTION_KINDS = ["short_text", "long_text", "one_choice", "many_choices", "checkbox"] as const satisfies readonly QuestionKind[];
export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  short_text: "Short answer",
  long_text: "Long answer",
  one_choice: "One choice",
  many_choices: "Several choices",
  checkbox: "Checkbox (e.g. I agree to the house rules)",
};
export const QUESTIONS_MAX = 10;
export const QUESTION_LABEL_MAX = 200;
export const CHOICES_MIN = 2;
export const CHOICES_MAX = 20;
export const CHOICE_MAX = 100;
export const SHORT_ANSWER_MAX = 200;
export const LONG_ANSWER_MAX = 2000;
/** Question ids: generated ones look like "q_k3v9x2m1ab"; an API client may keep its own of this shape. */
export const QUESTION_ID = /^[A-Za-z0-9_-]{1,40}$/;

export function questionViewOf(q: QuestionDoc): QuestionView {
  return { id: q.id, kind: q.kind, label: q.label, required: q.required, ...(q.choices ? { choices: [...q.choices] } : {}) };
}

/** What the event form edits of a question: its choices one per line. */
export type QuestionFormValue = { id?: string; kind: QuestionKind; label: string; required?: boolean; choices?: string | string[] };

export function questionFormValueOf(q: QuestionDoc): QuestionFormValue {
  return { id: q.id, kind: q.kind, label: q.label, required: q.required, choices: (q.choices ?? []).join("\n") };
}

export const hasChoices = (kind: QuestionKind): boolean => kind === "one_choice" || kind === "many_choices";

/** A new stable id (crypto.getRandomValues works on plain-http pages too, unlike randomUUID). */
export function newQuestionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return `q_${Array.from(bytes, (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("")}`;
}

/** The question as messages name it: quoted, and cut short when long. */
export function quoted(label: string): string {
  const chars = [...label];
  return `“${chars.length > 60 ? `${chars.slice(0, 57).join("")}…` : label}”`;
}

function textProblem(value: string, q: QuestionDoc, max: number, multiline: boolean): string | null {
  if (hasLoneSurrogate(value)) return `The answer to ${quoted(q.label)} contains a broken character.`;
  if (hasControlCharacters(value, multiline)) return `The answer to ${quoted(q.label)} cannot contain control characters${multiline ? "" : " or line breaks"}.`;
  if (value.length > max * MAX_UNITS_PER_CHARACTER || textLength(value) > max) return `Keep the answer to ${quoted(q.label)} under ${max.toLocaleString("en-US")} characters.`;
  return null;
}

/** One answer → its stored value, null when unanswered, or the problem with it. */
function checkOne(q: QuestionDoc, raw: unknown): { value: AnswerDoc["value"] | null } | { error: string } {
  const wrongType = { error: `The answer to ${quoted(q.label)} is not of the right kind.` };
  if (raw === undefined || raw === null) return { value: null };
  switch (q.kind) {
    case "short_text":
    case "long_text": {
      if (typeof raw !== "string") return wrongType;
      const long = q.kind === "long_text";
      const value = (long ? unifyNewlines(raw) : raw).normalize("NFC").trim();
      const problem = textProblem(value, q, long ? LONG_ANSWER_MAX : SHORT_ANSWER_MAX, long);
      return problem ? { error: problem } : { value: value || null };
    }
    case "one_choice": {
      if (typeof raw !== "string") return wrongType;
      if (raw === "") return { value: null };
      return q.choices?.includes(raw) ? { value: raw } : { error: `Choose one of the listed answers for ${quoted(q.label)}.` };
    }
    case "many_choices": {
      const list = typeof raw === "string" ? (raw ? [raw] : []) : raw;
      if (!Array.isArray(list) || list.length > CHOICES_MAX || !list.every((c) => typeof c === "string")) return wrongType;
      if (!list.every((c) => q.choices?.includes(c))) return { error: `Choose only from the listed answers for ${quoted(q.label)}.` };
      // Kept in the host's order, each once.
      const chosen = (q.choices ?? []).filter((c) => list.includes(c));
      return { value: chosen.length ? chosen : null };
    }
    case "checkbox":
      if (typeof raw !== "boolean") return wrongType;
      return { value: raw || null };
  }
}

function missingMessage(q: QuestionDoc): string {
  if (q.kind === "checkbox") return `Tick ${quoted(q.label)} to continue.`;
  if (hasChoices(q.kind)) return `Choose an answer for ${quoted(q.label)}.`;
  return `${quoted(q.label)} needs an answer.`;
}

export type AnswerCheck = { answers: AnswerDoc[]; errors: Record<string, string> };

/**
 * A guest's answers checked against the event's questions: each answer is of its question's kind,
 * a choice is one of its choices, text is within its length, and (with `required`) every required
 * question is answered — a required checkbox ticked. Answers to questions the event does not have
 * are refused. `errors` is keyed by question id (or by the unknown key); `answers` keeps the
 * questions' order and only what was answered.
 */
export function checkAnswers(questions: readonly QuestionDoc[], raw: unknown, { required }: { required: boolean }): AnswerCheck {
  const errors: Record<string, string> = {};
  const answers: AnswerDoc[] = [];
  if (raw !== undefined && raw !== null && (typeof raw !== "object" || Array.isArray(raw))) {
    return { answers, errors: { "": "Send the answers as an object: {question_id: answer}." } };
  }
  const given = (raw ?? {}) as Record<string, unknown>;
  const known = new Set(questions.map((q) => q.id));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) errors[key] = `This event has no question ${JSON.stringify(key.slice(0, 40))}.`;
  }
  for (const q of questions) {
    const result = checkOne(q, Object.hasOwn(given, q.id) ? given[q.id] : undefined);
    if ("error" in result) errors[q.id] = result.error;
    else if (result.value !== null) answers.push({ question_id: q.id, value: result.value });
    else if (required && q.required) errors[q.id] = missingMessage(q);
  }
  return { answers, errors };
}

/** Stored answers back to the shape forms and the API send: by question id. */
export function answersById(answers: readonly AnswerDoc[] | undefined): Record<string, AnswerDoc["value"]> {
  const out: Record<string, AnswerDoc["value"]> = {};
  for (const a of answers ?? []) out[a.question_id] = a.value;
  return out;
}

/** An answer as one line of text (the guest list, the CSV export): choices joined, a ticked box "Yes". */
export function answerText(value: AnswerDoc["value"] | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "boolean") return value ? "Yes" : "";
  return Array.isArray(value) ? value.join("; ") : value;
}
