import { describe, expect, it } from "vitest";
import type { QuestionDoc } from "@/lib/db/types";
import { Invalid } from "@/lib/errors";
import { answerText, checkAnswers, QUESTIONS_MAX } from "@/lib/events/question-rules";
import { answerCells, answerColumns, answersInputSchema, parseAnswers, questionsSchema } from "@/lib/events/questions";
import { eventFormSchema, eventPatchSchema, joinSchema, rsvpSchema } from "@/lib/events/schema";

// Questions for guests (issue 15 item 3): the host's list, and the guests' answers checked against it.

const QUESTIONS: QuestionDoc[] = [
  { id: "name_tag", kind: "short_text", label: "Name on your badge", required: true },
  { id: "notes", kind: "long_text", label: "Anything else?", required: false },
  { id: "meal", kind: "one_choice", label: "Meal", required: true, choices: ["Vegan", "Fish", "Meat"] },
  { id: "days", kind: "many_choices", label: "Which days?", required: false, choices: ["Fri", "Sat", "Sun"] },
  { id: "rules", kind: "checkbox", label: "I agree to the house rules", required: true },
];

const GOOD = { name_tag: "Ann", meal: "Fish", rules: true };

function refusal(raw: unknown, required = true): Invalid {
  try {
    parseAnswers(QUESTIONS, raw, { required });
  } catch (err) {
    if (err instanceof Invalid) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("questionsSchema (the host's list)", () => {
  it("accepts every kind, keeps given ids and makes ids for new questions", () => {
    const parsed = questionsSchema.parse([
      { id: "keep_me", kind: "short_text", label: "  Badge name ", required: true },
      { kind: "long_text", label: "Notes" },
      { kind: "one_choice", label: "Meal", choices: ["Vegan", "Fish"] },
      { kind: "many_choices", label: "Days", choices: "Fri\n\nSat\r\nSun\n" },
      { kind: "checkbox", label: "I agree to the house rules", required: true, choices: "" },
    ]);
    expect(parsed[0]).toEqual({ id: "keep_me", kind: "short_text", label: "Badge name", required: true });
    expect(parsed[1]).toMatchObject({ kind: "long_text", label: "Notes", required: false });
    expect(parsed[1]).not.toHaveProperty("choices");
    expect(parsed[2]!.choices).toEqual(["Vegan", "Fish"]);
    expect(parsed[3]!.choices).toEqual(["Fri", "Sat", "Sun"]);
    expect(parsed[4]).toMatchObject({ kind: "checkbox", required: true });
    expect(parsed[4]).not.toHaveProperty("choices");
    const ids = parsed.map((q) => q.id);
    expect(new Set(ids).size).toBe(5);
    for (const id of ids.slice(1)) expect(id).toMatch(/^q_[a-z0-9]{10}$/);
  });

  it(`allows at most ${QUESTIONS_MAX} questions`, () => {
    const one = { kind: "short_text", label: "Q" };
    expect(questionsSchema.safeParse(Array(QUESTIONS_MAX).fill(one)).success).toBe(true);
    const r = questionsSchema.safeParse(Array(QUESTIONS_MAX + 1).fill(one));
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe("Ask at most 10 questions.");
  });

  it("limits labels and choices, and refuses choices on the other kinds", () => {
    const message = (q: unknown) => questionsSchema.safeParse([q]).error?.issues[0]?.message;
    expect(message({ kind: "short_text", label: "  " })).toBe("Write the question.");
    expect(message({ kind: "short_text", label: "x".repeat(201) })).toBe("Keep each question under 200 characters.");
    expect(message({ kind: "short_text", label: "ok".repeat(100) })).toBeUndefined();
    expect(message({ kind: "short_text", label: "Line\nbreak" })).toMatch(/line breaks/);
    expect(message({ kind: "one_choice", label: "Meal", choices: ["Only one"] })).toBe("Give 2 to 20 choices, one per line.");
    expect(message({ kind: "one_choice", label: "Meal" })).toBe("Give 2 to 20 choices, one per line.");
    expect(message({ kind: "many_choices", label: "N", choices: Array.from({ length: 21 }, (_, i) => `c${i}`) })).toBe("Give 2 to 20 choices, one per line.");
    expect(message({ kind: "many_choices", label: "N", choices: ["a", "a"] })).toBe("Each choice must be different.");
    expect(message({ kind: "one_choice", label: "N", choices: ["a", "b".repeat(101)] })).toBe("Keep each choice under 100 characters.");
    expect(message({ kind: "short_text", label: "N", choices: ["a", "b"] })).toBe("Only one-choice and several-choice questions have choices.");
    expect(message({ kind: "checkbox", label: "N", choices: ["a", "b"] })).toBe("Only one-choice and several-choice questions have choices.");
    // The form's choices box, left behind by a question whose kind changed, is ignored.
    expect(questionsSchema.parse([{ kind: "short_text", label: "N", choices: "a\nb" }])[0]).not.toHaveProperty("choices");
    expect(message({ kind: "rating", label: "N" })).toMatch(/kind is one of short_text/);
    expect(message({ kind: "short_text", label: "N", id: "$gt" })).toBe("A question id is 1–40 letters, digits, - or _.");
    expect(message({ kind: "short_text", label: "N", required: "yes" })).toBe("required must be true or false.");
    expect(questionsSchema.safeParse({ $gt: "" }).error?.issues[0]?.message).toBe("questions must be a list.");
  });

  it("refuses two questions with the same id", () => {
    const r = questionsSchema.safeParse([
      { id: "a", kind: "short_text", label: "One" },
      { id: "a", kind: "short_text", label: "Two" },
    ]);
    expect(r.error?.issues[0]).toMatchObject({ path: [1, "id"], message: "Two questions have the same id." });
  });

  it("is part of the event form (default none) and of a patch", () => {
    const form = eventFormSchema.parse({ title: "T", starts_at: "2031-01-01T10:00" });
    expect(form.questions).toEqual([]);
    const patch = eventPatchSchema.parse({ questions: [{ kind: "checkbox", label: "I agree", required: true }] }) as { questions?: QuestionDoc[] };
    expect(patch.questions).toHaveLength(1);
    expect(eventPatchSchema.safeParse({ questions: [{ kind: "one_choice", label: "Meal" }] }).success).toBe(false);
  });
});

describe("parseAnswers (a guest's answers against the event's questions)", () => {
  it("keeps the questions' order and only what was answered", () => {
    expect(parseAnswers(QUESTIONS, { rules: true, meal: "Fish", name_tag: "  Ann ", notes: "", days: [] }, { required: true })).toEqual([
      { question_id: "name_tag", value: "Ann" },
      { question_id: "meal", value: "Fish" },
      { question_id: "rules", value: true },
    ]);
    expect(parseAnswers(QUESTIONS, { ...GOOD, notes: "Line one\r\nline two", days: ["Sun", "Fri"] }, { required: true })).toEqual([
      { question_id: "name_tag", value: "Ann" },
      { question_id: "notes", value: "Line one\nline two" },
      { question_id: "meal", value: "Fish" },
      { question_id: "days", value: ["Fri", "Sun"] },
      { question_id: "rules", value: true },
    ]);
  });

  it("asks for every required answer, naming each question", () => {
    const err = refusal({});
    expect(err.status).toBe(400);
    expect(err.fieldErrors).toEqual({
      "answers.name_tag": ["“Name on your badge” needs an answer."],
      "answers.meal": ["Choose an answer for “Meal”."],
      "answers.rules": ["Tick “I agree to the house rules” to continue."],
    });
    expect(err.message).toContain("“Name on your badge” needs an answer.");
    expect(err.message).toContain("Tick “I agree to the house rules” to continue.");
    expect(refusal(undefined).fieldErrors).toHaveProperty("answers.meal");
    expect(refusal({ ...GOOD, rules: false }).fieldErrors).toEqual({ "answers.rules": ["Tick “I agree to the house rules” to continue."] });
    expect(refusal({ ...GOOD, name_tag: "   " }).fieldErrors).toEqual({ "answers.name_tag": ["“Name on your badge” needs an answer."] });
  });

  it("does not ask for required answers when not required (an RSVP of not attending)", () => {
    expect(parseAnswers(QUESTIONS, {}, { required: false })).toEqual([]);
    expect(parseAnswers(QUESTIONS, undefined, { required: false })).toEqual([]);
    expect(parseAnswers([], undefined, { required: true })).toEqual([]);
  });

  it("refuses a choice that is not among the choices", () => {
    expect(refusal({ ...GOOD, meal: "Pizza" }).fieldErrors).toEqual({ "answers.meal": ["Choose one of the listed answers for “Meal”."] });
    expect(refusal({ ...GOOD, meal: "fish" }).fieldErrors).toHaveProperty("answers.meal");
    expect(refusal({ ...GOOD, days: ["Fri", "Mon"] }).fieldErrors).toEqual({ "answers.days": ["Choose only from the listed answers for “Which days?”."] });
    expect(refusal({ ...GOOD, meal: ["Fish"] }).fieldErrors).toEqual({ "answers.meal": ["The answer to “Meal” is not of the right kind."] });
  });

  it("refuses answers to questions the event does not have", () => {
    const err = refusal({ ...GOOD, shoe_size: "42" });
    expect(err.fieldErrors).toEqual({ "answers.shoe_size": ['This event has no question "shoe_size".'] });
    expect(refusal({ ...GOOD, __proto__x: 1 }).fieldErrors).toHaveProperty("answers.__proto__x");
  });

  it("refuses operator-injection-looking input", () => {
    expect(refusal({ $gt: "" }).fieldErrors).toHaveProperty(["answers.$gt"]);
    expect(refusal({ ...GOOD, meal: { $gt: "" } }).fieldErrors).toEqual({ "answers.meal": ["The answer to “Meal” is not of the right kind."] });
    expect(refusal({ ...GOOD, rules: { $ne: false } }).fieldErrors).toEqual({ "answers.rules": ["The answer to “I agree to the house rules” is not of the right kind."] });
    expect(refusal({ ...GOOD, days: [{ $in: ["Fri"] }] }).fieldErrors).toHaveProperty("answers.days");
    expect(refusal([{ question_id: "meal", value: "Fish" }]).fieldErrors).toEqual({ answers: ["Send the answers as an object: {question_id: answer}."] });
    expect(refusal("Fish").fieldErrors).toHaveProperty("answers");
    // The bodies' shape refuses them too, before the event's questions are read.
    expect(answersInputSchema.safeParse({ meal: { $gt: "" } }).success).toBe(false);
    expect(joinSchema.safeParse({ event_id: "e", token: "t", answers: { meal: { $gt: "" } } }).success).toBe(false);
    expect(rsvpSchema.safeParse({ rsvp_status: "attending", answers: [1] }).success).toBe(false);
    expect(rsvpSchema.safeParse({ rsvp_status: "attending", answers: { meal: "Fish", rules: true, days: ["Fri"], notes: null } }).success).toBe(true);
  });

  it("limits text answers", () => {
    expect(parseAnswers(QUESTIONS, { ...GOOD, name_tag: "é".repeat(200) }, { required: true })[0]!.value).toHaveLength(200);
    expect(refusal({ ...GOOD, name_tag: "x".repeat(201) }).fieldErrors).toEqual({ "answers.name_tag": ["Keep the answer to “Name on your badge” under 200 characters."] });
    expect(refusal({ ...GOOD, name_tag: "two\nlines" }).fieldErrors).toEqual({ "answers.name_tag": ["The answer to “Name on your badge” cannot contain control characters or line breaks."] });
    expect(refusal({ ...GOOD, notes: "x".repeat(2001) }).fieldErrors).toEqual({ "answers.notes": ["Keep the answer to “Anything else?” under 2,000 characters."] });
    expect(refusal({ ...GOOD, notes: "bell\u0007" }).fieldErrors).toHaveProperty("answers.notes");
    expect(refusal({ ...GOOD, name_tag: 42 }).fieldErrors).toEqual({ "answers.name_tag": ["The answer to “Name on your badge” is not of the right kind."] });
  });

  it("treats a checkbox answer as a boolean only", () => {
    expect(refusal({ ...GOOD, rules: "true" }).fieldErrors).toHaveProperty("answers.rules");
    const optionalBox: QuestionDoc[] = [{ id: "news", kind: "checkbox", label: "Send me news", required: false }];
    expect(parseAnswers(optionalBox, { news: false }, { required: true })).toEqual([]);
    expect(parseAnswers(optionalBox, { news: true }, { required: true })).toEqual([{ question_id: "news", value: true }]);
  });

  it("gives the same verdict without zod (what the join page checks before sending)", () => {
    expect(checkAnswers(QUESTIONS, { meal: "Pizza" }, { required: true }).errors).toEqual({
      name_tag: "“Name on your badge” needs an answer.",
      meal: "Choose one of the listed answers for “Meal”.",
      rules: "Tick “I agree to the house rules” to continue.",
    });
  });
});

describe("answers in the CSV export", () => {
  it("has one column per question, headed by it, and one line of text per answer", () => {
    expect(answerColumns(QUESTIONS).map((c) => c.header)).toEqual(["Name on your badge", "Anything else?", "Meal", "Which days?", "I agree to the house rules"]);
    expect(answerCells({ meal: "Fish", days: ["Fri", "Sun"], rules: true })).toEqual({ "answer:meal": "Fish", "answer:days": "Fri; Sun", "answer:rules": "Yes" });
    expect(answerText(undefined)).toBe("");
    expect(answerText(false)).toBe("");
  });
});
