import { z } from "zod";
import { emailSchema } from "@/lib/auth/schema";

// Whom the owner names as a co-host: an account, by its email or its username (issue 15).

export const COHOSTS_MAX = 10;

const WHO_MISSING = "Enter the email or username of the person to add.";

/** The API's body: `{email}` or `{username}`, exactly one. */
export const cohostAddSchema = z
  .object({
    email: emailSchema.optional(),
    username: z.string({ error: "The username must be text." }).trim().min(1, WHO_MISSING).max(40, "No username is that long.").optional(),
  })
  .strict()
  .refine((v) => (v.email === undefined) !== (v.username === undefined), { message: "Give either an email or a username.", path: ["email"] });

export type CohostAdd = z.infer<typeof cohostAddSchema>;

/** The form's single field: anything with an "@" is an email, the rest a username ("@ana" is ana). */
export function cohostAddOf(who: string): CohostAdd {
  const value = who.trim();
  if (/^@?[^@\s]+$/.test(value)) return { username: value.replace(/^@/, "") };
  return { email: value };
}
